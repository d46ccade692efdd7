import Foundation
import TestSupport
import Testing
import TwinFaces
@testable import TwinMedia
import TwinPictures
import TwinVoice

/// The report's thumbnails are in colour, decoded by the real libjpeg, libpng and FFmpeg, turned as displayed and
/// with HDR tone-mapped; keeping the colour never changes the grey copy the checks judge.
@Suite(.hangBackstop) struct ColourThumbnailTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
    static let phone = TestPaths.fixtures.appendingPathComponent("phone")

    static func report(_ file: URL) async -> FileReport {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return await MediaValidator(profile: profile, collectReportData: true).validate(file: file)
    }

    /// A thumbnail read back through libjpeg in colour: its size, and how far its pixels are from grey on average
    /// (the mean of each pixel's largest channel difference).
    static func colourfulness(of thumbnail: Thumbnail) throws -> (width: Int, height: Int, chroma: Double) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-colour-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: file) }
        try thumbnail.jpeg.write(to: file)
        let decoded = ImageDecodeResult.runKeepingGrey(path: file.path, format: .jpeg, maxPixels: 1 << 20, longSide: 4096, colour: true)
        let colour = try #require(decoded.colour)
        var total = 0
        for index in 0..<(colour.width * colour.height) {
            let pixel = colour.pixels[(3 * index)..<(3 * index + 3)]
            total += Int(pixel.max()!) - Int(pixel.min()!)
        }
        return (colour.width, colour.height, Double(total) / Double(colour.width * colour.height))
    }

    /// The astronaut's orange suit: a colour thumbnail is far from grey, a grey one is grey.
    static let colourful = 20.0

    @Test(arguments: ["neutral.jpg", "aah.jpg"])
    func photosAreInColour(name: String) async throws {
        let report = await Self.report(Self.demo.appendingPathComponent(name))
        let thumbnail = try #require(report.detail?.thumbnail)
        let read = try Self.colourfulness(of: thumbnail)
        #expect(read.width == thumbnail.width && read.height == thumbnail.height)
        #expect(read.chroma > Self.colourful, "\(read)")
    }

    @Test(.tags(.slow), .fullRunOnly) func videoFramesAndSpeakingFramesAreInColour() async throws {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        let script = "Hi, I'm recording this video to create my AI twin."
        let report = await MediaValidator(profile: profile, voice: VoiceSettings(script: script), collectReportData: true)
            .validate(file: Self.demo.appendingPathComponent("video.mp4"))
        let detail = try #require(report.detail)
        let thumbnails = detail.frames.compactMap(\.thumbnail) + detail.speakingFrames.compactMap(\.thumbnail)
        #expect(thumbnails.count == detail.frames.count + detail.speakingFrames.count && thumbnails.count >= 5)
        for thumbnail in thumbnails {
            #expect(try Self.colourfulness(of: thumbnail).chroma > Self.colourful / 2)
        }
    }

    /// Every phone format in colour, as displayed (vertical) and HDR tone-mapped rather than washed out; a
    /// greyscale JPEG stays grey.
    @Test(arguments: ["iphone-hdr-hlg.mov", "hdr10-pq.mp4", "hevc-10bit-sdr.mp4", "android-fullrange.mp4", "h264-422.mp4",
                      "cmyk.jpg", "cmyk-plain.jpg", "ycck.jpg", "progressive.jpg", "rgba16.png", "grey.jpg"])
    func phoneFormatsAreInColour(name: String) async throws {
        let report = await Self.report(Self.phone.appendingPathComponent(name))
        let thumbnails = [report.detail?.thumbnail].compactMap { $0 } + (report.detail?.frames ?? []).compactMap(\.thumbnail)
        #expect(!thumbnails.isEmpty)
        for thumbnail in thumbnails {
            let read = try Self.colourfulness(of: thumbnail)
            #expect(read.width < read.height, "displayed vertical: \(read)")
            if name == "grey.jpg" {
                #expect(read.chroma < 2, "\(read)")
            } else {
                #expect(read.chroma > Self.colourful, "\(read)")
            }
        }
    }

    /// The colour comes from the same libjpeg decode, and the grey copy the face checks see is the same to the byte.
    @Test func keepingColourLeavesTheGreyCopyUnchanged() throws {
        let jpegs = ["cmyk.jpg", "cmyk-plain.jpg", "ycck.jpg", "progressive.jpg", "grey.jpg"].map { Self.phone.appendingPathComponent($0) }
            + ["neutral.jpg", "aah.jpg"].map { Self.demo.appendingPathComponent($0) }
        for file in jpegs {
            let plain = ImageDecodeResult.runKeepingGrey(path: file.path, format: .jpeg, maxPixels: 100_000_000, longSide: 800)
            let coloured = ImageDecodeResult.runKeepingGrey(path: file.path, format: .jpeg, maxPixels: 100_000_000, longSide: 800,
                                                     colour: true)
            let grey = try #require(plain.grey), same = try #require(coloured.grey), colour = try #require(coloured.colour)
            #expect(grey.pixels == same.pixels && grey.width == same.width, "\(file.lastPathComponent)")
            #expect(colour.width == grey.width && colour.height == grey.height && colour.pixels.count == 3 * grey.pixels.count)
        }
    }

    /// A damaged photo keeps no picture at all, in grey or colour.
    @Test func aTruncatedJPEGKeepsNoColourCopy() throws {
        let data = try Data(contentsOf: Self.demo.appendingPathComponent("neutral.jpg"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-cut-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: file) }
        try data.prefix(data.count / 2).write(to: file)
        let decoded = ImageDecodeResult.runKeepingGrey(path: file.path, format: .jpeg, maxPixels: 100_000_000, longSide: 800, colour: true)
        #expect(decoded.check.status == .corrupt && decoded.grey == nil && decoded.colour == nil)
    }
}
