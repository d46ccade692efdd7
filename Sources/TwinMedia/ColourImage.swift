/// A picture in colour (8-bit R, G, B packed) at the size of the grey copy the checks use: the HTML report's
/// thumbnails are made from it, never a verdict.
struct ColourImage: PixelRaster {
    static let channels = 3
    var width: Int
    var height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A grey picture in three equal channels, for media whose colour could not be read.
    init(grey: GreyImage) {
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
struct WorkingPicture: Sendable {
    var grey: GreyImage
    var colour: ColourImage?

    /// Both copies turned clockwise by 90, 180 or 270 degrees.
    func turned(clockwise degrees: Int) -> WorkingPicture {
        WorkingPicture(grey: grey.turned(clockwise: degrees), colour: colour?.turned(clockwise: degrees))
    }
}
