import Foundation
import TestSupport
import Testing
@testable import twin

/// The library names settings ("the API URL"), the command line adds the flag that sets each one.
@Suite(.timeLimit(.minutes(1)))
struct SettingHintsTests {
    @Test(arguments: [
        ("cannot connect to http://h (refused); check the API URL and the network",
         "cannot connect to http://h (refused); check the API URL (--api-url or CAPTIONS_API_URL) and the network"),
        ("the API key was refused; check the API key", "the API key was refused; check the API key (CAPTIONS_API_KEY or --api-key-file)"),
        ("rate limited by the service; lower the API request rate", "rate limited by the service; lower the API request rate (--api-rate)"),
        ("the bucket is probably in another region; set the S3 region",
         "the bucket is probably in another region; set the S3 region (--region)"),
        ("a file:// target needs a public base URL: the http(s) URL",
         "a file:// target needs a public base URL (--public-base-url): the http(s) URL"),
        ("the API key was refused; check the API key (HTTP 401): invalid key",
         "the API key was refused; check the API key (CAPTIONS_API_KEY or --api-key-file) (HTTP 401): invalid key"),
        ("the API key is empty", "the API key is empty"),
        ("a.jpg: no EXIF time for the capture-time order\nb.jpg: no EXIF time for the capture-time order",
         "a.jpg: no EXIF time for the capture-time order (--order capture-time)\n"
            + "b.jpg: no EXIF time for the capture-time order (--order capture-time)"),
        ("check the list of twins and send it again by retrying failed sessions",
         "check the list of twins (twin list) and send it again by retrying failed sessions (twin batch --retry-failed)"),
    ])
    func settingsGetTheirFlag(message: String, rendered: String) {
        #expect(SettingHints.adding(to: message) == rendered)
        #expect(SettingHints.adding(to: rendered) == rendered, "a hint is added once")
    }

    @Test func aRefusedKeyNamesWhereTheKeyComesFrom() throws {
        let sandbox = try SandboxProcess(timeScale: 1000, apiKey: "sk-hint-right")
        defer { sandbox.stop() }
        let result = try TwinProcess.run(["languages"], environment: [
            "CAPTIONS_API_URL": sandbox.baseURL.absoluteString, "CAPTIONS_API_KEY": "sk-hint-wrong", "TWIN_API_RATE": "0",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("check the API key (CAPTIONS_API_KEY or --api-key-file)"), "\(result.stderr)")
        #expect(!result.stderr.contains("sk-hint-wrong"))
    }

    /// Findings name the setting in every format; the CLI adds the flag where it prints them.
    @Test(arguments: ["text", "json"])
    func aFindingOfThePoseOrderNamesItsFlag(format: String) async throws {
        try await withTemporaryFolder { folder in
            // The demo session's photos under names that say no pose: the finding suggests the capture-time order.
            let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
            try FileManager.default.copyItem(at: demo.appendingPathComponent("video.mp4"), to: folder.appendingPathComponent("video.mp4"))
            for (index, pose) in ["neutral", "ooh", "teeth", "aah", "pursed"].enumerated() {
                try FileManager.default.copyItem(at: demo.appendingPathComponent("\(pose).jpg"),
                                                 to: folder.appendingPathComponent("photo-\(index + 1).jpg"))
            }
            let result = try TwinProcess.run(["validate", "--no-voice-check", "--format", format, folder.path])
            #expect(result.status == 1, "\(result.stdout)")
            #expect(result.stdout.contains("choose the capture-time order (--order capture-time), by the photos' EXIF time"),
                    "\(result.stdout)")
        }
    }

    @Test func aMissingTargetNamesTheFlag() throws {
        let result = try TwinProcess.run(["publish", "fixtures/sessions/demo/neutral.jpg"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no target: set a publish target (--to), s3://"), "\(result.stderr)")
    }
}
