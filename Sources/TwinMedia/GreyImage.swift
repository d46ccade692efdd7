internal import CFFmpeg
internal import CTwinShims

/// An 8-bit greyscale picture at the working size the face checks use (rows packed).
struct GreyImage: Sendable {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// The picture as a viewer shows it under an EXIF orientation (1–8; mirrors included).
    func displayed(under orientation: ExifOrientation) -> GreyImage {
        let w = width, h = height
        switch orientation.value {
        case 2: return remapped(width: w, height: h) { x, y in (w - 1 - x, y) }
        case 3: return remapped(width: w, height: h) { x, y in (w - 1 - x, h - 1 - y) }
        case 4: return remapped(width: w, height: h) { x, y in (x, h - 1 - y) }
        case 5: return remapped(width: h, height: w) { x, y in (y, x) }
        case 6: return remapped(width: h, height: w) { x, y in (y, h - 1 - x) }
        case 7: return remapped(width: h, height: w) { x, y in (w - 1 - y, h - 1 - x) }
        case 8: return remapped(width: h, height: w) { x, y in (w - 1 - y, x) }
        default: return self
        }
    }

    /// The picture turned clockwise by 90, 180 or 270 degrees (other values leave it as it is).
    func turned(clockwise degrees: Int) -> GreyImage {
        switch degrees {
        case 90: displayed(under: ExifOrientation(6))
        case 180: displayed(under: ExifOrientation(3))
        case 270: displayed(under: ExifOrientation(8))
        default: self
        }
    }

    /// The picture area-averaged down to `longSide` on its long side (itself when already no larger).
    func shrunk(toLongSide longSide: Int) -> GreyImage {
        guard max(width, height) > longSide, longSide > 0 else { return self }
        var copy = pixels
        var size = (width: width, height: height)
        copy.withUnsafeMutableBufferPointer { buffer in
            var picture = twin_grey_image(pixels: buffer.baseAddress, width: UInt32(width), height: UInt32(height))
            _ = twin_grey_shrink(&picture, UInt32(clamping: longSide))
            size = (Int(picture.width), Int(picture.height))
        }
        return GreyImage(width: size.width, height: size.height, pixels: Array(copy.prefix(size.width * size.height)))
    }

    /// A new picture whose pixel (x, y) is this one's pixel at `source(x, y)`.
    private func remapped(width newWidth: Int, height newHeight: Int, source: (Int, Int) -> (Int, Int)) -> GreyImage {
        var out = [UInt8](repeating: 0, count: newWidth * newHeight)
        pixels.withUnsafeBufferPointer { from in
            out.withUnsafeMutableBufferPointer { to in
                for y in 0..<newHeight {
                    for x in 0..<newWidth {
                        let (sx, sy) = source(x, y)
                        to[y * newWidth + x] = from[sy * width + sx]
                    }
                }
            }
        }
        return GreyImage(width: newWidth, height: newHeight, pixels: out)
    }
}

extension GreyImage {
    /// The luma plane of an 8-bit YUV (or grey) video picture, box-averaged to about `longSide`;
    /// nil for other pixel formats (10-bit, RGB), which the face checks then skip.
    init?(luma frame: UnsafeMutablePointer<AVFrame>, longSide: Int) {
        let formats: Set<Int32> = [
            AV_PIX_FMT_YUV420P.rawValue, AV_PIX_FMT_YUVJ420P.rawValue, AV_PIX_FMT_YUV422P.rawValue,
            AV_PIX_FMT_YUVJ422P.rawValue, AV_PIX_FMT_YUV444P.rawValue, AV_PIX_FMT_YUVJ444P.rawValue,
            AV_PIX_FMT_NV12.rawValue, AV_PIX_FMT_NV21.rawValue, AV_PIX_FMT_GRAY8.rawValue,
        ]
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height), stride = Int(frame.pointee.linesize.0)
        guard formats.contains(frame.pointee.format), width > 0, height > 0, stride >= width,
              let plane = frame.pointee.data.0 else { return nil }
        var pixels = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            for row in 0..<height {
                (out.baseAddress! + row * width).update(from: plane + row * stride, count: width)
            }
        }
        var shrunk = (width: width, height: height)
        pixels.withUnsafeMutableBufferPointer { buffer in
            var picture = twin_grey_image(pixels: buffer.baseAddress, width: UInt32(width), height: UInt32(height))
            _ = twin_grey_shrink(&picture, UInt32(clamping: longSide))
            shrunk = (Int(picture.width), Int(picture.height))
        }
        self.init(width: shrunk.width, height: shrunk.height, pixels: Array(pixels.prefix(shrunk.width * shrunk.height)))
    }
}
