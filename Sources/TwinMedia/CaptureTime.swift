public import Foundation

/// When a photo was taken, from its EXIF `DateTimeOriginal` (and `SubSecTimeOriginal`).
///
/// EXIF stores local time without a zone, so capture times compare only within one camera's
/// photos, which is what ordering one session's poses needs.
public struct CaptureTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `YYYY:MM:DD HH:MM:SS`, as EXIF writes it.
    public let dateTime: String
    /// The fraction of the second, as digits (`"25"` is 0.25 s); empty when absent.
    public let subsecond: String

    public init(dateTime: String, subsecond: String = "") {
        self.dateTime = dateTime
        self.subsecond = subsecond
    }

    public var description: String { subsecond.isEmpty ? dateTime : "\(dateTime).\(subsecond)" }

    public static func < (lhs: CaptureTime, rhs: CaptureTime) -> Bool {
        if lhs.dateTime != rhs.dateTime { return lhs.dateTime < rhs.dateTime }
        // Fractions compare digit by digit once padded to the same length: "5" (0.5) > "45" (0.45).
        let width = max(lhs.subsecond.count, rhs.subsecond.count)
        func padded(_ digits: String) -> String { digits + String(repeating: "0", count: width - digits.count) }
        return padded(lhs.subsecond) < padded(rhs.subsecond)
    }

    /// Reads the capture time of a JPEG (APP1 `Exif`) or PNG (`eXIf` chunk); nil when the file has
    /// none or is not readable. Only the EXIF block is read, never the image data.
    public static func read(from file: URL) -> CaptureTime? {
        ExifBlock.read(path: file.path).flatMap(parse)
    }

    static func parse(_ block: ExifBlock) -> CaptureTime? {
        let exif = block.exifIFD
        guard let original = exif[0x9003], let dateTime = block.ascii(original),
              dateTime.count == 19, !dateTime.hasPrefix("0000") else { return nil }
        var subsecond = ""
        if let sub = exif[0x9291], let text = block.ascii(sub) {
            subsecond = String(text.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && $0.isNumber })
        }
        return CaptureTime(dateTime: dateTime, subsecond: subsecond)
    }
}
