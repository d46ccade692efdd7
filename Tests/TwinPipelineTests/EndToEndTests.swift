import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinPipeline
import TwinSandbox

/// Batches over real HTTP: the sandbox API, a static file host, the folder publisher.
@Suite(.hangBackstop) struct EndToEndTests {
    @Test(.tags(.slow), .fullRunOnly) func mixedBatchCreatesOnlyTheValidSessions() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        for name in ["alice", "bob", "carol"] { try harness.addSession(name) }
        try harness.addSession("landscape", replacing: ["video.mp4": "video/landscape.mp4"])
        try harness.addSession("no-teeth", replacing: ["teeth.jpg": nil])
        try harness.addSession("corrupt", replacing: ["aah.jpg": "image/truncated.jpg"])
        let journal = try harness.journal()
        let report = try await harness.batch(harness.runner(journal: journal)).run()

        #expect(report.sessions.map(\.id) == ["alice", "bob", "carol", "corrupt", "landscape", "no-teeth"])
        #expect(report.sessions.filter(\.ok).map(\.id) == ["alice", "bob", "carol"])
        #expect(!report.ok)
        for valid in report.sessions.prefix(3) {
            #expect(valid.stage == .complete)
            #expect(valid.listedName?.hasPrefix("twin-") == true && valid.listedName?.hasSuffix("-\(valid.id)") == true)
        }
        let invalid = Dictionary(uniqueKeysWithValues: report.sessions.filter { !$0.ok }.map { ($0.id, $0) })
        #expect(invalid["landscape"]?.findings.contains { $0.code == "not-vertical" } == true)
        #expect(invalid["no-teeth"]?.findings.contains { $0.code == "missing-pose" } == true)
        #expect(invalid["corrupt"]?.findings.contains { $0.code == "corrupt" } == true)
        #expect(invalid.values.allSatisfy { $0.stage == .invalid })

        // Exactly one /create per valid session; nothing uploaded for the invalid ones.
        let stats = await harness.stats()
        #expect(stats.createRequestsByName == ["alice": 1, "bob": 1, "carol": 1])
        for id in ["corrupt", "landscape", "no-teeth"] { #expect(try journal.uploads(for: id).isEmpty) }
        #expect(try journal.uploads(for: "alice").map(\.role).sorted() == ["aah", "neutral", "ooh", "pursed", "teeth", "video"])
        #expect(try journal.entries().count == 6)

        // The report formats carry every session.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect((json["sessions"] as? [[String: Any]])?.count == 6)
        #expect(json["ok"] as? Bool == false)
        let junit = report.junit()
        #expect(junit.contains("tests=\"6\" failures=\"3\""))
        #expect(junit.contains("<failure type=\"invalid\""))

        // A rerun finds everything done: no new /create, every session reported.
        let again = try await harness.batch(harness.runner(journal: journal)).run()
        #expect(again.sessions.filter(\.ok).map(\.resumedFrom) == [.complete, .complete, .complete])
        #expect(await harness.stats().createRequestsByName == ["alice": 1, "bob": 1, "carol": 1])
    }

    @Test(.tags(.slow), .fullRunOnly) func aCreateWhoseAnswerWasLostIsAdoptedFromList() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("dana")
        let journal = try harness.journal()
        // A run that stopped after publishing.
        try await harness.publishOnly(journal: journal)
        var entry = try #require(try journal.entry("dana"))
        #expect(entry.stage == .published)
        // Then /create went out and the process died before the answer was recorded.
        _ = try await harness.client().createTwin(CreateTwinRequest(
            name: "dana", videoUrl: URL(string: entry.videoURL!)!, calibrationImageUrls: entry.imageURLs!.map { URL(string: $0)! }))
        entry = try journal.update("dana") { $0.stage = .createSent; $0.createSentAt = Date(); $0.listedBefore = [] }

        let log = ProgressLog()
        let report = try await harness.batch(harness.runner(journal: journal, onProgress: log.record)).run()
        #expect(report.ok)
        #expect(report.sessions.first?.listedName == "twin-1-dana")
        #expect(report.sessions.first?.resumedFrom == .createSent)
        #expect(await harness.stats().createRequestsByName == ["dana": 1])
        #expect(log.messages("dana").contains("found twin-1-dana in /list: adopted"))
        #expect(try journal.events(for: "dana").contains { $0.message == "adopted twin-1-dana from /list" })
    }

    @Test func aCreateThatNeverArrivedEndsCreateUnknownAndIsSentAgainOnlyOnRetryFailed() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("erin")
        let journal = try harness.journal()
        try await harness.publishOnly(journal: journal)
        // A twin of the same name that already existed must not be mistaken for this one.
        let entry = try #require(try journal.entry("erin"))
        try journal.update("erin") { $0.stage = .createSent; $0.createSentAt = Date(); $0.listedBefore = ["twin-9-erin"] }

        var options = PipelineHarness.fastOptions
        options.reconcileTimeout = .milliseconds(600)
        let log = ProgressLog()
        let runner = harness.runner(journal: journal, options: options, onProgress: log.record)
        let report = try await harness.batch(runner).run()
        // Nothing proves the first /create failed (a queued twin is not listed yet): never sent again on its own.
        #expect(!report.ok)
        #expect(report.sessions.first?.stage == .createUnknown)
        #expect(await harness.stats().createRequestsByName == [:])
        #expect(log.messages("erin").contains { $0.hasPrefix("create-unknown: /create was sent") })
        #expect(try journal.entry("erin")?.createAttempts == entry.createAttempts)

        let retried = try await BatchRunner(directory: harness.batchFolder, runner: runner, loader: SessionLoader(), concurrency: 1,
                                            shard: .all, cleanup: false, retryFailed: true).run()
        #expect(retried.ok, "--retry-failed sends it again, on the user's word")
        #expect(await harness.stats().createRequestsByName == ["erin": 1])
        #expect(try journal.entry("erin")?.createAttempts == entry.createAttempts + 1)
    }

    /// Issue 8, row 9: a rerun whose `/status` answers 404 for the recorded operation looks in `/list`; a twin
    /// not listed there is `create-unknown`, never created again on one look.
    @Test func anOperationUnknownToStatusOnARerunIsReconciledNotSentAgain() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("ida")
        let journal = try harness.journal()
        try await harness.publishOnly(journal: journal)
        let entry = try #require(try journal.entry("ida"))
        // A run recorded /create's answer, then the service forgot the operation (and no twin shows in /list).
        try journal.update("ida") {
            $0.stage = .created
            $0.createSentAt = Date()
            $0.operationID = "op-forgotten"
            $0.listedBefore = []
        }

        var options = PipelineHarness.fastOptions
        options.reconcileTimeout = .milliseconds(600)
        let log = ProgressLog()
        let report = try await harness.batch(harness.runner(journal: journal, options: options, onProgress: log.record)).run()
        #expect(!report.ok)
        #expect(report.sessions.first?.stage == .createUnknown)
        #expect(await harness.stats().createRequestsByName == [:], "a 404 from /status is no proof the twin was never made")
        #expect(try journal.entry("ida")?.createAttempts == entry.createAttempts)
        #expect(try journal.events(for: "ida").contains { $0.message == "operation op-forgotten unknown to /status" })
    }

    @Test func uploadsRecordedBeforeACrashAreReused() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("fay")
        let journal = try harness.journal()
        try await harness.publishOnly(journal: journal)
        // Killed while publishing: the stage says so, the uploads recorded so far stay.
        try journal.update("fay") { $0.stage = .publishing }
        let log = ProgressLog()
        let report = try await harness.batch(harness.runner(journal: journal, onProgress: log.record)).run()
        #expect(report.ok)
        #expect(log.messages("fay").contains("published and verified 6 files (6 re-used from the journal)"))
        #expect(!log.messages("fay").contains { $0.hasPrefix("published video.mp4") })
    }

    @Test func cleanupRemovesMediaButKeepsWhatAnUnfinishedSessionShares() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        // Two sessions holding the same files: within one run `shared-media` stops the later one, so they are
        // published by two runs (two shards), as sessions of separate runs or machines can be.
        let gus = try harness.addSession("gus")
        try harness.workspace.copy(gus, as: "batch/hal")
        let journal = try harness.journal()
        let gusOnly = try Shard(index: Shard.shardIndex(of: "gus", count: 1000), count: 1000)
        let halOnly = try Shard(index: Shard.shardIndex(of: "hal", count: 1000), count: 1000)
        #expect(!gusOnly.contains("hal") && !halOnly.contains("gus"))
        // hal stops after publishing the same (content-addressed) files gus uses.
        for shard in [halOnly, gusOnly] {
            try await harness.publishOnly(journal: journal, shard: shard)
        }
        try journal.update("gus") { $0.stage = .published }
        let first = try await harness.batch(harness.runner(journal: journal), shard: gusOnly, cleanup: true).run()
        #expect(first.sessions.map(\.id) == ["gus"] && first.ok)
        let media = {
            try FileManager.default.contentsOfDirectory(atPath: harness.mediaFolder.path)
                .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".sha256") }
        }
        #expect(try media().count == 6, "hal still needs the shared files")
        #expect(try journal.entry("gus")?.cleanedUp == false)

        let all = try await harness.batch(harness.runner(journal: journal), cleanup: true).run()
        #expect(all.ok)
        #expect(try media().isEmpty)
        #expect(try journal.entries().allSatisfy(\.cleanedUp))
    }

    @Test(.tags(.slow), .fullRunOnly) func twoSessionsWithOneTwinNameAreRefused() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let first = try harness.addSession("a-take")
        let second = try harness.addSession("b-take")
        for folder in [first, second] { try Data("name = \"Sam\"\n".utf8).write(to: folder.appendingPathComponent("twin.toml")) }
        let report = try await harness.batch(harness.runner(journal: try harness.journal())).run()
        #expect(report.sessions.map(\.ok) == [true, false])
        #expect(report.sessions.last?.detail?.contains("session 'a-take' has the same twin name 'Sam'") == true)
        #expect(await harness.stats().createRequestsByName == ["Sam": 1])
    }
}
