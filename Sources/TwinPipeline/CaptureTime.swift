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
    /// none or is not readable. Only the start of the file is read.
    public static func read(from file: URL) -> CaptureTime? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 256 * 1024), head.count >= 8 else { return nil }
        let bytes = [UInt8](head)
        if bytes.starts(with: [0xFF, 0xD8]) {
            // APP segments precede the image data and are at most 64 KiB each: the head holds EXIF.
            return jpegTIFFBlock(in: bytes).flatMap(parseTIFF)
        }
        if bytes.starts(with: pngSignature) {
            return pngTIFFBlock(handle).flatMap(parseTIFF)
        }
        return nil
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The TIFF structure inside a JPEG's APP1 `Exif` segment.
    static func jpegTIFFBlock(in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xDA || marker == 0xD9 { return nil }  // image data: no EXIF came before it
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2 else { return nil }
            let start = offset + 4
            let end = min(offset + 2 + length, bytes.count)
            if marker == 0xE1, end - start > 6, Array(bytes[start..<start + 6]) == Array("Exif\0\0".utf8) {
                return bytes[(start + 6)..<end]
            }
            offset += 2 + length
        }
        return nil
    }

    /// The TIFF structure inside a PNG's `eXIf` chunk. Writers put it before or after the image
    /// data, so the chunks are walked by seeking, without reading the image data.
    static func pngTIFFBlock(_ handle: FileHandle) -> ArraySlice<UInt8>? {
        var offset: UInt64 = 8
        for _ in 0..<100_000 {
            guard (try? handle.seek(toOffset: offset)) != nil,
                  let header = try? handle.read(upToCount: 8), header.count == 8 else { return nil }
            let bytes = [UInt8](header)
            let length = UInt64(bytes[0]) << 24 | UInt64(bytes[1]) << 16 | UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            let type = String(decoding: bytes[4..<8], as: UTF8.self)
            if type == "IEND" { return nil }
            if type == "eXIf" {
                guard length <= 1 << 20, let data = try? handle.read(upToCount: Int(length)) else { return nil }
                return [UInt8](data)[...]
            }
            offset += 12 + length  // length, type, data, CRC
        }
        return nil
    }

    static func parseTIFF(_ tiff: ArraySlice<UInt8>) -> CaptureTime? {
        let block = Array(tiff)
        guard block.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (block[0], block[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return nil
        }
        guard readUInt16(block[...], 2, bigEndian: bigEndian) == 42,
              let ifd0 = readUInt32(block[...], 4, bigEndian: bigEndian) else { return nil }
        let zeroth = entries(block, at: Int(ifd0), bigEndian: bigEndian)
        guard let exifPointer = zeroth[0x8769]?.valueOffset else { return nil }
        let exif = entries(block, at: Int(exifPointer), bigEndian: bigEndian)
        guard let original = exif[0x9003], let dateTime = ascii(original, in: block, bigEndian: bigEndian),
              dateTime.count == 19, !dateTime.hasPrefix("0000") else { return nil }
        var subsecond = ""
        if let sub = exif[0x9291], let text = ascii(sub, in: block, bigEndian: bigEndian) {
            subsecond = String(text.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && $0.isNumber })
        }
        return CaptureTime(dateTime: dateTime, subsecond: subsecond)
    }

    private struct Entry {
        let type: UInt16
        let count: UInt32
        let valueOffset: UInt32
        let entryOffset: Int
    }

    private static func entries(_ block: [UInt8], at offset: Int, bigEndian: Bool) -> [UInt16: Entry] {
        guard let count = readUInt16(block[...], offset, bigEndian: bigEndian) else { return [:] }
        var result: [UInt16: Entry] = [:]
        for index in 0..<Int(count) {
            let position = offset + 2 + index * 12
            guard let tag = readUInt16(block[...], position, bigEndian: bigEndian),
                  let type = readUInt16(block[...], position + 2, bigEndian: bigEndian),
                  let count = readUInt32(block[...], position + 4, bigEndian: bigEndian),
                  let value = readUInt32(block[...], position + 8, bigEndian: bigEndian) else { break }
            result[tag] = Entry(type: type, count: count, valueOffset: value, entryOffset: position + 8)
        }
        return result
    }

    private static func ascii(_ entry: Entry, in block: [UInt8], bigEndian: Bool) -> String? {
        guard entry.type == 2, entry.count > 0, entry.count < 4096 else { return nil }
        let count = Int(entry.count)
        let start = count <= 4 ? entry.entryOffset : Int(entry.valueOffset)
        guard start >= 0, start + count <= block.count else { return nil }
        let bytes = block[start..<(start + count)].prefix { $0 != 0 }
        return String(bytes: bytes, encoding: .ascii)
    }
}

private func readUInt16(_ bytes: ArraySlice<UInt8>, _ offset: Int, bigEndian: Bool) -> UInt16? {
    let base = bytes.startIndex + offset
    guard offset >= 0, base + 2 <= bytes.endIndex else { return nil }
    let a = UInt16(bytes[base]), b = UInt16(bytes[base + 1])
    return bigEndian ? a << 8 | b : b << 8 | a
}

private func readUInt32(_ bytes: ArraySlice<UInt8>, _ offset: Int, bigEndian: Bool) -> UInt32? {
    guard let high = readUInt16(bytes, bigEndian ? offset : offset + 2, bigEndian: bigEndian),
          let low = readUInt16(bytes, bigEndian ? offset + 2 : offset, bigEndian: bigEndian) else { return nil }
    return UInt32(high) << 16 | UInt32(low)
}
