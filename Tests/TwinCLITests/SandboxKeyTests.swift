import ArgumentParser
import Foundation
import TestSupport
import Testing
@testable import twin

/// The sandbox's key comes from a file or its own variable: never argv (`ps` shows it), never the real key.
@Suite(.hangBackstop)
struct SandboxKeyTests {
    @Test func aKeyOnTheCommandLineIsRefused() {
        #expect(throws: (any Error).self) { try Twin.parseAsRoot(["sandbox", "--api-key", "sk-visible-in-ps"]) }
    }

    @Test func theRealAPIKeyIsNotTakenUp() throws {
        // A sandbox that took up the real key would start and serve until stopped: it is stopped after a bound and
        // that is a failure, not a test that never returns.
        let process = Process()
        process.executableURL = TwinProcess.executable
        process.arguments = ["sandbox", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["CAPTIONS_API_KEY"] = "sk-real-key"
        environment.removeValue(forKey: "TWIN_SANDBOX_API_KEY")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let refused = exited.wait(timeout: .now() + 30) == .success
        if !refused {
            process.terminate()
            exited.wait()
        }
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(refused, "the sandbox started with CAPTIONS_API_KEY: \(stdout)")
        #expect(process.terminationStatus == 2)
        #expect(stderr.contains("TWIN_SANDBOX_API_KEY"))
        #expect(!stdout.contains("listening"))
    }

    @Test func theKeyFileIsRead() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-key-\(UUID().uuidString)")
        try "sk-sandbox-file-key\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let command = try Twin.parseAsRoot(["sandbox", "--api-key-file", file.path]) as? SandboxCommand
        #expect(command?.apiKeyFile == file.path)
    }
}
