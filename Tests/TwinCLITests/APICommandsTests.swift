import ArgumentParser
import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TwinAPI
@testable import twin

/// The API commands, through the parser and as real processes against `twin sandbox`.
@Suite(.hangBackstop)
struct APICommandsTests {
    static let key = "sk-cli-SECRET-key-42"

    @Test func sharedOptionsResolveFromFlagsAndEnvironment() throws {
        let options = try APIOptions.parse(["--api-url", "http://127.0.0.1:9/api", "--api-rate", "0", "--poll-every", "0.5"])
        #expect(try options.baseURL(environment: [:]).absoluteString == "http://127.0.0.1:9/api")
        #expect(try options.requestsPerMinute(environment: ["TWIN_API_RATE": "9"]) == 0)
        #expect(options.pollingSchedule == .init(firstCheckAfter: .seconds(30), interval: .milliseconds(500)))

        let defaults = try APIOptions.parse([])
        #expect(try defaults.baseURL(environment: ["CAPTIONS_API_URL": "http://h:1"]).absoluteString == "http://h:1")
        #expect(try defaults.baseURL(environment: [:]).absoluteString == "https://api.captions.ai/api/twin")
        #expect(try defaults.requestsPerMinute(environment: ["TWIN_API_RATE": "2"]) == 2)
        #expect(try defaults.requestsPerMinute(environment: [:]) == 5)
        #expect(throws: (any Error).self) { try defaults.requestsPerMinute(environment: ["TWIN_API_RATE": "fast"]) }
        #expect(throws: (any Error).self) { try defaults.apiKey(environment: [:]) }
        #expect(throws: (any Error).self) { try APIOptions.parse(["--api-url", "ftp://x"]) }
        #expect(throws: (any Error).self) { try APIOptions.parse(["--poll-every", "0"]) }
        #expect(throws: (any Error).self) { try APIOptions.parse(["--api-key", "x"]) }
    }

    @Test(arguments: [
        ["create", "--name", "sam", "--video-url", "https://h/v.mp4"],
        ["create", "--name", "", "--video-url", "https://h/v.mp4", "--image-url", "https://h/1.jpg"],
        ["create", "--name", "sam", "--video-url", "/tmp/v.mp4", "--image-url", "https://h/1.jpg"],
        ["delete", "sam"],
        ["sandbox", "--time-scale", "0"],
        ["status"],
    ])
    func invalidInvocationsAreRefusedByTheParser(arguments: [String]) {
        #expect(throws: (any Error).self) { try Twin.parseAsRoot(arguments) }
    }

    @Test(.tags(.slow), .fullRunOnly) func commandsAgainstASandboxProcess() async throws {
        let sandbox = try SandboxProcess(timeScale: 1000, apiKey: Self.key)
        defer { sandbox.stop() }
        let env = ["CAPTIONS_API_URL": sandbox.baseURL.absoluteString, "CAPTIONS_API_KEY": Self.key, "TWIN_API_RATE": "0"]

        let languages = try await TwinProcess.run(["languages"], environment: env)
        #expect(languages.status == 0)
        #expect(languages.stdout.split(separator: "\n").contains("English"))

        let script = try await TwinProcess.run(["script", "--language", "French", "--format", "json"], environment: env)
        #expect(script.status == 0)
        #expect(script.stdout.contains("\"language\" : \"French\""))

        let list = try await TwinProcess.run(["list", "--format", "json"], environment: env)
        #expect(list.stdout.contains("\"twins\" : ["))

        // Media that cannot be downloaded: the operation fails with the reason.
        let create = try await TwinProcess.run(
            ["create", "--name", "sam", "--video-url", "http://127.0.0.1:1/v.mp4", "--image-url", "http://127.0.0.1:1/1.jpg"],
            environment: env
        )
        #expect(create.status == 0)
        let operationID = create.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(operationID.count == 20)
        let status = try await TwinProcess.run(
            ["status", operationID, "--wait", "--poll-every", "0.05", "--format", "json"], environment: env
        )
        #expect(status.status == 1, "a FAILED operation exits with 1")
        #expect(status.stdout.contains("\"state\" : \"FAILED\""))
        #expect(status.stdout.contains("unreachable"))
        #expect(status.stderr.contains("status: FAILED"), "progress lines when not on a terminal")

        let missing = try await TwinProcess.run(["delete", "twin-7-ghost", "--yes"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Twin not found: twin-7-ghost"))
        // Without --yes and without a terminal to ask on, nothing is deleted.
        if isatty(STDIN_FILENO) == 0 {
            let unconfirmed = try await TwinProcess.run(["delete", "twin-7-ghost"], environment: env)
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.stderr.contains("--yes"))
        }

        var wrongKey = env
        wrongKey["CAPTIONS_API_KEY"] = Self.key + "-wrong"
        let refused = try await TwinProcess.run(["list", "--format", "json"], environment: wrongKey)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("\"code\" : \"unauthorized\""))

        var noKey = env
        noKey["CAPTIONS_API_KEY"] = ""
        let keyless = try await TwinProcess.run(["list"], environment: noKey)
        #expect(keyless.status == 2, "a missing key is a usage error")
        #expect(keyless.stderr.contains("CAPTIONS_API_KEY"))

        for output in [languages, script, list, create, status, missing, refused, keyless] {
            #expect(!output.stdout.contains("SECRET") && !output.stderr.contains("SECRET"))
        }
    }
}

extension APICommandsTests {
    @Test func ctrlCWhileWaitingLeavesTheOperationID() async throws {
        let sandbox = try SandboxProcess(timeScale: 1000, apiKey: Self.key)
        defer { sandbox.stop() }
        let process = Process()
        process.executableURL = TwinProcess.executable
        process.arguments = [
            "create", "--name", "sam", "--video-url", "http://127.0.0.1:1/v.mp4", "--image-url", "http://127.0.0.1:1/1.jpg",
            "--wait", "--poll-after", "600",
        ]
        process.environment = [
            "CAPTIONS_API_URL": sandbox.baseURL.absoluteString, "CAPTIONS_API_KEY": Self.key, "TWIN_API_RATE": "0",
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let exited = Latch.exit(of: process)
        try process.run()
        // Wait for the note that the operation started (it comes before the long first sleep).
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("waiting"),
              let chunk = try err.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty {
            seen.append(chunk)
        }
        process.interrupt()
        // A deadline, not a synchronisation: a process that ignored the interrupt fails the test
        // instead of hanging the run.
        let exitedInTime = await exited.wait(within: .seconds(30))
        if !exitedInTime { kill(process.processIdentifier, SIGKILL) }
        #expect(exitedInTime, "twin create must exit on Ctrl-C")
        let rest = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: seen + rest, as: UTF8.self)
        #expect(process.terminationStatus == 130)
        let id = stderr.components(separatedBy: "operation ").dropFirst().first?.prefix(20) ?? ""
        #expect(id.count == 20)
        #expect(stderr.contains("Resume with: twin status \(id) --wait"), "\(stderr)")
    }
}

extension APICommandsTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = ""
        var text: String { lock.withLock { stored } }
        func add(_ text: String) { lock.withLock { stored += text } }
    }

    @Test func progressIsABarOnATerminalAndLinesOtherwise() {
        let statuses = [
            OperationStatus(state: .queued, progress: 0), OperationStatus(state: .queued, progress: 0),
            OperationStatus(state: .processing, progress: 50), OperationStatus(state: .complete, progress: 100),
        ]
        let terminal = Lines()
        let bar = ProgressView(isTerminal: true) { terminal.add($0) }
        statuses.forEach(bar.show)
        bar.finish()
        #expect(terminal.text.components(separatedBy: "\r").count == 5, "redrawn in place")
        let halfway = String(repeating: "█", count: 15) + String(repeating: "░", count: 15) + "  50 % PROCESSING"
        #expect(terminal.text.contains(halfway))
        #expect(terminal.text.hasSuffix("100 % COMPLETE\n"))

        let plain = Lines()
        let lines = ProgressView(isTerminal: false) { plain.add($0) }
        statuses.forEach(lines.show)
        lines.finish()
        #expect(plain.text == "status: QUEUED 0 %\nstatus: PROCESSING 50 %\nstatus: COMPLETE 100 %\n", "one line per change")
    }
}
