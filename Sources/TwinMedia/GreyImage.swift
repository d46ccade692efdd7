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
