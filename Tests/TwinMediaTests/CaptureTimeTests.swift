import Foundation
import TestSupport
import Testing
import TwinMedia

/// Capture times read from files that real tools (ImageMagick, exiftool) wrote.
@Suite struct CaptureTimeTests {
    @Test(arguments: [
        ("jpg", "MM", "2024:05:01 10:00:03", "45"),
        ("jpg", "II", "2023:12:31 23:59:59", ""),
        ("png", "MM", "2024:05:01 10:00:03", "7"),
        ("png", "II", "2022:01:02 03:04:05", ""),
    ])
    func readsDateTimeOriginal(format: String, byteOrder: String, dateTime: String, subsecond: String) throws {
        let workspace = try SessionWorkspace("exif")
        let file = workspace.root.appendingPathComponent("photo.\(format)")
        try #require(runTool("convert", ["-size", "16x24", "xc:red", file.path]).status == 0)
        var arguments = ["-q", "-overwrite_original", "-ExifByteOrder=\(byteOrder)", "-DateTimeOriginal=\(dateTime)"]
        if !subsecond.isEmpty { arguments.append("-SubSecTimeOriginal=\(subsecond)") }
        let written = try runTool("exiftool", arguments + [file.path])
        try #require(written.status == 0, "\(written.output)")
        #expect(CaptureTime.read(from: file) == CaptureTime(dateTime: dateTime, subsecond: subsecond))
    }

    @Test func photosWithoutExifHaveNoCaptureTime() throws {
        let workspace = try SessionWorkspace("exif")
        let jpeg = workspace.root.appendingPathComponent("plain.jpg")
        try #require(runTool("convert", ["-size", "8x8", "xc:blue", "-strip", jpeg.path]).status == 0)
        #expect(CaptureTime.read(from: jpeg) == nil)
        let text = try workspace.write("not an image", to: "text.jpg")
        #expect(CaptureTime.read(from: text) == nil)
        #expect(CaptureTime.read(from: workspace.root.appendingPathComponent("missing.jpg")) == nil)
    }

    @Test func truncatedExifIsIgnoredNotACrash() throws {
        // SOI, then an APP1 that claims 0x2000 bytes of Exif but stops after a broken TIFF header.
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x20, 0x00]
        bytes += Array("Exif\0\0".utf8) + [0x4D, 0x4D, 0x00, 0x2A, 0x7F, 0xFF, 0xFF, 0xF0]
        let workspace = try SessionWorkspace("exif")
        let file = workspace.root.appendingPathComponent("broken.jpg")
        try Data(bytes).write(to: file)
        #expect(CaptureTime.read(from: file) == nil)
    }

    @Test func fractionsCompareAsFractions() {
        let base = "2024:05:01 10:00:03"
        #expect(CaptureTime(dateTime: base, subsecond: "45") < CaptureTime(dateTime: base, subsecond: "5"))
        #expect(CaptureTime(dateTime: base) < CaptureTime(dateTime: base, subsecond: "01"))
        #expect(CaptureTime(dateTime: base, subsecond: "9") < CaptureTime(dateTime: "2024:05:01 10:00:04"))
    }
}
