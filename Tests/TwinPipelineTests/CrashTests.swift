import AsyncHTTPClient
import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinSandbox
#if canImport(Glibc)
import Glibc
#endif

/// `twin batch` killed with SIGKILL at random points, then rerun until it completes: every valid
/// session is created exactly once, and the journal holds every session.
@Suite(.timeLimit(.minutes(3))) struct CrashTests {
    @Test func killedBatchesResumeWithoutDuplicateCreates() async throws {
        let workspace = try SessionWorkspace("crash")
        let sandbox = try SandboxProcess(timeScale: 120)  // a creation takes 1 s
        defer { sandbox.stop() }
        let media = workspace.root.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let host = try await StaticFileServer.start(root: media)
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
        let valid = (1...16).map { String(format: "s%02d", $0) }
        for name in valid { try workspace.copy(demo, as: "batch/\(name)") }
        let invalid = try workspace.copy(demo, as: "batch/x-landscape")
        try FileManager.default.removeItem(at: invalid.appendingPathComponent("video.mp4"))
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("video/landscape.mp4"), to: invalid.appendingPathComponent("video.mp4"))
        let batch = workspace.root.appendingPathComponent("batch")
        let arguments = ["batch", batch.path, "--concurrency", "2",
                         "--api-url", sandbox.baseURL.absoluteString, "--api-rate", "0", "--poll-after", "0.05", "--poll-every", "0.05",
                         "--reconcile-timeout", "5",
                         "--to", "file://" + media.path, "--public-base-url", host.baseURL.absoluteString]
        let environment = ["CAPTIONS_API_KEY": sandbox.apiKey]

        var kills = 0
        var runs = 0
        var finalStatus: Int32?
        while kills < 20 && runs < 60 {
            runs += 1
            let process = try Self.start(arguments, environment: environment, log: workspace.root.appendingPathComponent("run-\(runs).log"))
            let killAfter = Duration.milliseconds(Int.random(in: 40...450))
            if try await Self.exits(process, within: killAfter) {
                finalStatus = process.terminationStatus
                break
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            kills += 1
        }
        while finalStatus == nil && runs < 80 {
            runs += 1
            let process = try Self.start(arguments, environment: environment, log: workspace.root.appendingPathComponent("run-\(runs).log"))
            process.waitUntilExit()
            if process.terminationReason == .exit { finalStatus = process.terminationStatus }
        }
        #expect(kills >= 20, "the batch finished after only \(kills) kills")
        #expect(finalStatus == 1, "exit 1: the landscape session fails")

        let client = TwinAPIClient.makeHTTPClient()
        let stats = try await SandboxStats.fetch(baseURL: sandbox.baseURL, apiKey: try APIKey(sandbox.apiKey), httpClient: client)
        try? await client.shutdown()
        await host.shutdown()
        #expect(stats.createRequestsByName == Dictionary(uniqueKeysWithValues: valid.map { ($0, 1) }), "after \(kills) kills in \(runs) runs")

        let status = try TwinProcess.run(["batch", batch.path, "--status", "--format", "json"])
        #expect(status.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let sessions = try #require(object["sessions"] as? [[String: Any]])
        let stages = Dictionary(uniqueKeysWithValues: sessions.compactMap { entry in
            (entry["id"] as? String).map { ($0, entry["stage"] as? String ?? "") }
        })
        #expect(stages.count == 17)
        #expect(valid.allSatisfy { stages[$0] == "complete" })
        #expect(stages["x-landscape"] == "invalid")

        // The key reached the journal and the logs of no run.
        let journal = try Data(contentsOf: batch.appendingPathComponent(".twin-journal.sqlite"))
        #expect(journal.range(of: Data(sandbox.apiKey.utf8)) == nil)
        for run in 1...runs {
            let log = try String(contentsOf: workspace.root.appendingPathComponent("run-\(run).log"), encoding: .utf8)
            #expect(!log.contains(sandbox.apiKey), "run \(run)")
        }
    }

    static func start(_ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = TwinProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// True when the process exits on its own within `limit`.
    static func exits(_ process: Process, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if !process.isRunning { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return !process.isRunning
    }
}
