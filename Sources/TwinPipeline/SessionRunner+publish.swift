internal import Foundation
internal import TwinAPI
internal import TwinHTTP
internal import TwinPublish

/// The publish stage: every file uploaded (or an earlier upload re-used) and its URL verified.
extension SessionRunner {
    func publish(_ start: JournalEntry, _ plan: PublishPlan) async throws -> JournalEntry {
        var entry = try journal.update(start.id) { $0.stage = .publishing }
        try await sweepKilledUploads(of: entry.id, adopting: true)
        let recorded = Dictionary(try journal.uploads(for: entry.id).map { ($0.role, $0) }, uniquingKeysWith: { $1 })
        var urls: [String] = []
        var reused = 0
        for (role, file) in [("video", plan.video)] + zip(plan.poses, plan.photos).map({ ($0, $1) }) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = attributes?[.modificationDate] as? Date ?? .distantPast
            if let upload = recorded[role], upload.localPath == file.path, upload.size == size,
               abs(upload.modifiedAt.timeIntervalSince(modified)) < 0.001,
               upload.expiresAt.map({ $0.timeIntervalSince(now()) > options.minimumURLLifetime.seconds }) ?? true {
                urls.append(upload.displayURL)
                reused += 1
                continue
            }
            let (object, intentID) = try await publishRecordingIntent(file, role: role, of: entry, size: size, modified: modified)
            // Only the key and the redacted URL are stored: a presigned URL is a credential, signed again for /create.
            try journal.recordUpload(JournalUpload(
                sessionID: entry.id, role: role, localPath: file.path, size: size, modifiedAt: modified, key: object.key,
                url: object.displayURL, displayURL: object.displayURL, sha256: object.sha256, expiresAt: object.expiresAt))
            try journal.finishUpload(intentID)
            report(entry, "published \(file.lastPathComponent) → \(object.displayURL)")
            urls.append(object.displayURL)
        }
        entry = try journal.update(entry.id) {
            $0.stage = .published
            $0.videoURL = urls.first
            $0.imageURLs = Array(urls.dropFirst())
            $0.detail = nil
        }
        report(entry, "published and verified \(urls.count) files" + (reused > 0 ? " (\(reused) re-used from the journal)" : ""))
        return entry
    }

    /// Publishes one file. The publisher retries its requests; a URL check that fails on a dropped
    /// connection or a 5xx is tried again here too, since the whole publish is idempotent.
    func publishWithRetries(_ file: URL, recordingIntent: @Sendable (UploadIntent) async throws -> Void) async throws -> PublishedObject {
        // Three attempts, 400 ms then 600 ms apart.
        let loop = RetryLoop(maxAttempts: 3, backoff: Backoff(initial: .milliseconds(400), maximum: .milliseconds(600), jitter: 0),
                             clock: clock)
        return try await loop.run { _ in
            do {
                return .success(try await services.publisher.publish(file, recordingIntent: recordingIntent))
            } catch let error as PublishError where [.verificationFailed, .unreachable, .httpStatus].contains(error.code)
                && (error.status.map { $0 >= 500 || $0 == 429 } ?? true) {
                return .retry(otherwise: .failure(publishFailure(file, error)))
            } catch {
                throw publishFailure(file, error)
            }
        }
    }

    private func publishFailure(_ file: URL, _ error: any Error) -> PipelineError {
        PipelineError(.publishFailed, "publishing \(file.lastPathComponent) failed: \(Self.describe(error))")
    }
}
