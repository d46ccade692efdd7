internal import Foundation
public import TwinMedia
public import TwinPipeline

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

    /// The whole page.
    public func html() -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(HTML.escaped(title)) report</title>\n<style>\n\(Self.css)\n</style>\n</head>\n<body>\n"
        page += "<header><h1>\(HTML.escaped(title)) report</h1></header>\n<main>\n"
        page += summary()
        if let batch { page += batch.sessions.map(Self.outcome).joined() }
        if let validation {
            for group in Self.groups(validation.files) {
                page += group.session.map { Self.session($0, files: group.files, strict: validation.strict) }
                    ?? Self.looseFiles(group.files, strict: validation.strict)
            }
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

    // MARK: Summary

    private func summary() -> String {
        var rows: [(label: String, passed: Int, failed: Int)] = []
        var findings: [(code: String, severity: String)] = []
        if let validation {
            let groups = Self.groups(validation.files)
            let sessions = groups.filter { $0.session != nil }
            if !sessions.isEmpty {
                let failed = sessions.filter { !$0.entries.allSatisfy { $0.passes(strict: validation.strict) } }.count
                rows.append(("sessions", sessions.count - failed, failed))
            }
            let files = validation.files.filter { $0.kind != .session }
            let failedFiles = files.filter { !$0.passes(strict: validation.strict) }.count
            rows.append(("files", files.count - failedFiles, failedFiles))
            findings += validation.files.flatMap(\.findings).map { (code: $0.code.rawValue, severity: $0.severity.rawValue) }
        }
        if let batch {
            let failed = batch.sessions.filter { !$0.ok }.count
            rows.append(("sessions (\(title))", batch.sessions.count - failed, failed))
            if validation == nil { findings += batch.sessions.flatMap(\.findings).map { (code: $0.code, severity: $0.severity.rawValue) } }
        }
        let ok = (validation?.ok ?? true) && (batch?.ok ?? true)
        var html = "<section class=\"summary\" id=\"summary\" aria-label=\"Summary\">\n"
        html += "<h2>Summary: \((ok ? Verdict.pass : .fail).badge)</h2>\n<table class=\"totals\">"
        html += "<tr><th scope=\"col\"></th><th scope=\"col\">passed</th><th scope=\"col\">failed</th></tr>"
        for row in rows {
            html += "<tr><th scope=\"row\">\(HTML.escaped(row.label))</th><td>\(row.passed)</td><td>\(row.failed)</td></tr>"
        }
        html += "</table>\n"
        var counts: [String: (severity: String, count: Int)] = [:]
        for finding in findings {
            counts[finding.code, default: (finding.severity, 0)].count += 1
        }
        if counts.isEmpty {
            html += "<p class=\"no-findings\">No findings.</p>\n"
        } else {
            html += "<table class=\"codes\"><caption>Findings by code</caption>"
                + "<tr><th scope=\"col\">code</th><th scope=\"col\">severity</th><th scope=\"col\">count</th></tr>"
            for (code, entry) in counts.sorted(by: { ($0.value.severity, $0.key) < ($1.value.severity, $1.key) }) {
                html += "<tr class=\"finding \(HTML.escaped(entry.severity))\"><td><code>\(HTML.escaped(code))</code></td>"
                    + "<td>\(HTML.escaped(entry.severity))</td><td>\(entry.count)</td></tr>"
            }
            html += "</table>\n"
        }
        return html + "</section>\n"
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

    static func findings(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "" }
        return "<ul class=\"findings\">" + findings.map { finding in
            "<li class=\"finding \(finding.severity.rawValue)\"><span class=\"severity\">\(finding.severity.rawValue)</span> "
                + "<code>\(HTML.escaped(finding.code.rawValue))</code>: \(HTML.escaped(finding.message))</li>"
        }.joined() + "</ul>\n"
    }

    static func verdict(_ report: FileReport, strict: Bool) -> Verdict {
        Verdict(findings: report.findings.map { (severity: $0.severity.rawValue, code: $0.code.rawValue) }, strict: strict)
    }
}
