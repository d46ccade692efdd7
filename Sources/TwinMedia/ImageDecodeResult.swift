internal import CTwinShims
internal import TwinPictures
// Imported for their module maps' `link` lines: the shim calls libjpeg and libpng.
internal import CJPEG
internal import CPNG

/// The result of running a still image through libjpeg or libpng (header, pixel guard, full decode).
struct ImageDecodeResult: Sendable {
    enum Status: Sendable { case ok, unreadable, corrupt, tooLarge }

    var status: Status
    var width: Int
    var height: Int
    /// Warnings from the library (libjpeg reports a cut-off scan as one).
    var warnings: Int
    /// Rows the decoder produced (0 when the pixel guard stopped it before decoding).
    var rowsDecoded: Int
    /// The library's own words about the first problem, if any.
    var message: String
    /// A four-channel CMYK or YCCK JPEG (decoded through RGB to luma; viewers often shift its colours).
    var isCMYK = false
    /// That CMYK is stored inverted, as Adobe writes it (an APP14 marker).
    var isInvertedCMYK = false

    /// Reads the header and, unless it claims more than `maxPixels`, decodes every row.
    static func run(path: String, format: ContentFormat, maxPixels: Int) -> ImageDecodeResult {
        var info = twin_image_info()
        let limit = UInt64(max(0, maxPixels))
        let status = format == .png
            ? twin_png_check(path, limit, 1, &info)
            : twin_jpeg_check(path, limit, 1, &info)
        return ImageDecodeResult(status: status, info: info)
    }

    /// The same check in the same single decode, keeping a greyscale copy of the stored picture
    /// with a long side of about `longSide` (nil unless the status is `.ok`), and with `colour` a colour copy of the
    /// same size for the report: from the same decode for a JPEG, from a second one for a PNG (the grey copy in three
    /// channels when a PNG is too large to hold in colour).
    static func runKeepingGrey(path: String, format: ContentFormat, maxPixels: Int, longSide: Int,
                               colour: Bool = false) -> (check: ImageDecodeResult, grey: GreyImage?, colour: ColourImage?) {
        var info = twin_image_info()
        var decoded = twin_grey_image()
        var rgb = twin_rgb_image()
        let limit = UInt64(max(0, maxPixels))
        let side = UInt32(clamping: max(1, longSide))
        let status = switch (format, colour) {
        case (.png, _): twin_png_decode_grey(path, limit, side, &info, &decoded)
        case (_, true): twin_jpeg_decode_grey_rgb(path, limit, side, &info, &decoded, &rgb)
        case (_, false): twin_jpeg_decode_grey(path, limit, side, &info, &decoded)
        }
        defer {
            twin_grey_free(&decoded)
            twin_rgb_free(&rgb)
        }
        guard status == TWIN_IMAGE_OK, let pixels = decoded.pixels, decoded.width > 0, decoded.height > 0 else {
            return (ImageDecodeResult(status: status, info: info), nil, nil)
        }
        let grey = GreyImage(width: Int(decoded.width), height: Int(decoded.height),
                             pixels: Array(UnsafeBufferPointer(start: pixels, count: Int(decoded.width) * Int(decoded.height))))
        var coloured: ColourImage?
        if colour, format == .png {
            var pngInfo = twin_image_info()
            if twin_png_decode_rgb(path, limit, side, &pngInfo, &rgb) != TWIN_IMAGE_OK { twin_rgb_free(&rgb) }
        }
        if colour, let pixels = rgb.pixels, rgb.width == decoded.width, rgb.height == decoded.height {
            coloured = ColourImage(width: grey.width, height: grey.height,
                                   pixels: Array(UnsafeBufferPointer(start: pixels, count: grey.width * grey.height * 3)))
        } else if colour {
            coloured = ColourImage(grey: grey)
        }
        return (ImageDecodeResult(status: status, info: info), grey, coloured)
    }

    private init(status: twin_image_status, info: twin_image_info) {
        let message = withUnsafeBytes(of: info.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let mapped: Status = switch status {
        case TWIN_IMAGE_OK: .ok
        case TWIN_IMAGE_TOO_LARGE: .tooLarge
        case TWIN_IMAGE_UNREADABLE: .unreadable
        default: .corrupt
        }
        self.init(status: mapped, width: Int(info.width), height: Int(info.height),
                  warnings: Int(info.warnings), rowsDecoded: Int(info.rows_decoded), message: message)
        isCMYK = info.cmyk != 0
        isInvertedCMYK = info.cmyk_inverted != 0
    }

    init(status: Status, width: Int, height: Int, warnings: Int, rowsDecoded: Int, message: String) {
        self.status = status
        self.width = width
        self.height = height
        self.warnings = warnings
        self.rowsDecoded = rowsDecoded
        self.message = message
    }
}
