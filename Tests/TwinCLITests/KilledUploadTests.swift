import Foundation
import TestSupport
import Testing
import TwinSigning
@testable import TwinPublish
#if canImport(Glibc)
import Glibc
#endif

/// `twin submit` killed with SIGKILL while its S3 multipart upload is in progress (issue 8, row 17): the rerun
/// sweeps the upload the killed run left, and with `--cleanup` nothing of the session stays in the bucket.
@Suite(.hangBackstop)
struct KilledUploadTests {
    @Test(.tags(.slow), .fullRunOnly) func aRerunAbortsTheKilledMultipartUploadAndCleanupLeavesNothing() async throws {
        let moto = try await MotoS3.launch(enforcesSignatures: false)
        defer { moto.server.stop() }
        let sandbox = try SandboxProcess(timeScale: 400)
        defer { sandbox.stop() }
        let workspace = try SessionWorkspace("killed-upload")
        let session = try workspace.copy(TestPaths.fixtures.appendingPathComponent("sessions/demo"), as: "kim")
        // 24 MiB of `free` box after the demo video: still a valid MP4, now five 5 MiB parts.
        let video = try FileHandle(forWritingTo: session.appendingPathComponent("video.mp4"))
        try video.seekToEnd()
        let padding = 24 << 20
        try video.write(contentsOf: Data([UInt8((padding >> 24) & 0xFF), UInt8((padding >> 16) & 0xFF), UInt8((padding >> 8) & 0xFF),
                                          UInt8(padding & 0xFF)]) + Data("free".utf8) + Data(count: padding - 8))
        try video.close()
        let prefix = "killed-\(UUID().uuidString.prefix(8))"
        let journal = workspace.root.appendingPathComponent("journal.sqlite")
        let environment = moto.environment.merging(["CAPTIONS_API_KEY": sandbox.apiKey]) { $1 }
        let arguments = ["submit", session.path, "--journal", journal.path, "--api-url", sandbox.baseURL.absoluteString,
                         "--poll-after", "0.05", "--poll-every", "0.05", "--no-voice-check",
                         "--to", "s3://\(moto.bucket)/\(prefix)", "--s3-endpoint", moto.endpoint, "--part-size", "5MiB",
                         "--upload-concurrency", "1"]
        var options = PublishOptions()
        options.s3Endpoint = moto.endpoint
        let target = try PublishTarget(parsing: "s3://\(moto.bucket)/\(prefix)")
        let s3 = try #require(try Publishers.make(target: target, options: options, environment: moto.environment) as? S3Publisher)

        let killed = try RunningTwin(arguments, environment: environment, log: workspace.root.appendingPathComponent("run-1.log"))
        var seen: [(key: String, uploadID: String)] = []
        // Nothing tells when the upload has begun but the bucket itself.
        try await Polling.until("a multipart upload by the first run", within: .seconds(90), every: .milliseconds(5)) {
            seen = try await uploads(s3)
            return !seen.isEmpty || killed.exited.isOpen
        }
        await killed.kill()
        try #require(!seen.isEmpty, "the run was killed while a multipart upload was in progress: \(killed.output.suffix(2000))")
        #expect(killed.process.terminationReason == .uncaughtSignal)
        #expect(try await uploads(s3).map(\.uploadID).contains(seen[0].uploadID), "the killed run left its upload behind")

        let rerun = try RunningTwin(arguments + ["--cleanup"], environment: environment,
                                    log: workspace.root.appendingPathComponent("run-2.log"))
        try #require(await rerun.exited.wait(within: .seconds(90)), "the rerun ends: \(rerun.output.suffix(2000))")
        rerun.process.waitUntilExit()
        #expect(rerun.process.terminationStatus == 0, "\(rerun.output.suffix(2000))")
        #expect(try await uploads(s3).isEmpty, "no multipart upload is left")
        let listing = try await s3.send("GET", key: "", query: [.init("list-type", "2"), .init("prefix", prefix + "/")])
        #expect(!listing.body.contains("<Key>"), "--cleanup left nothing of the session: \(listing.body)")
    }

    private func uploads(_ s3: S3Publisher) async throws -> [(key: String, uploadID: String)] {
        S3Publisher.uploads(inListing: try await s3.send("GET", key: "", query: [.init("uploads", "")]).body)
    }
}
