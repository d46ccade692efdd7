internal import Foundation
internal import TwinMedia
public import TwinPipeline
public import TwinValidation

/// One self-contained HTML page of a `twin validate`, `submit` or `batch` run: inline CSS,
/// pictures as `data:` URIs, SVG overlays and curves, no script and no external URL.
///
/// Media pictures, landmarks and curves come from ``FileReport/detail``, filled when the run
/// validated with ``MediaValidator/collectReportData``; without it the page still shows every
/// finding and measurement.
public struct HTMLReport: Sendable {
    /// The page's heading, e.g. `twin validate`.
    public var title: String
    /// Validation entries (sessions first, then their files, as `twin validate` lists them).
    public var validation: ValidationReport?
    /// The sessions of a submit or batch run.
    public var batch: BatchReport?

    /// A page for a validation run.
    public init(validation: ValidationReport, title: String = "twin validate") {
        self.title = title
        self.validation = validation
    }

    /// A page for a submit or batch run, with the validation of its sessions when there is one.
    public init(batch: BatchReport, validation: ValidationReport? = nil, title: String = "twin batch") {
        self.title = title
        self.batch = batch
        self.validation = validation
    }

    /// The whole page: the summary, then one section per session (its outcome, findings, photos in pose order,
    /// video and audio), then the files validated outside any session.
    public func html() -> String {
        let (sessions, loose) = SessionSection.sections(validation: validation, batch: batch)
        let anchors = FirstOccurrences()
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(HTML.escaped(title)) report</title>\n<style>\n\(Self.css)\n</style>\n</head>\n<body>\n"
        page += "<header><h1>\(HTML.escaped(title)) report</h1></header>\n<main>\n"
        page += summary(sessions: sessions, loose: loose)
        for (index, section) in sessions.enumerated() {
            page += Self.session(section, number: index + 1, anchors: anchors)
        }
        if !loose.isEmpty {
            page += Self.looseFiles(loose, strict: validation?.strict ?? false, anchors: anchors)
        }
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// Writes the page to `path` atomically.
    ///
    /// - Throws: the file system's error when the file cannot be written.
    public func write(to path: String) throws {
        try Data(html().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    // MARK: Grouping

    /// A session entry with the files under it, or (session nil) files validated on their own.
    struct Group {
        var session: FileReport?
        var files: [FileReport]
        var entries: [FileReport] { (session.map { [$0] } ?? []) + files }
    }

    /// Splits `twin validate`'s flat list: a `.session` entry owns the entries after it whose
    /// path lies inside its folder.
    static func groups(_ entries: [FileReport]) -> [Group] {
        var groups: [Group] = []
        for entry in entries {
            if entry.kind == .session {
                groups.append(Group(session: entry, files: []))
            } else if let last = groups.last, let session = last.session,
                      entry.path.hasPrefix(session.path.hasSuffix("/") ? session.path : session.path + "/") {
                groups[groups.count - 1].files.append(entry)
            } else if let last = groups.last, last.session == nil {
                groups[groups.count - 1].files.append(entry)
            } else {
                groups.append(Group(session: nil, files: [entry]))
            }
        }
        return groups
    }

    static func verdict(_ report: FileReport, strict: Bool) -> Verdict {
        Verdict(findings: report.findings.map { (severity: $0.severity.rawValue, code: $0.code.rawValue) }, strict: strict)
    }
}

/// The codes already shown on the page: the first finding of each code carries the `id` the summary links to.
final class FirstOccurrences {
    private var seen: Set<String> = []

    /// ` id="first-…"` the first time `code` is shown, nothing after.
    func attribute(for code: String) -> String {
        seen.insert(code).inserted ? " id=\"\(Self.anchor(for: code))\"" : ""
    }

    static func anchor(for code: String) -> String { "first-" + HTML.identifier(code) }
}
