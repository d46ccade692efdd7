/// An 8-bit greyscale picture at the working size the face checks use (rows packed).
package struct GreyImage: PixelRaster {
    package static let channels = 1
    package var width: Int
    package var height: Int
    package var pixels: [UInt8]

    package init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    package subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// The picture with `horizontally` columns added left and right and `vertically` rows above and below, in its
    /// mean grey (a flat border adds no edge the face detector could take for a face's outline).
    package func padded(horizontally: Int, vertically: Int) -> GreyImage {
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
