import Foundation
import TestSupport
import Testing
import TwinFaces
@testable import TwinMedia
import TwinVoice

/// The phone-format matrix (fixtures/make-phone-fixtures.sh): every row passes `validate --script` with its face found.
@Suite(.hangBackstop) struct PhoneFormatTests {
    /// One row: a file shaped as a phone writes it, what its stream says, and the only findings it may get.
    struct Row: Sendable, CustomTestStringConvertible {
        var file: String
        var codec: String?
        var stored: (Int, Int)
        var rotation: Int
        /// Warnings the row legitimately gets (`cmyk-photo` for the CMYK JPEG).
        var warnings: Set<String> = []
        var testDescription: String { file }
    }

    static let videos: [Row] = [
        Row(file: "iphone-hdr-hlg.mov", codec: "hevc", stored: (848, 480), rotation: 90),
        Row(file: "dolby-vision-dvh1.mov", codec: "hevc", stored: (480, 848), rotation: 0),
        Row(file: "hdr10-pq.mp4", codec: "hevc", stored: (480, 848), rotation: 0),
        Row(file: "hevc-10bit-sdr.mp4", codec: "hevc", stored: (480, 848), rotation: 0),
        Row(file: "android-fullrange.mp4", codec: "h264", stored: (848, 480), rotation: 90),
        Row(file: "h264-422.mp4", codec: "h264", stored: (480, 848), rotation: 0),
    ]

    static let photos: [Row] = [
        Row(file: "cmyk.jpg", codec: nil, stored: (600, 800), rotation: 0, warnings: ["cmyk-photo"]),
        Row(file: "cmyk-plain.jpg", codec: nil, stored: (600, 800), rotation: 0, warnings: ["cmyk-photo"]),
        Row(file: "ycck.jpg", codec: nil, stored: (600, 800), rotation: 0, warnings: ["cmyk-photo"]),
        Row(file: "grey.jpg", codec: nil, stored: (600, 800), rotation: 0),
        Row(file: "progressive.jpg", codec: nil, stored: (600, 800), rotation: 0),
        Row(file: "rgba16.png", codec: nil, stored: (600, 800), rotation: 0),
    ]

    static let script: String = {
        let url = TestPaths.fixtures.appendingPathComponent("voice/script.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test(.tags(.slow), .fullRunOnly, arguments: videos)
    func phoneVideoPassesWithItsFaceFound(_ row: Row) async throws {
        let url = TestPaths.fixtures.appendingPathComponent("phone/\(row.file)")
        let report = await MediaValidator(voice: VoiceSettings(script: Self.script)).validate(file: url)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.videoCodec == row.codec)
        #expect(report.storedWidth == row.stored.0 && report.storedHeight == row.stored.1)
        #expect(report.rotation == row.rotation)
        #expect(report.width == 480 && report.height == 848)
        let face = try #require(report.faces?.first, "\(report.notes)")
        #expect(face.rotation == 0, "upright once the display matrix is applied")
        #expect(report.notes.contains { $0.hasPrefix("1 face") && $0.contains(" keyframe") }, "\(report.notes)")
        #expect(try #require(report.voice?.scriptCoverage) >= 0.6)
        // The speaking check searched frames sampled during the speech, decoded from this format, and saw the mouth move.
        let speaking = try #require(report.speaking, "\(report.notes)")
        #expect(speaking.framesSampled >= 8 && speaking.faceShare == 1, "\(speaking)")
    }

    @Test(arguments: photos)
    func phonePhotoPassesWithItsFaceFound(_ row: Row) async throws {
        let url = TestPaths.fixtures.appendingPathComponent("phone/\(row.file)")
        let report = await MediaValidator().validate(file: url)
        #expect(Set(report.findings.map(\.code.rawValue)) == row.warnings, "\(report.findings)")
        #expect(report.ok)
        #expect(report.storedWidth == row.stored.0 && report.storedHeight == row.stored.1)
        #expect(try #require(report.faces).count == 1, "\(report.notes)")
    }

    /// Too large to commit: made from the demo face into a temporary folder by the fixture script.
    @Test(.tags(.slow), .fullRunOnly) func fortyEightMegapixelPhotoStoredLandscapeWithExif6() async throws {
        try await withTemporaryFolder { folder in
            let script = TestPaths.fixtures.appendingPathComponent("make-phone-fixtures.sh")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["bash", script.path, "--48mp", folder.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let report = await MediaValidator().validate(file: folder.appendingPathComponent("48mp-exif6.jpg"))
            #expect(report.findings.isEmpty, "\(report.findings)")
            #expect(report.storedWidth == 8000 && report.storedHeight == 6000)
            #expect(report.exifOrientation == 6 && report.width == 6000 && report.height == 8000)
            #expect(try #require(report.faces?.first).rotation == 0)
        }
    }

    /// A CMYK JPEG's luma comes through RGB: the inverted Adobe CMYK and its grey twin give the same picture.
    /// ImageMagick's Adobe CMYK, plain CMYK with no Adobe marker (ink stored as is) and YCCK (fixtures/cmyk-jpeg.c):
    /// each decodes to the picture its grey copy shows, never a negative, and its warning gives the right conversion.
    @Test(arguments: [("cmyk.jpg", "`magick IN -colorspace sRGB OUT.jpg`"),
                      ("cmyk-plain.jpg", "`magick IN -negate -colorspace sRGB OUT.jpg`"),
                      ("ycck.jpg", "`magick IN -colorspace sRGB OUT.jpg`")])
    func cmykPhotoIsDecodedLikeItsGreyCopy(file: String, conversion: String) async throws {
        let phone = TestPaths.fixtures.appendingPathComponent("phone")
        let cmyk = await MediaValidator().validate(file: phone.appendingPathComponent(file))
        let grey = await MediaValidator().validate(file: phone.appendingPathComponent("grey.jpg"))
        let warning = try #require(cmyk.findings.first { $0.code == .cmykPhoto })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains(file == "cmyk-plain.jpg" ? "without Adobe's marker" : "(Adobe, inverted)"))
        #expect(warning.message.contains(conversion), "\(warning.message)")
        let a = try #require(cmyk.faces?.first), b = try #require(grey.faces?.first)
        #expect(abs(a.x - b.x) <= 8 && abs(a.y - b.y) <= 8 && abs(a.width - b.width) <= 8)
        #expect(abs((cmyk.brightness ?? 0) - (grey.brightness ?? 0)) < 12)
    }
}

/// Pixel formats no committed row has, encoded from the demo at test time: each is searched for faces and the face found.
@Suite(.hangBackstop) struct PixelFormatTests {
    /// A 2 s clip of the demo: codec, pixel format, and extra ffmpeg arguments (transfer tags, range).
    struct Encoding: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    static let hevc = ["-c:v", "libx265", "-preset", "ultrafast", "-crf", "30", "-tag:v", "hvc1", "-x265-params", "log-level=error"]
    static let h264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "30"]
    static let hlg = ["-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc"]
    static let pq = ["-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc"]

    static let encodings: [Encoding] = [
        Encoding(name: "hevc yuv444p12le", arguments: ["-pix_fmt", "yuv444p12le"] + hevc),
        Encoding(name: "hevc yuv422p10le HLG", arguments: ["-vf", "zscale=tin=709:min=709:pin=709:rin=tv:t=arib-std-b67:m=2020_ncl:p=2020:r=tv,format=yuv422p10le"]
            + hevc + hlg),
        Encoding(name: "hevc yuv420p12le PQ", arguments: ["-vf", "zscale=tin=709:min=709:pin=709:rin=tv:t=smpte2084:m=2020_ncl:p=2020:r=tv:npl=203,format=yuv420p12le"]
            + hevc + pq),
        Encoding(name: "hevc gray10le", arguments: ["-pix_fmt", "gray10le"] + hevc),
        Encoding(name: "hevc gbrp10le", arguments: ["-pix_fmt", "gbrp10le"] + hevc),
        Encoding(name: "h264 yuv444p10le", arguments: ["-pix_fmt", "yuv444p10le"] + h264),
        Encoding(name: "h264 gray", arguments: ["-pix_fmt", "gray"] + h264),
        Encoding(name: "h264 yuvj444p full range", arguments: ["-pix_fmt", "yuvj444p", "-color_range", "pc"] + h264),
    ]

    private static func encode(_ arguments: [String], into file: URL) throws {
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo/video.mp4")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-t", "2", "-i", demo.path]
            + arguments + ["-c:a", "copy", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ffmpeg \(arguments)")
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: encodings)
    func everyPixelFormatIsSearchedForFaces(_ encoding: Encoding) async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("clip.mp4")
            try Self.encode(encoding.arguments, into: file)
            let report = await MediaValidator().validate(file: file)
            #expect(report.findings.isEmpty, "\(report.findings)")
            #expect(try #require(report.faces).count == 1, "\(report.notes)")
        }
    }

    /// A palette picture (PNG in MOV) cannot be turned into luma: the face check says it did not run, and why.
    @Test func anUnconvertedPixelFormatIsNotCheckedRatherThanFaceless() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("palette.mov")
            try Self.encode(["-pix_fmt", "pal8", "-c:v", "png", "-f", "mov"], into: file)
            let report = await MediaValidator().validate(file: file)
            #expect(!report.has(.noFace))
            let warning = try #require(report.findings.first { $0.code == .faceNotChecked }, "\(report.findings)")
            #expect(warning.severity == .warning && warning.message.contains("pal8"))
            #expect(report.notes.contains("face not checked (pixel format pal8 not converted)"))
            #expect(!report.notes.contains { $0.contains("keyframe") && $0.contains("no face") })
        }
    }
}
