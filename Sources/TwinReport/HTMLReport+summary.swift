internal import Foundation
internal import TwinMedia
internal import TwinValidation

extension HTMLReport {
    /// The summary: one table of sessions and files by verdict, and one of findings by code, each code linking to
    /// its first occurrence on the page.
    func summary(sessions: [SessionSection], loose: [FileReport]) -> String {
        let strict = validation?.strict ?? false
        let sessionVerdicts = sessions.map(\.verdict)
        let fileVerdicts = sessions.flatMap { section in section.files.map(section.verdict(of:)) }
            + loose.map { Self.verdict($0, strict: strict) }
        let overall = sessionVerdicts.contains(.fail) || fileVerdicts.contains(.fail) ? Verdict.fail
            : sessionVerdicts.contains(.skip) ? .skip
            : sessionVerdicts.contains(.warn) || fileVerdicts.contains(.warn) ? .warn : .pass
        var html = "<section class=\"summary\" id=\"summary\" aria-label=\"Summary\">\n"
        html += "<h2>Summary: \(overall.badge)</h2>\n<table class=\"totals\"><tr><th scope=\"col\"></th>"
        let columns: [Verdict] = batch == nil ? [.pass, .warn, .fail] : [.pass, .warn, .fail, .skip]
        html += columns.map { "<th scope=\"col\">\($0.words)</th>" }.joined() + "</tr>"
        func row(_ label: String, _ verdicts: [Verdict], noSkip: Bool = false) -> String {
            "<tr><th scope=\"row\">\(label)</th>" + columns.map { column in
                "<td class=\"\(column.rawValue)\">" + (noSkip && column == .skip ? "–" : "\(verdicts.count { $0 == column })")
                    + "</td>"
            }.joined() + "</tr>"
        }
        if !sessions.isEmpty { html += row("sessions", sessionVerdicts) }
        if !fileVerdicts.isEmpty { html += row("files", fileVerdicts, noSkip: true) }
        html += "</table>\n"

        let findings = sessions.flatMap(\.allFindings) + loose.flatMap { $0.findings.map(PageFinding.init) }
        var counts: [String: (severity: String, count: Int)] = [:]
        for finding in findings {
            counts[finding.code, default: (finding.severity, 0)].count += 1
            if finding.severity == "error" { counts[finding.code]?.severity = "error" }
        }
        guard !counts.isEmpty else { return html + "<p class=\"no-findings\">No findings.</p>\n</section>\n" }
        html += "<table class=\"codes\"><caption>Findings by code</caption>"
            + "<tr><th scope=\"col\">code</th><th scope=\"col\">severity</th><th scope=\"col\">count</th></tr>"
        for (code, entry) in counts.sorted(by: { ($0.value.severity, $0.key) < ($1.value.severity, $1.key) }) {
            html += "<tr class=\"finding \(HTML.escaped(entry.severity))\"><td><a href=\"#\(FirstOccurrences.anchor(for: code))\">"
                + "<code>\(HTML.escaped(code))</code></a></td><td>\(HTML.escaped(entry.severity))</td><td>\(entry.count)</td></tr>"
        }
        return html + "</table>\n</section>\n"
    }
}
