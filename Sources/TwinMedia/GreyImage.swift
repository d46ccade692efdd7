internal import CFFmpeg
internal import CTwinShims

/// A picture of packed 8-bit pixels, `channels` bytes each: the geometry greyscale and colour pictures share.
protocol PixelRaster: Sendable {
    /// Bytes a pixel: 1 for grey, 3 for RGB.
    static var channels: Int { get }
    var width: Int { get }
    var height: Int { get }
    var pixels: [UInt8] { get }
    init(width: Int, height: Int, pixels: [UInt8])
}

extension PixelRaster {
    /// The picture as a viewer shows it under an EXIF orientation (1–8; mirrors included).
    func displayed(under orientation: ExifOrientation) -> Self {
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
    func turned(clockwise degrees: Int) -> Self {
        switch degrees {
        case 90: displayed(under: ExifOrientation(6))
        case 180: displayed(under: ExifOrientation(3))
        case 270: displayed(under: ExifOrientation(8))
        default: self
        }
    }

    /// The picture area-averaged down to `longSide` on its long side (itself when already no larger).
    func shrunk(toLongSide longSide: Int) -> Self {
        guard max(width, height) > longSide, longSide > 0 else { return self }
        var copy = pixels
        var size = (width: UInt32(width), height: UInt32(height))
        copy.withUnsafeMutableBufferPointer { buffer in
            _ = twin_pixels_shrink(buffer.baseAddress, &size.width, &size.height, UInt32(Self.channels), UInt32(clamping: longSide))
        }
        return Self(width: Int(size.width), height: Int(size.height),
                    pixels: Array(copy.prefix(Int(size.width) * Int(size.height) * Self.channels)))
    }

    /// The part of the picture in the given box, clipped to the picture (itself when the box misses it).
    func cropped(left: Int, top: Int, width boxWidth: Int, height boxHeight: Int) -> Self {
        let x0 = max(0, left), y0 = max(0, top)
        let x1 = min(width, left &+ max(0, boxWidth)), y1 = min(height, top &+ max(0, boxHeight))
        guard x1 > x0, y1 > y0 else { return self }
        return remapped(width: x1 - x0, height: y1 - y0) { x, y in (x + x0, y + y0) }
    }

    /// A new picture whose pixel (x, y) is this one's pixel at `source(x, y)`.
    private func remapped(width newWidth: Int, height newHeight: Int, source: (Int, Int) -> (Int, Int)) -> Self {
        let channels = Self.channels
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * channels)
        pixels.withUnsafeBufferPointer { from in
            out.withUnsafeMutableBufferPointer { to in
                for y in 0..<newHeight {
                    for x in 0..<newWidth {
                        let (sx, sy) = source(x, y)
                        let target = (y * newWidth + x) * channels, origin = (sy * width + sx) * channels
                        for channel in 0..<channels { to[target + channel] = from[origin + channel] }
                    }
                }
            }
        }
        return Self(width: newWidth, height: newHeight, pixels: out)
    }
}

/// An 8-bit greyscale picture at the working size the face checks use (rows packed).
struct GreyImage: PixelRaster {
    static let channels = 1
    var width: Int
    var height: Int
    var pixels: [UInt8]

    subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// The picture with `horizontally` columns added left and right and `vertically` rows above and below, in its
    /// mean grey (a flat border adds no edge the face detector could take for a face's outline).
    func padded(horizontally: Int, vertically: Int) -> GreyImage {
        let padX = max(0, horizontally), padY = max(0, vertically)
        let newWidth = width + 2 * padX, newHeight = height + 2 * padY
        let mean = pixels.isEmpty ? 128 : UInt8(pixels.reduce(0) { $0 + Int($1) } / pixels.count)
        var out = [UInt8](repeating: mean, count: newWidth * newHeight)
        pixels.withUnsafeBufferPointer { from in
            out.withUnsafeMutableBufferPointer { to in
                for y in 0..<height {
                    (to.baseAddress! + (y + padY) * newWidth + padX).update(from: from.baseAddress! + y * width, count: width)
                }
            }
        }
        return GreyImage(width: newWidth, height: newHeight, pixels: out)
    }
}

extension GreyImage {
    /// The luma of a decoded video picture, box-averaged to about `longSide`: any 1-16-bit YUV, grey or RGB
    /// layout, limited or full range, with HLG and PQ tone-mapped to an SDR-like luma (the C shim's
    /// `twin_frame_luma`). Nil for a picture it cannot read (hardware surfaces, float, Bayer, palette formats):
    /// ``pixelFormatName(of:)`` names the format for the finding.
    init?(luma frame: UnsafeMutablePointer<AVFrame>, longSide: Int) {
        guard let decoded = Self.decoded(frame, longSide: longSide, colour: false) else { return nil }
        self = decoded.grey
    }

    /// The luma as ``init(luma:longSide:)`` makes it and, when `colour` is set, the picture in colour at the same
    /// size for the report (the C shim's `twin_frame_rgb`, which keeps the luma's tone mapping); the colour copy is
    /// the grey one in three channels when the frame's chroma cannot be read.
    static func decoded(_ frame: UnsafeMutablePointer<AVFrame>, longSide: Int,
                        colour: Bool) -> (grey: GreyImage, colour: ColourImage?)? {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { return nil }
        var pixels = [UInt8](repeating: 0, count: width * height)
        let converted = pixels.withUnsafeMutableBufferPointer { out in
            twin_frame_luma(frame, out.baseAddress, out.count) == 0
        }
        guard converted else { return nil }
        let grey = GreyImage(width: width, height: height, pixels: pixels).shrunk(toLongSide: longSide)
        guard colour else { return (grey, nil) }
        var rgb = [UInt8](repeating: 0, count: grey.width * grey.height * 3)
        let coloured = pixels.withUnsafeBufferPointer { luma in
            rgb.withUnsafeMutableBufferPointer { out in
                twin_frame_rgb(frame, luma.baseAddress, UInt32(grey.width), UInt32(grey.height), out.baseAddress) == 0
            }
        }
        return (grey, coloured ? ColourImage(width: grey.width, height: grey.height, pixels: rgb) : ColourImage(grey: grey))
    }

    /// The name FFmpeg gives a decoded picture's pixel format (`yuv420p10le`).
    static func pixelFormatName(of frame: UnsafeMutablePointer<AVFrame>) -> String {
        String(cString: twin_frame_pixel_format_name(frame))
    }
}
