/// A file format as recognised from a file's first bytes (magic numbers, the ISO BMFF `ftyp`
/// brand), never from its name.
struct ContentFormat: Hashable, Sendable, CustomStringConvertible {
    /// The short lower-case name used in reports: `mp4`, `mov`, `png`, `jpeg`, `heic`, …
    let name: String
    /// Whether this is a video or an image format (`.unknown` for text, audio, anything else).
    let kind: MediaKind

    var description: String { name }

    static let mp4 = ContentFormat(name: "mp4", kind: .video)
    static let mov = ContentFormat(name: "mov", kind: .video)
    static let matroska = ContentFormat(name: "matroska", kind: .video)
    static let webm = ContentFormat(name: "webm", kind: .video)
    static let mpegts = ContentFormat(name: "mpegts", kind: .video)
    static let avi = ContentFormat(name: "avi", kind: .video)
    static let png = ContentFormat(name: "png", kind: .image)
    static let jpeg = ContentFormat(name: "jpeg", kind: .image)
    static let heic = ContentFormat(name: "heic", kind: .image)
    static let avif = ContentFormat(name: "avif", kind: .image)
    static let webp = ContentFormat(name: "webp", kind: .image)
    static let gif = ContentFormat(name: "gif", kind: .image)
    static let tiff = ContentFormat(name: "tiff", kind: .image)
    static let bmp = ContentFormat(name: "bmp", kind: .image)
    static let wav = ContentFormat(name: "wav", kind: .unknown)
    static let mp3 = ContentFormat(name: "mp3", kind: .unknown)
    static let text = ContentFormat(name: "text", kind: .unknown)
    static let unknown = ContentFormat(name: "unknown", kind: .unknown)

    /// Recognises the format from the first bytes of a file (a few hundred bytes suffice).
    static func sniff(_ bytes: [UInt8]) -> ContentFormat {
        func at(_ offset: Int, _ ascii: String) -> Bool {
            let pattern = Array(ascii.utf8)
            return bytes.count >= offset + pattern.count && Array(bytes[offset..<offset + pattern.count]) == pattern
        }
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }

        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if at(4, "ftyp") { return isoBrand(bytes) }
        // QuickTime files written before `ftyp` existed start straight with an atom.
        if ["moov", "mdat", "wide", "free", "skip", "pnot"].contains(where: { at(4, $0) }) { return .mov }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) {
            return bytes.prefix(64).windows(ofCount: 4).contains(Array("webm".utf8)) ? .webm : .matroska
        }
        if at(0, "RIFF") {
            if at(8, "AVI ") { return .avi }
            if at(8, "WEBP") { return .webp }
            if at(8, "WAVE") { return .wav }
        }
        if bytes.count > 188, bytes[0] == 0x47, bytes[188] == 0x47 { return .mpegts }
        if at(0, "GIF87a") || at(0, "GIF89a") { return .gif }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if at(0, "ID3") || starts([0xFF, 0xFB]) { return .mp3 }
        if at(0, "BM"), bytes.count > 14 { return .bmp }
        if looksLikeText(bytes) { return .text }
        return .unknown
    }

    /// MOV (`qt  `), HEIC / AVIF still images, or else MP4 (isom, mp41, mp42, M4A, M4V, …).
    private static func isoBrand(_ bytes: [UInt8]) -> ContentFormat {
        guard bytes.count >= 12 else { return .mp4 }
        let major = String(decoding: bytes[8..<12], as: UTF8.self)
        switch major {
        case "qt  ": return .mov
        case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1": return .heic
        case "avif", "avis": return .avif
        default: return .mp4
        }
    }

    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(512)
        guard !sample.isEmpty else { return false }
        return sample.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || ($0 >= 0x20 && $0 != 0x7F) }
            && String(validating: sample, as: UTF8.self) != nil
    }

    /// Every extension (lower-case) that names a media format, with the format it promises.
    static let byExtension: [String: ContentFormat] = [
        "mp4": .mp4, "m4v": .mp4, "mov": .mov, "qt": .mov, "mkv": .matroska, "webm": .webm,
        "ts": .mpegts, "mts": .mpegts, "m2ts": .mpegts, "avi": .avi,
        "png": .png, "jpg": .jpeg, "jpeg": .jpeg, "jpe": .jpeg, "heic": .heic, "heif": .heic, "avif": .avif,
        "webp": .webp, "gif": .gif, "tif": .tiff, "tiff": .tiff, "bmp": .bmp,
    ]

    /// The format a file name promises, from its extension (any case), if it names a media format.
    static func promised(byExtension ext: String) -> ContentFormat? {
        byExtension[ext.lowercased()]
    }
}

extension MediaKind {
    /// The file extensions (lower-case) that name media of this kind, including formats the validator rejects
    /// (MKV, WebM, HEIC, WebP …), so that such files are picked up and reported rather than ignored.
    public var fileExtensions: Set<String> {
        Set(ContentFormat.byExtension.filter { $0.value.kind == self }.keys)
    }
}

extension Collection {
    /// Consecutive runs of `count` elements (a tiny stand-in for swift-algorithms' `windows(ofCount:)`).
    fileprivate func windows(ofCount count: Int) -> [[Element]] {
        let all = Array(self)
        guard all.count >= count else { return [] }
        return (0...(all.count - count)).map { Array(all[$0..<$0 + count]) }
    }
}
