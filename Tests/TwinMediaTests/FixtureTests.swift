import Foundation
import TestSupport
import Testing
import TwinFaces
@testable import TwinMedia

@Suite(.hangBackstop) struct FixtureTests {
    let validator = MediaValidator()

    @Test(.tags(.slow), .fullRunOnly, arguments: FixtureExpectation.all)
    func fixtureVerdict(_ expected: FixtureExpectation) async throws {
        let url = TestPaths.fixtures.appendingPathComponent(expected.path)
        let report = await validator.validate(file: url)
        #expect(Set(report.findings.map(\.code.rawValue)) == expected.codes, "\(report.findings)")
        #expect(report.ok == expected.ok)
        #expect(report.format == expected.format)
        #expect(report.width == expected.size?.0)
        #expect(report.height == expected.size?.1)
        #expect(report.storedWidth == expected.stored?.0)
        #expect(report.storedHeight == expected.stored?.1)
        #expect(report.rotation == expected.rotation)
        if let codec = expected.videoCodec { #expect(report.videoCodec == codec) }
        #expect(report.audioCodec == expected.audioCodec)
        #expect(report.path == url.relativePath)
        for finding in report.findings {
            #expect(finding.message.count > 20, "a message a person can act on: \(finding)")
        }
    }

    @Test func rotationReasoningIsExplained() async {
        let report = await validator.validate(file: TestPaths.fixtures.appendingPathComponent("video/rotated-1920x1080-cw90.mp4"))
        #expect(report.notes.first == "stored 1920x1080, rotated 90° for display → 1080x1920, vertical")
        let exif = await validator.validate(file: TestPaths.fixtures.appendingPathComponent("image/exif-6-stored-portrait.jpg"))
        #expect(exif.notes.first
            == "stored 480x720, EXIF orientation 6 (rotate 90° clockwise) → 720x480, landscape, not vertical")
        #expect(exif.exifOrientation == 6)
    }

    @Test func deepDecodingFindsTheGarbageBurstThatQuickDecodingMisses() async throws {
        let url = TestPaths.fixtures.appendingPathComponent("video/garbage-burst.mp4")
        // Quick decoding reads the first and last keyframes only: it misses the burst...
        var facesOff = ValidationProfile.builtIn
        facesOff.faces.enabled = false
        #expect(await MediaValidator(profile: facesOff).validate(file: url).ok)
        // ...unless the face checks (on by default) decode the middle keyframe, which lands in it.
        #expect(await validator.validate(file: url).findings.map(\.code) == [.corrupt])
        let deep = await MediaValidator(deep: true).validate(file: url)
        let corrupt = try #require(deep.findings.first { $0.code == .corrupt })
        #expect(corrupt.severity == .error)
        #expect(corrupt.message.contains("decode error"))
        // The garbage sits around the middle of the 4 s clip.
        let match = try #require(corrupt.message.firstMatch(of: /the first at (\d+\.\d+) s/))
        let seconds = try #require(Double(match.1))
        #expect((0.5...3.5).contains(seconds))
    }

    @Test(arguments: ["vertical-h264-aac.mp4", "vertical-hevc.mp4", "rotated-1920x1080-cw90.mp4", "vfr.mp4"])
    func deepDecodingPassesCleanVideos(_ name: String) async {
        let report = await MediaValidator(deep: true).validate(file: TestPaths.fixtures.appendingPathComponent("video/\(name)"))
        #expect(!report.has(.corrupt), "\(report.findings)")
    }

    @Test func videoFacts() async throws {
        let report = await validator.validate(file: TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4"))
        let duration = try #require(report.durationSeconds)
        #expect(abs(duration - 2) < 0.1)
        #expect(report.frameRate == 25)
        #expect(report.kind == .video)
        let long = await validator.validate(file: TestPaths.fixtures.appendingPathComponent("video/too-long.mp4"))
        #expect((long.durationSeconds ?? 0) > 600)
    }

    @Test func missingFileIsUnreadable() async {
        let report = await validator.validate(file: URL(fileURLWithPath: "/nonexistent/clip.mp4"))
        #expect(report.findings.map(\.code) == [.unreadable])
        #expect(report.kind == .video)
    }

    @Test(.tags(.slow), .fullRunOnly) func manyFilesKeepTheirOrder() async {
        let urls = FixtureExpectation.all.map { TestPaths.fixtures.appendingPathComponent($0.path) }
        let reports = await validator.validate(files: urls + urls.reversed())
        #expect(reports.map(\.path) == (urls + urls.reversed()).map(\.relativePath))
    }

    @Test func folderExpandsToItsMediaFiles() throws {
        let files = try MediaValidator.mediaFiles(in: TestPaths.fixtures.appendingPathComponent("sessions/demo"))
        #expect(files.map(\.lastPathComponent) == ["aah.jpg", "neutral.jpg", "ooh.jpg", "pursed.jpg", "teeth.jpg", "video.mp4"])
        let all = try MediaValidator.mediaFiles(in: TestPaths.fixtures)
        #expect(!all.contains { $0.pathExtension == "sh" })
        // fixtures/voice/ holds the voice check's matrix (VoiceCheckTests), judged with a script; fixtures/phone/ the
        // phone-format matrix (PhoneFormatTests); fixtures/fuzz/ the fuzz targets' regression inputs (FuzzRegressionTests);
        // fixtures/speaking/ the speaking check's face-missing clips (SpeakingCheckTests); fixtures/regressions/ mutants the
        // mutation sweep found (PackageTests).
        let elsewhere = ["/fixtures/voice/", "/fixtures/phone/", "/fixtures/fuzz/", "/fixtures/speaking/", "/fixtures/regressions/"]
        #expect(all.filter { file in !elsewhere.contains { file.path.contains($0) } }.count == FixtureExpectation.all.count)
        #expect(all.filter { $0.path.contains("/fixtures/phone/") }.count
            == PhoneFormatTests.videos.count + PhoneFormatTests.photos.count)
        #expect(all.filter { $0.path.contains("/fixtures/voice/") }.count == SpokenClip.matrix.count + 5)
        #expect(throws: MediaError.self) { try MediaValidator.mediaFiles(in: URL(fileURLWithPath: "/nonexistent-folder")) }
    }
}
