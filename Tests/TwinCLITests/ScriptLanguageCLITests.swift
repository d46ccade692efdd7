import Foundation
import TestSupport
import Testing

/// `twin validate --script-language` fetches `/script` with the key, as a real process.
@Suite(.hangBackstop) struct ScriptLanguageCLITests {
    @Test(.tags(.slow), .fullRunOnly) func theScriptIsFetchedFromTheAPI() async throws {
        let key = "script-language-test-key"
        let sandbox = try SandboxProcess(timeScale: 1000, apiKey: key)
        defer { sandbox.stop() }
        let environment = ["CAPTIONS_API_KEY": key, "CAPTIONS_API_URL": sandbox.baseURL.absoluteString]
        let passing = try await TwinProcess.run(["validate", "--script-language", "English", "fixtures/sessions/demo/video.mp4"],
                                          environment: environment)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("% heard"))
        let failing = try await TwinProcess.run(["validate", "--script-language", "English", "fixtures/voice/rms-other-clean.mp4"],
                                          environment: environment)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("error   script-mismatch"))
        #expect(!failing.stdout.contains(key) && !failing.stderr.contains(key))
        // Another language: loudness and speech only, and the report says why the script was not checked.
        let spanish = try await TwinProcess.run(["validate", "--script-language", "Spanish", "fixtures/voice/rms-other-clean.mp4"],
                                          environment: environment)
        #expect(spanish.status == 0, "\(spanish.stdout)")
        #expect(spanish.stdout.contains("script not checked: the script is in Spanish; only English speech is recognised"))
        // Without a key it is a usage error, not a crash.
        let noKey = try await TwinProcess.run(["validate", "--script-language", "English", "fixtures/voice/silent.mp4"],
                                        environment: ["CAPTIONS_API_KEY": "", "CAPTIONS_API_URL": sandbox.baseURL.absoluteString])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("no API key"))
    }
}
