internal import CTwinPixels

/// A picture of packed 8-bit pixels, `channels` bytes each: the geometry greyscale and colour pictures share.
package protocol PixelRaster: Sendable {
    /// Bytes a pixel: 1 for grey, 3 for RGB.
    static var channels: Int { get }
    var width: Int { get }
    var height: Int { get }
    var pixels: [UInt8] { get }
    init(width: Int, height: Int, pixels: [UInt8])
}

extension PixelRaster {
    /// The picture as a viewer shows it under an EXIF orientation (1–8; mirrors included).
    package func displayed(under orientation: ExifOrientation) -> Self {
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
    package func turned(clockwise degrees: Int) -> Self {
        switch degrees {
        case 90: displayed(under: ExifOrientation(6))
        case 180: displayed(under: ExifOrientation(3))
        case 270: displayed(under: ExifOrientation(8))
        default: self
        }
    }

    /// The picture area-averaged down to `longSide` on its long side (itself when already no larger).
    package func shrunk(toLongSide longSide: Int) -> Self {
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
    package func cropped(left: Int, top: Int, width boxWidth: Int, height boxHeight: Int) -> Self {
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
