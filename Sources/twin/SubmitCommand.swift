import ArgumentParser
import Foundation
import TwinMedia
import TwinPipeline

/// `twin submit SESSION`: validate, map poses, publish, /create, follow /status, print the twin.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit one recorded session: validate, map poses, publish and verify, /create, follow /status.",
        discussion: """
            Nothing is uploaded while anything fails validation. On success the twin's name as /list shows it \
            is printed on standard output (progress goes to standard error).
            Try it offline: twin submit fixtures/sessions/demo --sandbox
            Calibration media is biometric data (a face and a voice): pass --cleanup to delete the published \
            files once the operation is COMPLETE or FAILED.
            Exit status: 0 when the twin was created (or accepted, with --no-wait), 1 when the session failed.
            """
    )

    @Argument(help: ArgumentHelp("The session folder: one video and the calibration photos, with an optional twin.toml.",
                                 valueName: "session"))
    var session: String

    @Option(help: "The twin's name (default: the twin.toml name, else the folder's name).")
    var name: String?

    @Option(help: "The language sent to /create (default: the twin.toml language, else the API's default).")
    var language: String?

    @Flag(help: "Stop once /create accepted the session, printing the operation id.")
    var noWait = false

    @Option(help: ArgumentHelp("Record progress in this SQLite journal, so a rerun resumes (default: a temporary one).", valueName: "file"))
    var journal: String?

    @Option(help: "Output: text (the twin's name) or json (the session's outcome).")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup(title: "Pipeline")
    var pipeline: PipelineOptions

    @OptionGroup(title: "AI Twin API")
    var api: APIOptions

    @OptionGroup(title: "Publishing")
    var publishing: PublishOptionsArguments

    @OptionGroup(title: "Report")
    var reportOptions: ReportOptions

    func run() async throws {
        let folder = URL(fileURLWithPath: session)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(session) is not a folder; a session is a folder holding one video and the calibration photos")
        }
        let context = try await PipelineContext.make(api: api, publishing: publishing, pipeline: pipeline,
                                                 collectingReportData: reportOptions.wanted)
        var options = context.options
        options.wait = !noWait
        options.name = name
        options.language = language

        // Without --journal the run is not resumable, so its journal is a temporary file.
        let temporary = journal == nil
        let journalURL = journal.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("twin-submit-\(UUID().uuidString).sqlite")
        let outcome: SessionOutcome
        do {
            let lock = try Journal.Lock(journal: journalURL)
            defer { withExtendedLifetime(lock) {} }
            let progress = PipelineProgress(total: 1)
            let runner = SessionRunner(services: context.services, journal: try Journal(path: journalURL), options: options,
                                       onProgress: progress.update)
            outcome = try await runner.submit(folder: folder, displayPath: session, loader: context.loader, cleanup: pipeline.cleanup)
            progress.finish()
        } catch {
            await context.close()
            if temporary, !noteWhatStaysPublished(journal: journalURL) { removeJournal(journalURL) }
            throw CommandFailure(error)
        }
        await context.close()
        if temporary, !noteWhatStaysPublished(journal: journalURL) { removeJournal(journalURL) }
        try print(outcome)
        try reportOptions.write(batch: BatchReport(sessions: [outcome]), validated: options.collector, command: "submit")
        if !outcome.ok { throw ExitCode(1) }
    }

    /// With `--cleanup` but no `--journal`, a run that stopped before its cleanup (`--no-wait`, `--timeout`, an
    /// error) says what stays published and how to remove it, and keeps its journal so that nothing is forgotten.
    ///
    /// - Returns: true when the journal is kept.
    private func noteWhatStaysPublished(journal url: URL) -> Bool {
        guard pipeline.cleanup, let journal = try? Journal.existing(at: url), let entry = try? journal.entries().first,
              !entry.cleanedUp, let uploads = try? journal.uploads(for: entry.id), !uploads.isEmpty else { return false }
        let keys = uploads.map(\.key).joined(separator: " ")
        let note = """
            note: --cleanup did not run (the session stopped at \(entry.stage)): \(uploads.count) published files stay published.
              Remove them with the same publishing flags: twin unpublish \(keys)
              or finish the session, cleaning up at the end: twin submit \(session) --journal \(url.path) --cleanup
              (that journal is kept for it)

            """
        FileHandle.standardError.write(Data(note.utf8))
        return true
    }

    private func removeJournal(_ url: URL) {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    }

    private func print(_ outcome: SessionOutcome) throws {
        switch format {
        case .json:
            let encoder = JSONEncoder.report()
            let json = String(decoding: try encoder.encode(outcome), as: UTF8.self)
            FileHandle.standardOutput.write(Data((json + "\n").utf8))
        case .text:
            if outcome.ok {
                let line = outcome.listedName
                    ?? outcome.operationID.map { "operation \($0) (follow it with: twin status \($0) --wait)" } ?? outcome.twinName
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            } else {
                for finding in outcome.findings where finding.severity == .error {
                    let file = finding.file.map { "\($0): " } ?? ""
                    FileHandle.standardError.write(Data("error \(finding.code): \(file)\(finding.message)\n".utf8))
                }
                let detail = outcome.detail ?? "failed"
                FileHandle.standardError.write(Data("twin submit: \(outcome.id) stopped at \(outcome.stage): \(detail)\n".utf8))
            }
        }
    }
}
