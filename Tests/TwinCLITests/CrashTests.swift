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
@Suite(.hangBackstop) struct CrashTests {
    @Test(.tags(.slow), .fullRunOnly) func killedBatchesResumeWithoutDuplicateCreates() async throws {
        let workspace = try SessionWorkspace("crash")
        let sandbox = try SandboxProcess(timeScale: 120)  // a creation takes 1 s
        defer { sandbox.stop() }
        let media = workspace.root.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let host = try await StaticFileServer.start(root: media)
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
        let valid = (1...16).map { String(format: "s%02d", $0) }
        for name in valid { try workspace.copySession(demo, as: "batch/\(name)") }
        let invalid = try workspace.copy(demo, as: "batch/x-landscape")
        try FileManager.default.removeItem(at: invalid.appendingPathComponent("video.mp4"))
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("video/landscape.mp4"),
                                         to: invalid.appendingPathComponent("video.mp4"))
        let batch = workspace.root.appendingPathComponent("batch")
        let arguments = ["batch", batch.path, "--concurrency", "2",
                         "--api-url", sandbox.baseURL.absoluteString, "--api-rate", "0", "--poll-after", "0.05", "--poll-every", "0.05",
                         "--reconcile-timeout", "5",
                         "--to", "file://" + media.path, "--public-base-url", host.baseURL.absoluteString]
        let environment = ["CAPTIONS_API_KEY": sandbox.apiKey]

        var kills = 0
        var runs = 0
        var finalStatus: Int32?
        func log(_ run: Int) -> URL { workspace.root.appendingPathComponent("run-\(run).log") }
        while kills < 20 && runs < 60 {
            runs += 1
            let twin = try RunningTwin(arguments, environment: environment, log: log(runs))
            // The kill point: a random time into the run, unless it has ended by then.
            if await twin.exited.wait(within: .milliseconds(Int.random(in: 40...450))) {
                finalStatus = twin.process.terminationStatus
                break
            }
            await twin.kill()
            #expect(twin.process.terminationReason == .uncaughtSignal)
            kills += 1
        }
        while finalStatus == nil && runs < 80 {
            runs += 1
            let twin = try RunningTwin(arguments, environment: environment, log: log(runs))
            // A deadline only: the whole batch can take a minute on a busy 2-core machine.
            guard await twin.exited.wait(within: .seconds(150)) else {
                await twin.kill()
                Issue.record("run \(runs) did not end within 150 s: \(twin.output.suffix(2000))")
                break
            }
            twin.process.waitUntilExit()
            if twin.process.terminationReason == .exit { finalStatus = twin.process.terminationStatus }
        }
        #expect(kills >= 20, "the batch finished after only \(kills) kills")
        #expect(finalStatus == 1, "exit 1: the landscape session fails")

        let client = TwinAPIClient.makeHTTPClient()
        let stats = try await SandboxStats.fetch(baseURL: sandbox.baseURL, apiKey: try APIKey(sandbox.apiKey), httpClient: client)
        try? await client.shutdown()
        await host.shutdown()
        #expect(stats.createRequestsByName == Dictionary(uniqueKeysWithValues: valid.map { ($0, 1) }),
                "after \(kills) kills in \(runs) runs")

        let status = try await TwinProcess.run(["batch", batch.path, "--status", "--format", "json"])
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
            #expect(!(try String(contentsOf: log(run), encoding: .utf8)).contains(sandbox.apiKey), "run \(run)")
        }
    }
}
