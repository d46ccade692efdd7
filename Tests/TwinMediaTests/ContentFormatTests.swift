import Testing
@testable import TwinMedia
import TwinPictures

@Suite struct ContentFormatTests {
    static func bytes(_ ascii: String, at offset: Int = 0, length: Int = 64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(length, offset + ascii.utf8.count))
        out.replaceSubrange(offset..<offset + ascii.utf8.count, with: Array(ascii.utf8))
        return out
    }

    static let heads: [([UInt8], String)] = [
        (bytes("ftypisom", at: 4), "mp4"),
        (bytes("ftypM4A ", at: 4), "mp4"),
        (bytes("ftypqt  ", at: 4), "mov"),
        (bytes("moov", at: 4), "mov"),
        (bytes("wide", at: 4), "mov"),
        (bytes("ftypheic", at: 4), "heic"),
        (bytes("ftypmif1", at: 4), "heic"),
        (bytes("ftypavif", at: 4), "avif"),
        ([0x1A, 0x45, 0xDF, 0xA3] + bytes("B\u{82}matroska"), "matroska"),
        ([0x1A, 0x45, 0xDF, 0xA3] + bytes("B\u{82}webm"), "webm"),
        (bytes("RIFF....AVI "), "avi"),
        (bytes("RIFF....WEBP"), "webp"),
        (bytes("RIFF....WAVE"), "wav"),
        (bytes("GIF89a"), "gif"),
        ([0x49, 0x49, 0x2A, 0x00] + bytes(""), "tiff"),
        ([0x4D, 0x4D, 0x00, 0x2A] + bytes(""), "tiff"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "png"),
        ([0xFF, 0xD8, 0xFF, 0xE0], "jpeg"),
        (Array("hello, world\n".utf8), "text"),
        ([0x00, 0x01, 0x02, 0xFE, 0x80], "unknown"),
    ]

    @Test(arguments: heads)
    func sniffsByContent(_ head: [UInt8], _ expected: String) {
        #expect(ContentFormat.sniff(head).name == expected)
    }

    @Test func mpegTransportStreamNeedsTwoSyncBytes() {
        var packet = [UInt8](repeating: 0xFF, count: 400)
        packet[0] = 0x47
        #expect(ContentFormat.sniff(packet) != .mpegts)
        packet[188] = 0x47
        #expect(ContentFormat.sniff(packet) == .mpegts)
    }

    @Test(arguments: [true, false])
    func exifTIFFInBothByteOrders(_ littleEndian: Bool) {
        func u16(_ v: Int) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { littleEndian ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
        let header: [UInt8] = (littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(8)
        // IFD0 with two entries: ImageWidth (0x0100), then Orientation (0x0112) = 8.
        let ifd = u16(2) + u16(0x0100) + u16(3) + u32(1) + u16(640) + u16(0)
            + u16(0x0112) + u16(3) + u32(1) + u16(8) + u16(0) + u32(0)
        #expect(ExifOrientation.parse(tiff: (header + ifd)[...])?.value == 8)
        #expect(ExifOrientation.parse(tiff: header[...]) == nil)
    }
}
