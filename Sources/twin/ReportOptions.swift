import ArgumentParser
import Foundation
import TwinMedia
import TwinPipeline
import TwinReport
import TwinValidation

/// `--report FILE.html`, shared by validate and submit (batch's own `--report` writes HTML for a
/// `.html` name): one self-contained page of the run.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write a self-contained HTML page of the run (thumbnails, faces, loudness, findings).",
                               valueName: "file.html"))
    var report: String?

    func validate() throws {
        if let report, !Self.isHTML(report) {
            throw ValidationError("--report writes an HTML page: give a file name ending in .html (not \(report))")
        }
    }

    /// Whether the page's data (thumbnails, landmarks, frames, loudness) must be collected.
    var wanted: Bool { report != nil }

    static func isHTML(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".html") || lower.hasSuffix(".htm")
    }

    /// Writes the page of a validation run, when asked for.
    func write(validation: ValidationReport, command: String) throws {
        guard let report else { return }
        try Self.write(HTMLReport(validation: validation, title: "twin \(command)"), to: report, command: command)
    }

    /// Writes the page of a submit or batch run, when asked for, with the sessions it validated.
    func write(batch: BatchReport, validated: ValidationCollector?, command: String) throws {
        guard let report else { return }
        try Self.write(batch: batch, validated: validated, to: report, command: command)
    }

    /// Writes the page of a submit or batch run to `path`, with the sessions it validated (their photos and frames).
    static func write(batch: BatchReport, validated: ValidationCollector?, to path: String, command: String) throws {
        let validation = validated.map { ValidationReport(files: $0.reports) }
        try write(HTMLReport(batch: batch, validation: validation, title: "twin \(command)"), to: path, command: command)
    }

    private static func write(_ page: HTMLReport, to path: String, command: String) throws {
        do {
            try Data(page.html().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("twin \(command): cannot write the report \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
    }
}
