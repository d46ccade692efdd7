internal import Foundation

/// The TIFF structure that holds a photo's EXIF tags: the body of a JPEG `APP1 Exif` segment or of a
/// PNG `eXIf` chunk. Both the orientation check and capture-time ordering read their tags from it.
struct ExifBlock: Sendable {
    /// One IFD entry: its type, count and the 4-byte value field (a value, or an offset to it).
    struct Entry {
        let type: Int
        let count: Int
        let value: Int
        /// Where the value field starts, for values of 4 bytes or fewer stored inline.
        let valueFieldOffset: Int
    }

    private let bytes: [UInt8]
    private let littleEndian: Bool

    /// Parses the TIFF header; nil when `tiff` is not a TIFF structure.
    init?(tiff: ArraySlice<UInt8>) {
        bytes = Array(tiff)
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        guard u16(2) == 42 else { return nil }
    }

    /// The entries of the first IFD (IFD0), where `Orientation` and the EXIF pointer live.
    var ifd0: [Int: Entry] { u32(4).map(entries(at:)) ?? [:] }

    /// The entries of the EXIF sub-IFD (pointed to by tag 0x8769), where `DateTimeOriginal` lives.
    var exifIFD: [Int: Entry] { ifd0[0x8769].map { entries(at: $0.value) } ?? [:] }

    /// A SHORT value stored inline (e.g. Orientation).
    func short(_ entry: Entry) -> Int? {
        entry.type == 3 ? u16(entry.valueFieldOffset) : nil
    }

    /// An ASCII value up to its first NUL.
    func ascii(_ entry: Entry) -> String? {
        guard entry.type == 2, entry.count > 0, entry.count < 4096 else { return nil }
        let start = entry.count <= 4 ? entry.valueFieldOffset : entry.value
        guard start >= 0, start + entry.count <= bytes.count else { return nil }
        return String(bytes: bytes[start..<(start + entry.count)].prefix { $0 != 0 }, encoding: .ascii)
    }

    private func entries(at offset: Int) -> [Int: Entry] {
        guard let count = u16(offset) else { return [:] }
        var result: [Int: Entry] = [:]
        for index in 0..<count {
            let position = offset + 2 + index * 12
            guard let tag = u16(position), let type = u16(position + 2),
                  let count = u32(position + 4), let value = u32(position + 8) else { break }
            result[tag] = Entry(type: type, count: count, value: value, valueFieldOffset: position + 8)
        }
        return result
    }

    private func u16(_ offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let a = Int(bytes[offset]), b = Int(bytes[offset + 1])
        return littleEndian ? a | b << 8 : a << 8 | b
    }

    private func u32(_ offset: Int) -> Int? {
        guard let low = u16(littleEndian ? offset : offset + 2),
              let high = u16(littleEndian ? offset + 2 : offset) else { return nil }
        return high << 16 | low
    }
}

extension ExifBlock {
    /// The EXIF block of a JPEG or PNG file, read without decoding the image: JPEG `APP1 Exif`
    /// segments before the first scan, or the PNG `eXIf` chunk wherever it stands (writers put it
    /// before or after the image data; chunks are walked by seeking). Nil when there is none.
    static func read(path: String) -> ExifBlock? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let magic = read(handle, 2) else { return nil }
        if magic == [0xFF, 0xD8] { return readJPEG(handle) }
        if magic == [0x89, 0x50], read(handle, 6) == [0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return readPNG(handle) }
        return nil
    }

    private static func read(_ handle: FileHandle, _ count: Int) -> [UInt8]? {
        guard let data = try? handle.read(upToCount: count), data.count == count else { return nil }
        return [UInt8](data)
    }

    private static func readJPEG(_ handle: FileHandle) -> ExifBlock? {
        // Markers before the frame header are few; a cap keeps a hostile file from looping long.
        for _ in 0..<64 {
            guard var header = read(handle, 2), header[0] == 0xFF else { return nil }
            while header[1] == 0xFF { // fill bytes
                guard let next = read(handle, 1) else { return nil }
                header[1] = next[0]
            }
            let marker = header[1]
            if marker == 0xD9 || marker == 0xDA { return nil } // end of image, start of scan
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }
            guard let lengthBytes = read(handle, 2) else { return nil }
            let length = Int(lengthBytes[0]) << 8 | Int(lengthBytes[1])
            guard length >= 2 else { return nil }
            if marker == 0xE1 {
                guard let body = read(handle, length - 2) else { return nil }
                if body.starts(with: Array("Exif\0\0".utf8)) { return ExifBlock(tiff: body[6...]) }
            } else {
                guard (try? handle.seek(toOffset: handle.offsetInFile + UInt64(length - 2))) != nil else { return nil }
            }
        }
        return nil
    }

    private static func readPNG(_ handle: FileHandle) -> ExifBlock? {
        var offset: UInt64 = 8
        for _ in 0..<100_000 {
            guard (try? handle.seek(toOffset: offset)) != nil, let header = read(handle, 8) else { return nil }
            let length = header[0..<4].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let type = String(decoding: header[4..<8], as: UTF8.self)
            if type == "IEND" { return nil }
            if type == "eXIf" {
                guard length <= 1 << 20, let body = read(handle, Int(length)) else { return nil }
                return ExifBlock(tiff: body[...])
            }
            offset += 12 + length // length, type, data, CRC
        }
        return nil
    }
}
