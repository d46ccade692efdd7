internal import Foundation

/// An EXIF `Orientation` value (tag 0x0112) and what display does with it.
struct ExifOrientation: Hashable, Sendable {
    /// 1–8; 0 and out-of-range values are read as 1 (no change), as viewers do.
    let value: Int

    init(_ raw: Int) { value = (1...8).contains(raw) ? raw : 1 }

    /// The clockwise turn display applies: 3, 4 → 180; 6, 7 → 90; 5, 8 → 270.
    var clockwiseRotation: Int {
        switch value {
        case 3, 4: 180
        case 6, 7: 90
        case 5, 8: 270
        default: 0
        }
    }

    /// Whether display also mirrors the picture (2, 4, 5, 7).
    var mirrored: Bool { [2, 4, 5, 7].contains(value) }

    /// Values 5–8 swap width and height.
    var swapsAxes: Bool { value >= 5 }

    /// Reads the Orientation tag from a TIFF structure (the body of an `Exif\0\0` APP1 segment or of
    /// a PNG `eXIf` chunk). Returns nil when there is no such tag or the structure is malformed.
    static func parse(tiff: ArraySlice<UInt8>) -> ExifOrientation? {
        let bytes = Array(tiff)
        guard bytes.count >= 8 else { return nil }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= bytes.count else { return nil }
            let a = Int(bytes[offset]), b = Int(bytes[offset + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ offset: Int) -> Int? {
            guard let low = u16(little ? offset : offset + 2), let high = u16(little ? offset + 2 : offset) else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for index in 0..<count {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            // Orientation: type SHORT (3), count 1, value in the first two bytes of the value field.
            if tag == 0x0112, u16(entry + 2) == 3, let value = u16(entry + 8) {
                return ExifOrientation(value)
            }
        }
        return nil
    }

    /// The EXIF orientation of a JPEG or PNG file, read from its header without decoding:
    /// JPEG APP1 `Exif` segments before the first scan, or the PNG `eXIf` chunk before `IDAT`.
    static func read(path: String, format: ContentFormat) -> ExifOrientation? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return format == .png ? readPNG(handle) : readJPEG(handle)
    }

    private static func read(_ handle: FileHandle, _ count: Int) -> [UInt8]? {
        guard let data = try? handle.read(upToCount: count), data.count == count else { return nil }
        return [UInt8](data)
    }

    private static func readJPEG(_ handle: FileHandle) -> ExifOrientation? {
        guard read(handle, 2) == [0xFF, 0xD8] else { return nil }
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
                if body.starts(with: Array("Exif\0\0".utf8)) {
                    return parse(tiff: body[6...])
                }
            } else {
                guard (try? handle.seek(toOffset: handle.offsetInFile + UInt64(length - 2))) != nil else { return nil }
            }
        }
        return nil
    }

    private static func readPNG(_ handle: FileHandle) -> ExifOrientation? {
        guard read(handle, 8) != nil else { return nil }
        for _ in 0..<1024 {
            guard let header = read(handle, 8) else { return nil }
            let length = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: header[4..<8], as: UTF8.self)
            if type == "IDAT" || type == "IEND" { return nil }
            if type == "eXIf", length <= 1 << 20 {
                guard let body = read(handle, length) else { return nil }
                return parse(tiff: body[...])
            }
            guard (try? handle.seek(toOffset: handle.offsetInFile + UInt64(length) + 4)) != nil else { return nil }
        }
        return nil
    }
}
