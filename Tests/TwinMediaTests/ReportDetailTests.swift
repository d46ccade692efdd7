import Foundation
import TestSupport
import Testing
import TwinFaces
@testable import TwinMedia
import TwinPictures
import TwinVoice

/// What the HTML report needs from validation (``ReportDetail``): collected only when asked for,
/// through the real libjpeg encoder, dlib landmarks, FFmpeg frames and libebur128 loudness.
@Suite(.hangBackstop) struct ReportDetailTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")

    static func validator(collect: Bool, voice: VoiceSettings? = nil) -> MediaValidator {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return MediaValidator(profile: profile, voice: voice, collectReportData: collect)
    }

    @Test func nothingIsCollectedUnlessAsked() async {
        let photo = await Self.validator(collect: false).validate(file: Self.demo.appendingPathComponent("neutral.jpg"))
        #expect(photo.detail == nil)
        #expect(photo.faces?.isEmpty == false)
    }

    @Test(arguments: ["neutral.jpg", "aah.jpg"])
    func photoHasAThumbnailAndLandmarksInDisplayedPixels(name: String) async throws {
        let report = await Self.validator(collect: true).validate(file: Self.demo.appendingPathComponent(name))
        let detail = try #require(report.detail)
        let thumbnail = try #require(detail.thumbnail)
        #expect(Array(thumbnail.jpeg.prefix(3)) == [0xFF, 0xD8, 0xFF], "a JPEG starts with SOI")
        #expect(max(thumbnail.width, thumbnail.height) == Thumbnail.longSide)
        // The thumbnail keeps the displayed aspect (600x800).
        #expect(abs(Double(thumbnail.width) / Double(thumbnail.height) - 600.0 / 800.0) < 0.01)
        let face = try #require(report.faces?.first)
        let points = try #require(detail.landmarks.first)
        #expect(points.count == 68)
        // Landmarks lie around the face box (jaw points may reach a little outside it).
        let inside = points.filter { point in
            Double(face.x) - 0.1 * Double(face.width) <= point.x && point.x <= Double(face.x + face.width) + 0.1 * Double(face.width)
                && Double(face.y) <= point.y + 0.1 * Double(face.height) && point.y <= Double(face.y + face.height) * 1.15
        }
        #expect(inside.count == 68, "\(face) \(points)")
        // The thumbnail is a real JPEG libjpeg reads back at its own size.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-thumbnail-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: file) }
        try thumbnail.jpeg.write(to: file)
        let check = ImageDecodeResult.run(path: file.path, format: .jpeg, maxPixels: 1 << 20)
        #expect(check.status == .ok && check.width == thumbnail.width && check.height == thumbnail.height)
    }

    @Test func videoHasFramesLoudnessAndScriptWords() async throws {
        let script = "Hi, I'm recording this video to create my AI twin. I'm looking straight into the camera."
        let report = await Self.validator(collect: true, voice: VoiceSettings(script: script))
            .validate(file: Self.demo.appendingPathComponent("video.mp4"))
        let detail = try #require(report.detail)
        // The demo video has a keyframe a second, as phones write them: the middle one is its own.
        #expect(detail.frames.map(\.label) == ["first", "middle", "last"])
        for frame in detail.frames {
            let thumbnail = try #require(frame.thumbnail)
            #expect(thumbnail.width < thumbnail.height, "displayed vertical")
            #expect(frame.faces.count == 1 && frame.landmarks.first?.count == 68)
        }
        let duration = try #require(report.durationSeconds)
        #expect(abs(Double(detail.momentaryLUFS.count) / 10 - duration) < 0.3)
        #expect(detail.momentaryLUFS.allSatisfy { $0 >= ReportDetail.loudnessFloor && $0 <= 0 })
        #expect(!detail.speechIntervals.isEmpty)
        #expect(detail.speechIntervals.allSatisfy { $0.start < $0.end && $0.end <= duration + 0.2 })
        #expect(detail.scriptWords.map(\.word).prefix(3) == ["hi", "i'm", "recording"])
        #expect(detail.scriptWords.count { $0.heard } > detail.scriptWords.count / 2)
        // The speaking check's frames lie within the speech, each a small picture of the face with its lip gap.
        #expect(detail.speakingFrames.count == report.speaking?.framesSampled)
        for frame in detail.speakingFrames {
            #expect(detail.speechIntervals.contains { frame.time >= $0.start - 0.1 && frame.time <= $0.end + 0.1 }, "\(frame.time)")
            #expect(frame.mouthOpening != nil && frame.thumbnail != nil)
        }
    }

    @Test func aSilentVideoHasAFlatCurveAndNoSpeech() async throws {
        let report = await Self.validator(collect: true, voice: VoiceSettings())
            .validate(file: TestPaths.fixtures.appendingPathComponent("voice/silent.mp4"))
        let detail = try #require(report.detail)
        #expect(!detail.momentaryLUFS.isEmpty)
        #expect(detail.momentaryLUFS.allSatisfy { $0 < -60 })
        #expect(detail.speechIntervals.isEmpty)
    }

    @Test func speechIntervalsBridgeShortGaps() {
        let quiet = -60.0, loud = -20.0
        let blocks = [quiet, loud, loud, quiet, quiet, loud, quiet, quiet, quiet, quiet, loud]
        let intervals = SpeechInterval.voiced(momentary: blocks, level: -45)
        #expect(intervals == [SpeechInterval(start: 0.1, end: 0.6), SpeechInterval(start: 1.0, end: 1.1)])
    }

    @Test(arguments: [(0, 10), (10, 0), (5, 5)])
    func theEncoderRefusesPicturesWithoutPixels(width: Int, height: Int) {
        let picture = ColourImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: 3))
        #expect(Thumbnail(picture) == nil)
    }
}
