import ArgumentParser
import Foundation
import TestSupport
import Testing
@testable import twin

/// The sandbox's key comes from a file or its own variable: never argv (`ps` shows it), never the real key.
@Suite(.timeLimit(.minutes(1)))
struct SandboxKeyTests {
    @Test func aKeyOnTheCommandLineIsRefused() {
        #expect(throws: (any Error).self) { try Twin.parseAsRoot(["sandbox", "--api-key", "sk-visible-in-ps"]) }
    }

    @Test func theRealAPIKeyIsNotTakenUp() throws {
        let result = try TwinProcess.run(["sandbox", "--port", "0"], environment: ["CAPTIONS_API_KEY": "sk-real-key"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("TWIN_SANDBOX_API_KEY"))
        #expect(!result.stdout.contains("listening"))
    }

    @Test func theKeyFileIsRead() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-key-\(UUID().uuidString)")
        try "sk-sandbox-file-key\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let command = try Twin.parseAsRoot(["sandbox", "--api-key-file", file.path]) as? SandboxCommand
        #expect(command?.apiKeyFile == file.path)
    }
}
