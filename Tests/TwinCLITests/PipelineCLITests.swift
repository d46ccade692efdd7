import Foundation
import TestSupport
import Testing
import TwinPipeline

/// `twin submit` and `twin batch` as real processes, offline through `--sandbox`.
@Suite(.hangBackstop) struct PipelineCLITests {
    @Test(.tags(.slow), .fullRunOnly) func submitTheDemoSessionOffline() async throws {
        let result = try await TwinProcess.run(["submit", "fixtures/sessions/demo", "--sandbox"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "twin-1-demo\n")
        #expect(result.stderr.contains("demo: validated 6 files"))
        #expect(result.stderr.contains("demo: COMPLETE: twin-1-demo"))
    }

    @Test func submitUploadsNothingWhenValidationFails() async throws {
        try await withTemporaryFolder { folder in
            let session = folder.appendingPathComponent("wide")
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo"), to: session)
            try FileManager.default.removeItem(at: session.appendingPathComponent("video.mp4"))
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("video/landscape.mp4"),
                                             to: session.appendingPathComponent("video.mp4"))
            let result = try await TwinProcess.run(["submit", session.path, "--sandbox", "--format", "json"])
            #expect(result.status == 1)
            #expect(!result.stderr.contains("published"))
            let outcome = try JSONDecoder().decode(SessionOutcome.self, from: Data(result.stdout.utf8))
            #expect(outcome.stage == .invalid)
            #expect(outcome.findings.contains { $0.code == "not-vertical" && $0.file?.hasSuffix("wide/video.mp4") == true })
        }
    }

    /// A session that passes with a warning: `submit` prints it with its code and file, as `validate` does, before
    /// anything is published.
    @Test(.tags(.slow), .fullRunOnly) func submitPrintsEveryFindingBeforePublishing() async throws {
        try await withTemporaryFolder { folder in
            let session = folder.appendingPathComponent("cmyk")
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo"), to: session)
            let neutral = session.appendingPathComponent("neutral.jpg")
            try FileManager.default.removeItem(at: neutral)
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("phone/cmyk.jpg"), to: neutral)
            let result = try await TwinProcess.run(["submit", session.path, "--sandbox"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n").map(String.init)
            let warning = try #require(lines.firstIndex { $0.contains("warning cmyk-photo: \(neutral.path): ") }, "\(result.stderr)")
            let published = try #require(lines.firstIndex { $0.contains("published") })
            #expect(warning < published)
            #expect(lines.contains("cmyk: validation found 0 errors and 1 warning"))
        }
    }

    /// Five copies of one photo: every duplicate is printed with its code, and nothing is published.
    @Test func submitPrintsDuplicatePhotosAndPublishesNothing() async throws {
        try await withTemporaryFolder { folder in
            let session = folder.appendingPathComponent("copies")
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo"), to: session)
            for pose in ["ooh", "teeth", "aah", "pursed"] {
                let copy = session.appendingPathComponent("\(pose).jpg")
                try FileManager.default.removeItem(at: copy)
                try FileManager.default.copyItem(at: session.appendingPathComponent("neutral.jpg"), to: copy)
            }
            let result = try await TwinProcess.run(["submit", session.path, "--sandbox"])
            #expect(result.status == 1)
            #expect(!result.stderr.contains("published"))
            for pose in ["ooh", "teeth", "aah", "pursed"] {
                #expect(result.stderr.contains("error   duplicate-photo: \(session.path)/\(pose).jpg: "), "\(result.stderr)")
            }
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func submitNoWaitStopsAtTheOperation() async throws {
        let result = try await TwinProcess.run(["submit", "fixtures/sessions/demo", "--sandbox", "--no-wait", "--name", "Sam", "--format",
                                          "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let outcome = try JSONDecoder().decode(SessionOutcome.self, from: Data(result.stdout.utf8))
        #expect(outcome.stage == .created)
        #expect(outcome.twinName == "Sam")
        #expect(outcome.operationID?.isEmpty == false)
    }

    @Test(.tags(.slow), .fullRunOnly) func cleanupWithoutAJournalSaysWhatStaysPublishedWhenItCannotRun() async throws {
        let result = try await TwinProcess.run(["submit", "fixtures/sessions/demo", "--sandbox", "--no-wait", "--cleanup"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("6 published files stay published"), "\(result.stderr)")
        #expect(result.stderr.contains("twin unpublish "))
        let kept = try #require(result.stderr.split(separator: " ").first { $0.hasSuffix(".sqlite") }.map(String.init))
        #expect(FileManager.default.fileExists(atPath: kept), "the journal that knows the uploads is kept")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: kept + suffix) }
    }

    @Test(arguments: [
        (["submit", "fixtures/sessions/demo"], "--to TARGET"),
        (["submit", "fixtures/sessions/demo/video.mp4", "--sandbox"], "is not a folder"),
        (["batch", "fixtures/sessions", "--status"], "no journal"),
        (["batch", "fixtures/sessions", "--shard", "3/2", "--sandbox"], "shard 3/2 does not exist"),
        (["submit", "fixtures/sessions/demo", "--sandbox", "--order", "shuffled"], "order"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) async throws {
        let result = try await TwinProcess.run(arguments, environment: ["CAPTIONS_API_KEY": ""])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(.tags(.slow), .fullRunOnly) func batchWritesAReportAndTheJournalAndTakesItsShard() async throws {
        try await withTemporaryFolder { folder in
            let batch = folder.appendingPathComponent("batch")
            for name in ["alice", "bob", "carol", "dave"] {
                try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
                try copySession(TestPaths.fixtures.appendingPathComponent("sessions/demo"), to: batch.appendingPathComponent(name))
            }
            try FileManager.default.removeItem(at: batch.appendingPathComponent("dave/pursed.jpg"))
            let report = folder.appendingPathComponent("report.xml")
            let result = try await TwinProcess.run(["batch", batch.path, "--sandbox", "--report", report.path])
            #expect(result.status == 1, "dave misses a pose")
            #expect(result.stdout.contains("3 of 4 sessions done, 1 failed"))
            let junit = try String(contentsOf: report, encoding: .utf8)
            #expect(junit.contains("tests=\"4\" failures=\"1\""))
            #expect(junit.contains("missing-pose"))

            let status = try await TwinProcess.run(["batch", batch.path, "--status"])
            #expect(status.status == 0)
            #expect(status.stdout.contains("4 sessions: 1 invalid, 3 complete"))

            // A second shard set: shard 1 of 2 takes exactly the sessions FNV-1a puts there.
            let shardJournal = folder.appendingPathComponent("shard.sqlite")
            let shard = try await TwinProcess.run(["batch", batch.path, "--sandbox", "--shard", "1/2", "--journal", shardJournal.path, "--format",
                                             "json", "--report", folder.appendingPathComponent("r.json").path])
            let expected = ["alice", "bob", "carol", "dave"].filter { Shard.shardIndex(of: $0, count: 2) == 1 }
            let shardReport = try Data(contentsOf: folder.appendingPathComponent("r.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: shardReport) as? [String: Any])
            let ids = (json["sessions"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == expected, "\(shard.stdout)")
        }
    }
}
