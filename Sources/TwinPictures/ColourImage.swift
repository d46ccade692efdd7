/// A picture in colour (8-bit R, G, B packed) at the size of the grey copy the checks use: the HTML report's
/// thumbnails are made from it, never a verdict.
package struct ColourImage: PixelRaster {
    package static let channels = 3
    package var width: Int
    package var height: Int
    package var pixels: [UInt8]

    package init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A grey picture in three equal channels, for media whose colour could not be read.
    package init(grey: GreyImage) {
        var pixels = [UInt8](repeating: 0, count: grey.pixels.count * 3)
        for (index, value) in grey.pixels.enumerated() {
            pixels[3 * index] = value
            pixels[3 * index + 1] = value
            pixels[3 * index + 2] = value
        }
        self.init(width: grey.width, height: grey.height, pixels: pixels)
    }
}

/// A decoded picture at working size: grey for the checks, and in colour when the report is collected.
package struct WorkingPicture: Sendable {
    package var grey: GreyImage
    package var colour: ColourImage?

    package init(grey: GreyImage, colour: ColourImage?) {
        self.grey = grey
        self.colour = colour
    }

    /// Both copies turned clockwise by 90, 180 or 270 degrees.
    package func turned(clockwise degrees: Int) -> WorkingPicture {
        WorkingPicture(grey: grey.turned(clockwise: degrees), colour: colour?.turned(clockwise: degrees))
    }
}
