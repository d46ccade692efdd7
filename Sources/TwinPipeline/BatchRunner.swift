public import Foundation
import TwinSettings

/// Runs every session folder of a directory (or one shard of them) through a ``SessionRunner``,
/// concurrently, recording everything in the journal.
public struct BatchRunner: Sendable {
    /// The folder whose subfolders are the sessions.
    public let directory: URL
    /// Runs each session.
    public let runner: SessionRunner
    /// Reads a session's name and language before it is registered.
    public let loader: SessionLoader
    /// How many sessions run at once.
    public var concurrency: Int
    /// Which sessions this machine takes.
    public var shard: Shard
    /// Remove published media once sessions finish.
    public var cleanup: Bool
    /// Take FAILED sessions up again (from validation; uploads are re-used).
    public var retryFailed: Bool

    public init(directory: URL, runner: SessionRunner, loader: SessionLoader, concurrency: Int = 4, shard: Shard = .all,
                cleanup: Bool = false, retryFailed: Bool = false) {
        self.directory = directory
        self.runner = runner
        self.loader = loader
        self.concurrency = max(1, concurrency)
        self.shard = shard
        self.cleanup = cleanup
        self.retryFailed = retryFailed
    }

    /// The sessions of this shard, by id, with their folders.
    public func sessionFolders() throws(PipelineError) -> [URL] {
        try Self.sessionFolders(in: directory, shard: shard)
    }

    /// The session folders of `directory` that belong to `shard`: what a batch over it runs.
    public static func sessionFolders(in directory: URL, shard: Shard = .all) throws(PipelineError) -> [URL] {
        try SessionLoader.sessionFolders(in: directory).filter { shard.contains($0.lastPathComponent) }
    }

    /// Registers every session of the shard in the journal (before anything else, so none is
    /// lost), checks every unpublished video's voice, then runs the sessions, at most
    /// `concurrency` at a time.
    ///
    /// - Returns: the outcome of every session of the shard the journal knows, including sessions
    ///   finished by earlier runs and sessions whose folder has gone.
    public func run() async throws(PipelineError) -> BatchReport {
        let journal = runner.journal
        let folders = try sessionFolders()
        try journal.register(folders.map { folder in
            let session = try? loader.load(folder)
            return JournalEntry(id: folder.lastPathComponent, folder: folder.path,
                                twinName: runner.options.name ?? session?.name ?? folder.lastPathComponent,
                                language: runner.options.language ?? session?.language)
        })
        if retryFailed {
            // A create-unknown session is sent again only now, on the user's word (they checked `twin list`).
            for entry in try journal.entries() where [.failed, .createUnknown].contains(entry.stage) && shard.contains(entry.id) {
                try journal.update(entry.id, event: "taken up again: \(setting: .failedSessionsRetry)") {
                    $0.stage = entry.stage == .createUnknown ? .published : .pending
                }
            }
        }
        // Two sessions with one twin name would be indistinguishable in /list, where a /create
        // of unknown outcome is looked for: the later ones (by id) are refused.
        var owner: [String: String] = [:]
        var refused: [String: String] = [:]
        for entry in try journal.entries() where shard.contains(entry.id) && folders.contains(where: { $0.lastPathComponent == entry.id }) {
            if let first = owner[entry.twinName] { refused[entry.id] = first } else { owner[entry.twinName] = entry.id }
        }
        let present = Set(folders.map(\.lastPathComponent))
        let displayRoot = directory.relativePath.hasSuffix("/") ? directory.relativePath : directory.relativePath + "/"
        await checkVoicesFirst(folders.filter { refused[$0.lastPathComponent] == nil })
        var outcomes: [SessionOutcome] = []
        await withTaskGroup(of: SessionOutcome.self) { group in
            var pending = folders.filter { refused[$0.lastPathComponent] == nil }[...]
            func startNext() {
                guard let folder = pending.popFirst() else { return }
                let runner = self.runner
                group.addTask {
                    await runner.run(id: folder.lastPathComponent, folder: folder, displayPath: displayRoot + folder.lastPathComponent)
                }
            }
            for _ in 0..<concurrency { startNext() }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                startNext()
            }
        }
        // A session validated earlier learns of its same-person or shared-media partners validated after it.
        for index in outcomes.indices {
            let raised = runner.services.identities.findingsRaisedLater(about: displayRoot + outcomes[index].id)
            outcomes[index].findings += raised.map { ReportedFinding(file: nil, finding: $0) }
        }
        for (id, first) in refused.sorted(by: { $0.key < $1.key }) {
            let entry = try journal.entry(id)
            outcomes.append(SessionOutcome(
                id: id, twinName: entry?.twinName ?? id, stage: entry?.stage ?? .pending, ok: false,
                detail: "session '\(first)' has the same twin name '\(entry?.twinName ?? id)'; give each session its own name in "
                    + "twin.toml"))
        }
        // Sessions the journal knows whose folder is gone are reported, never dropped.
        for entry in try journal.entries() where shard.contains(entry.id) && !present.contains(entry.id) {
            let ok = entry.stage == .complete
            outcomes.append(SessionOutcome(
                id: entry.id, twinName: entry.twinName, stage: entry.stage, ok: ok, listedName: entry.listedName,
                operationID: entry.operationID,
                detail: ok ? nil : "the session folder \(entry.folder) is gone; the journal says \(entry.stage)",
                resumedFrom: entry.stage))
        }
        if cleanup {
            let failures = await runner.cleanUp(ids: outcomes.map(\.id))
            for index in outcomes.indices {
                if let reason = failures[outcomes[index].id] {
                    outcomes[index].detail = [outcomes[index].detail, "cleanup failed: \(reason)"].compactMap { $0 }.joined(separator: "; ")
                }
            }
        }
        return BatchReport(sessions: outcomes)
    }
}
