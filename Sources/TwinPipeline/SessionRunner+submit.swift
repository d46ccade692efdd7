public import Foundation

extension SessionRunner {
    /// Runs one session outside a batch (`twin submit`): registers it in the journal under its
    /// folder's name, runs it, and with `cleanup` deletes its published media once it has ended.
    ///
    /// - Returns: the outcome; a cleanup that failed is appended to its detail.
    /// - Throws: ``PipelineError`` when the journal cannot be written.
    public func submit(folder: URL, displayPath: String, loader: SessionLoader,
                       cleanup: Bool) async throws(PipelineError) -> SessionOutcome {
        let id = folder.standardizedFileURL.lastPathComponent
        let loaded = try? loader.load(folder)
        try journal.register([JournalEntry(id: id, folder: folder.standardizedFileURL.path,
                                           twinName: options.name ?? loaded?.name ?? id,
                                           language: options.language ?? loaded?.language)])
        var outcome = await run(id: id, folder: folder, displayPath: displayPath)
        if cleanup, let reason = await cleanUp(ids: [id])[id] {
            outcome.detail = [outcome.detail, "cleanup failed: \(reason)"].compactMap { $0 }.joined(separator: "; ")
        }
        return outcome
    }
}
