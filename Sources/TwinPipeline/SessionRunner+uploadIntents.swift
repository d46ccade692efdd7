internal import Foundation
internal import TwinPublish

extension SessionRunner {
    /// Publishes one file of a session with an intent recorded in the journal before anything is sent, and
    /// everything the publisher announces (key, temporary name, multipart upload id) added to it as it goes.
    ///
    /// - Returns: the object and the intent's id, to mark done once the upload itself is recorded.
    func publishRecordingIntent(_ file: URL, role: String, of entry: JournalEntry, size: Int64, modified: Date) async throws
        -> (object: PublishedObject, intentID: Int64) {
        let journal = self.journal
        let intentID = try journal.beginUpload(JournalUploadIntent(
            sessionID: entry.id, role: role, localPath: file.path, size: size, modifiedAt: modified,
            target: services.publisher.intentTarget, startedAt: Date()))
        let object = try await publishWithRetries(file) { announced in try journal.recordIntent(intentID, announced) }
        return (object, intentID)
    }

    /// Sweeps what killed runs of this session left on the target: WebDAV temporaries and S3 multipart uploads
    /// always; an object that finished uploading but was never recorded is adopted when `adopting` and its local
    /// file is unchanged (the publish that follows finds it and re-uses it), and removed otherwise, unless a
    /// recorded upload of any session not cleaned up uses it (objects are content-addressed, so shared).
    ///
    /// Intents recorded for another target (the run was resumed with another `--to`) stay open: this publisher
    /// cannot reach them, and `twin batch --status` keeps showing them.
    func sweepKilledUploads(of sessionID: String, adopting: Bool) async throws {
        let intents = try journal.openUploadIntents(for: sessionID)
        guard !intents.isEmpty else { return }
        let publisher = services.publisher
        var inUse: Set<String> = []
        for other in try journal.entries() where !other.cleanedUp {
            for upload in try journal.uploads(for: other.id) { inUse.insert(upload.key) }
        }
        var swept = 0, adopted = 0, removed = 0, elsewhere = 0
        for intent in intents {
            guard intent.target == publisher.intentTarget, let id = intent.id else {
                elsewhere += 1
                continue
            }
            swept += try await publisher.sweep(intent.intent)
            if let key = intent.key {
                if adopting && Self.isUnchanged(intent) {
                    adopted += 1
                } else if !inUse.contains(key) {
                    try await publisher.unpublish(key)
                    removed += 1
                }
            }
            try journal.finishUpload(id)
        }
        var parts = ["\(swept) temporary or multipart uploads removed", "\(removed) unrecorded objects removed"]
        if adopted > 0 { parts.append("\(adopted) kept for re-use") }
        if elsewhere > 0 { parts.append("\(elsewhere) on another target left as they are") }
        let message = "swept \(intents.count) uploads a killed run left unfinished: " + parts.joined(separator: ", ")
        let updated = try journal.update(sessionID, event: message) { _ in }
        report(updated, message)
    }

    private static func isUnchanged(_ intent: JournalUploadIntent) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: intent.localPath),
              let size = (attributes[.size] as? NSNumber)?.int64Value, let modified = attributes[.modificationDate] as? Date else {
            return false
        }
        return size == intent.size && abs(modified.timeIntervalSince(intent.modifiedAt)) < 0.001
    }
}
