import Foundation
import TestSupport
import Testing
import TwinSigning
@testable import TwinPipeline
@testable import TwinPublish

/// A killed run's leftovers (issue 8, row 17), made on the real servers exactly as a run killed at that point
/// leaves them, with the intent the run had written to the journal: a rerun and `--cleanup` sweep them.
@Suite(.hangBackstop)
struct UploadIntentTests {
    /// A WebDAV temporary, an object whose upload finished unrecorded for a file that has changed since (removed),
    /// one for the unchanged session video (adopted: the resumed publish re-uses it): the resumed run completes,
    /// and the collection then holds exactly the session's objects and their records.
    @Test func resumedRunSweepsWebDAVLeftoversAndAdoptsAFinishedUpload() async throws {
        let nginx = try await NginxWebDAV.launch()
        defer { nginx.server.stop() }
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let folder = try harness.addSession("pat")
        let collection = "/media-\(UUID().uuidString.prefix(8))"
        let publisher = try Publishers.make(
            target: PublishTarget(parsing: "webdav+\(nginx.server.baseURL)\(collection)"), options: PublishOptions(),
            environment: ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": nginx.password])
        let journal = try harness.journal()
        try journal.register([JournalEntry(id: "pat", folder: folder.path, twinName: "pat")])

        let video = folder.appendingPathComponent("video.mp4")
        let finished = try await publisher.publish(video)
        try record(journal, file: video, role: "video", target: publisher.intentTarget, UploadIntent(key: finished.key))
        let stray = harness.workspace.root.appendingPathComponent("stray.jpg")
        try Data(repeating: 7, count: 5000).write(to: stray)
        let strayObject = try await publisher.publish(stray)
        try record(journal, file: stray, role: "neutral", target: publisher.intentTarget, UploadIntent(key: strayObject.key))
        try Data(repeating: 8, count: 5000).write(to: stray)  // changed since: its object is not adopted
        let temporary = ".incoming-\(UUID().uuidString).mp4"
        try Data(repeating: 1, count: 4096).write(to: nginx.root.appendingPathComponent(collection).appendingPathComponent(temporary))
        try record(journal, file: video, role: "video", target: publisher.intentTarget, UploadIntent(temporary: temporary))

        let log = ProgressLog()
        var options = PipelineHarness.fastOptions
        options.voiceCheck = false
        let outcome = await harness.runner(journal: journal, options: options, publisher: publisher, onProgress: log.record)
            .run(id: "pat", folder: folder, displayPath: "pat")
        #expect(outcome.ok, "\(outcome.detail ?? "")")
        #expect(log.messages("pat").contains { $0.contains("swept 3 uploads") && $0.contains("1 kept for re-use") },
                "\(log.messages("pat"))")
        let uploads = try journal.uploads(for: "pat")
        let names = try FileManager.default.contentsOfDirectory(atPath: nginx.root.appendingPathComponent(collection).path).sorted()
        #expect(names == Set(uploads.map(\.key)).flatMap { [$0, $0 + ".sha256"] }.sorted(), "nothing but the session's objects")
        #expect(try journal.openUploadIntents(for: "pat").isEmpty)
        #expect(try journal.events(for: "pat").contains { $0.message.contains("swept 3 uploads") })
    }

    /// `--cleanup` of a session that ended after a killed upload removes the object that finished uploading but was
    /// never recorded (the journal knew only the intent), and aborts S3 multipart uploads: the recorded one, and
    /// one started before its id reached the journal.
    @Test func cleanupRemovesUnrecordedObjectsAndAbortsMultipartUploads() async throws {
        let moto = try await MotoS3.launch(enforcesSignatures: false)
        defer { moto.server.stop() }
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let publisher = try moto.publisher(prefix: "twins")
        let s3 = try #require(publisher as? S3Publisher)
        let journal = try harness.journal()
        try journal.register([JournalEntry(id: "kim", folder: "/nowhere/kim", twinName: "kim")])

        let file = harness.workspace.root.appendingPathComponent("photo.jpg")
        try Data(repeating: 3, count: 3000).write(to: file)
        let finished = try await publisher.publish(file)
        try record(journal, file: file, role: "neutral", target: publisher.intentTarget, UploadIntent(key: finished.key))
        let recordedID = try await startMultipart(s3, key: "twins/" + String(repeating: "a", count: 64) + ".mp4")
        try record(journal, file: file, role: "video", target: publisher.intentTarget,
                   UploadIntent(key: "twins/" + String(repeating: "a", count: 64) + ".mp4", uploadID: recordedID))
        _ = try await startMultipart(s3, key: "twins/" + String(repeating: "b", count: 64) + ".mp4")
        try record(journal, file: file, role: "teeth", target: publisher.intentTarget,
                   UploadIntent(key: "twins/" + String(repeating: "b", count: 64) + ".mp4"))
        #expect(try await multipartUploads(s3).count == 2)
        try journal.update("kim") { $0.stage = .failed }

        let failures = await harness.runner(journal: journal, publisher: publisher).cleanUp(ids: ["kim"])
        #expect(failures.isEmpty, "\(failures)")
        #expect(try await multipartUploads(s3).isEmpty, "every multipart upload aborted")
        let head = try await s3.send("HEAD", key: finished.key)
        #expect(head.status == 404, "the object that finished unrecorded is removed")
        #expect(try journal.openUploadIntents(for: "kim").isEmpty)
        #expect(try journal.entry("kim")?.cleanedUp == true)
    }

    /// An intent for another target (the run was resumed with another `--to`) is left open, not swept here.
    @Test func intentsOfAnotherTargetStayOpen() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let journal = try harness.journal()
        try journal.register([JournalEntry(id: "lee", folder: "/nowhere/lee", twinName: "lee")])
        let file = harness.workspace.root.appendingPathComponent("photo.jpg")
        try Data(repeating: 3, count: 3000).write(to: file)
        try record(journal, file: file, role: "neutral", target: "webdav http://elsewhere/media",
                   UploadIntent(temporary: ".incoming-x.jpg"))
        try journal.update("lee") { $0.stage = .failed }
        let failures = await harness.runner(journal: journal).cleanUp(ids: ["lee"])
        #expect(failures.isEmpty)
        #expect(try journal.openUploadIntents(for: "lee").count == 1)
    }

    private func record(_ journal: Journal, file: URL, role: String, target: String, _ intent: UploadIntent) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let id = try journal.beginUpload(JournalUploadIntent(
            sessionID: (try journal.entries().first?.id) ?? "", role: role, localPath: file.path,
            size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, modifiedAt: attributes[.modificationDate] as? Date ?? .distantPast,
            target: target, startedAt: Date()))
        try journal.recordIntent(id, intent)
    }

    private func startMultipart(_ s3: S3Publisher, key: String) async throws -> String {
        let response = try await s3.send("POST", key: key, query: [.init("uploads", "")])
        return try #require(Transport.Response.element("UploadId", in: response.body))
    }

    private func multipartUploads(_ s3: S3Publisher) async throws -> [(key: String, uploadID: String)] {
        let response = try await s3.send("GET", key: "", query: [.init("uploads", "")])
        return S3Publisher.uploads(inListing: response.body)
    }
}
