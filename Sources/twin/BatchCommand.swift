public import ArgumentParser
import Foundation
import TwinPipeline

/// `twin batch DIR`: every subfolder is a session; resumable through an SQLite journal.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Submit every session folder of DIR, concurrently and resumably (an SQLite journal).",
        discussion: """
            Every subfolder of DIR is a session. The journal (default DIR/.twin-journal.sqlite) records each \
            session's stage before and after every side effect: a batch killed at any point resumes where it \
            stopped, re-uses uploads, and never re-sends a /create whose outcome is unknown (it watches /list \
            for the twin for up to --reconcile-timeout first). --shard I/N takes a stable subset by name, so \
            N machines split a batch without coordinating. --status prints the journal.
            Exit status: 0 when every session is done, 1 when any failed, 2 on a usage error.
            """
    )

    @Argument(help: ArgumentHelp("The folder whose subfolders are the sessions.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The SQLite journal (default DIR/.twin-journal.sqlite).", valueName: "file"))
    var journal: String?

    @Option(help: "How many sessions run at once.")
    var concurrency = 4

    @Option(help: ArgumentHelp("Take only shard I of N (1-based), chosen by session name: I/N.", valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Write a report of every session to this file (a .html name: the HTML page).", valueName: "file"))
    var report: String?

    @Option(help: "Report format: junit or json (default: from the --report extension, .xml → junit), or text.")
    var format: BatchReport.Format?

    @Flag(help: "Print the journal and exit.")
    var status = false

    @Flag(help: "Take sessions that FAILED in an earlier run up again (uploads are re-used).")
    var retryFailed = false

    @OptionGroup(title: "Pipeline")
    var pipeline: PipelineOptions

    @OptionGroup(title: "AI Twin API")
    var api: APIOptions

    @OptionGroup(title: "Publishing")
    var publishing: PublishOptionsArguments

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be 1 or more") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError(CommandFailure.message(for: error)) }
        }
    }

    private var journalURL: URL {
        journal.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: directory).appendingPathComponent(".twin-journal.sqlite")
    }

    func run() async throws {
        if status { return try printStatus() }
        let root = URL(fileURLWithPath: directory)
        let shard = try self.shard.map { try Shard(parsing: $0) } ?? .all
        let context = try await PipelineContext.make(api: api, publishing: publishing, pipeline: pipeline,
                                                 collectingReportData: (report.map(ReportOptions.isHTML) ?? false) && format == nil)
        let result: BatchReport
        do {
            let lock = try Journal.Lock(journal: journalURL)
            let journal = try Journal(path: journalURL)
            let progress = PipelineProgress(total: try BatchRunner.sessionFolders(in: root, shard: shard).count)
            let runner = SessionRunner(services: context.services, journal: journal, options: context.options, onProgress: progress.update)
            let batch = BatchRunner(directory: root, runner: runner, loader: context.loader, concurrency: concurrency,
                                    shard: shard, cleanup: pipeline.cleanup, retryFailed: retryFailed)
            result = try await batch.run()
            progress.finish()
            withExtendedLifetime(lock) {}
        } catch {
            await context.close()
            throw CommandFailure(error)
        }
        await context.close()
        FileHandle.standardOutput.write(Data(result.table().utf8))
        if let report, ReportOptions.isHTML(report), format == nil {
            try ReportOptions.write(batch: result, validated: context.options.collector, to: report, command: "batch")
        } else if let report {
            let format = self.format ?? (report.lowercased().hasSuffix(".json") ? .json : .junit)
            do {
                try Data(result.rendered(as: format).utf8).write(to: URL(fileURLWithPath: report))
            } catch {
                FileHandle.standardError.write(Data("twin batch: cannot write the report \(report): \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
        }
        if !result.ok { throw ExitCode(1) }
    }

    private func printStatus() throws {
        do {
            guard let journal = try Journal.existing(at: journalURL) else {
                throw ValidationError("no journal at \(journalURL.path): run `twin batch \(directory)` first, or pass --journal")
            }
            let text = format == .json ? try journal.statusJSON() : try journal.statusTable()
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch let error as PipelineError {
            throw CommandFailure(error)
        }
    }
}

extension BatchReport.Format: ExpressibleByArgument {}
