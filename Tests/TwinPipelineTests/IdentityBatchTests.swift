import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinPipeline

/// `batch` over real HTTP: one person under two names warns `same-person` on both sessions.
@Suite(.timeLimit(.minutes(3))) struct IdentityBatchTests {
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
}
