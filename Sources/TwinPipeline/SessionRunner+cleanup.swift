internal import Foundation
internal import TwinPublish

extension SessionRunner {
    /// Removes the published media of the finished sessions among `ids` (`--cleanup`).
    ///
    /// Objects are content-addressed, so two sessions may share one: an object that a session not
    /// yet finished still uses is kept, and removed by that session's own cleanup later.
    ///
    /// - Returns: the sessions whose cleanup failed, with the reason; they stay marked as not
    ///   cleaned up, so the next run tries again.
    @discardableResult
    public func cleanUp(ids: [String]) async -> [String: String] {
        var failures: [String: String] = [:]
        guard let entries = try? journal.entries() else { return failures }
        var inUse: Set<String> = []
        for entry in entries where !entry.stage.isTerminal {
            for upload in (try? journal.uploads(for: entry.id)) ?? [] { inUse.insert(upload.key) }
        }
        let wanted = Set(ids)
        for entry in entries where wanted.contains(entry.id) && entry.stage.isTerminal && !entry.cleanedUp {
            do {
                try await sweepKilledUploads(of: entry.id, adopting: false)
                let uploads = try journal.uploads(for: entry.id)
                try journal.update(entry.id, event: "cleanup: removing \(uploads.count) published files") { _ in }
                var kept = 0
                for upload in uploads {
                    if inUse.contains(upload.key) { kept += 1; continue }
                    try await services.publisher.unpublish(upload.key)
                }
                let updated = try journal.update(entry.id, event: "cleanup done" + (kept > 0 ? " (\(kept) shared files kept for unfinished "
                    + "sessions)" : "")) {
                    $0.cleanedUp = kept == 0
                }
                onProgressReport(updated, "removed its published media" + (kept > 0 ? " (\(kept) shared files kept)" : ""))
            } catch {
                failures[entry.id] = Self.describe(error)
            }
        }
        return failures
    }
}
