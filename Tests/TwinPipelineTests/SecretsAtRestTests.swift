import Foundation
import TestSupport
import Testing
import TwinPipeline
import TwinPublish

/// Presigned URLs are credentials: the journal keeps object keys and redacted URLs, and /create gets URLs signed
/// afresh from the keys.
@Suite(.hangBackstop)
struct SecretsAtRestTests {
    @Test(.tags(.slow), .fullRunOnly) func presignedURLsAreNeverStoredButCreateStillGetsThem() async throws {
        let moto = try await MotoS3.launch(enforcesSignatures: false)
        defer { moto.server.stop() }
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("pat")
        let publisher = try moto.publisher(prefix: "twins")
        let journal = try harness.journal()
        let report = try await harness.batch(harness.runner(journal: journal, publisher: publisher)).run()
        #expect(report.ok, "the sandbox fetched the media through URLs signed for /create: \(report.sessions.first?.detail ?? "")")

        let entry = try #require(try journal.entry("pat"))
        let stored = [entry.videoURL ?? ""] + (entry.imageURLs ?? [])
            + (try journal.uploads(for: "pat")).flatMap { [$0.url, $0.displayURL] }
        #expect(stored.allSatisfy { $0.contains("X-Amz-Signature=<redacted>") }, "\(stored)")
        var onDisk = ""
        for suffix in ["", "-wal"] {
            let file = harness.workspace.root.appendingPathComponent("journal.sqlite" + suffix)
            onDisk += String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
        }
        #expect(onDisk.contains("X-Amz-Signature=<redacted>"), "the journal was read")
        #expect(onDisk.firstMatch(of: #/X-Amz-Signature=[0-9a-f]{8}/#) == nil, "no signature in the journal's files")
        #expect(onDisk.firstMatch(of: #/X-Amz-Credential=[A-Za-z0-9]/#) == nil, "no credential in the journal's files")
    }
}
