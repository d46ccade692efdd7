import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinPipeline
import TwinSandbox

/// `batch` over real HTTP: one person under two names warns `same-person` on both sessions; a file shared by two
/// sessions stops the later one (`shared-media`) before it is published.
@Suite(.hangBackstop) struct IdentityBatchTests {
    @Test func onePersonUnderTwoNamesWarnsOnBoth() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        for name in ["alice", "bob"] { try harness.addSession(name) }
        let report = try await harness.batch(harness.runner(journal: try harness.journal())).run()
        #expect(report.sessions.allSatisfy { $0.ok }, "a warning does not stop a session")
        for (id, other) in [("alice", "bob"), ("bob", "alice")] {
            let outcome = try #require(report.sessions.first { $0.id == id })
            let same = outcome.findings.filter { $0.code == "same-person" }
            #expect(same.count == 1, "\(id): \(outcome.findings)")
            #expect(same.first?.severity == .warning)
            #expect(same.first?.message.contains("/\(other)'") == true, "\(same.first?.message ?? "")")
        }
    }

    @Test func aFileSharedByTwoSessionsStopsTheLaterOneBeforePublishing() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let alice = try harness.addSession("alice")
        let bob = try harness.addSession("bob")
        try FileManager.default.removeItem(at: bob.appendingPathComponent("teeth.jpg"))
        try FileManager.default.copyItem(at: alice.appendingPathComponent("teeth.jpg"), to: bob.appendingPathComponent("teeth.jpg"))
        // One at a time, alice first: the session validated second is the one stopped.
        let report = try await harness.batch(harness.runner(journal: try harness.journal()), concurrency: 1).run()
        let first = try #require(report.sessions.first { $0.id == "alice" })
        let second = try #require(report.sessions.first { $0.id == "bob" })
        #expect(first.ok && first.stage == .complete, "\(first)")
        #expect(!second.ok && second.stage == .invalid, "\(second)")
        let stopped = second.findings.filter { $0.code == "shared-media" }
        #expect(stopped.count == 1 && stopped.first?.severity == .error, "\(second.findings)")
        #expect(stopped.first?.message.contains("teeth.jpg") == true && stopped.first?.message.contains("/alice'") == true,
                "\(stopped.first?.message ?? "")")
        // The earlier session learns of it too, naming the later one.
        #expect(first.findings.contains { $0.code == "shared-media" && $0.message.contains("/bob'") }, "\(first.findings)")
        // Nothing of bob's was published or created.
        #expect(await harness.stats().createRequestsByName == ["alice": 1])
    }
}
