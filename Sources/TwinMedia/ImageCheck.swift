internal import CTwinShims
// Imported for their module maps' `link` lines: the shim calls libjpeg and libpng.
internal import CJPEG
internal import CPNG

/// The result of running a still image through libjpeg or libpng (header, pixel guard, full decode).
struct ImageCheck: Sendable {
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
    static func run(path: String, format: ContentFormat, maxPixels: Int) -> ImageCheck {
        var info = twin_image_info()
        let limit = UInt64(max(0, maxPixels))
        let status = format == .png
            ? twin_png_check(path, limit, 1, &info)
            : twin_jpeg_check(path, limit, 1, &info)
        return ImageCheck(status: status, info: info)
    }

    /// The same check in the same single decode, keeping a greyscale copy of the stored picture
    /// with a long side of about `longSide` (nil unless the status is `.ok`).
    static func runKeepingGrey(path: String, format: ContentFormat, maxPixels: Int,
                               longSide: Int) -> (check: ImageCheck, grey: GreyImage?) {
        var info = twin_image_info()
        var decoded = twin_grey_image()
        let limit = UInt64(max(0, maxPixels))
        let side = UInt32(clamping: max(1, longSide))
        let status = format == .png
            ? twin_png_decode_grey(path, limit, side, &info, &decoded)
            : twin_jpeg_decode_grey(path, limit, side, &info, &decoded)
        defer { twin_grey_free(&decoded) }
        var grey: GreyImage?
        if status == TWIN_IMAGE_OK, let pixels = decoded.pixels, decoded.width > 0, decoded.height > 0 {
            let count = Int(decoded.width) * Int(decoded.height)
            grey = GreyImage(width: Int(decoded.width), height: Int(decoded.height),
                             pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
        }
        return (ImageCheck(status: status, info: info), grey)
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
