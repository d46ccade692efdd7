internal import Foundation
extension ValidationReport {
    /// GitHub Actions workflow commands: one `::error file=…,title=CODE::message` (or `::warning`)
    /// per finding, then the summary line. Actions shows only the first 10 annotations of a type
    /// per step, so pair this with ``githubStepSummary()`` appended to `$GITHUB_STEP_SUMMARY`.
    public func githubAnnotations() -> String {
        var out = ""
        for file in files {
            for finding in file.findings {
                let level = finding.severity == .error || strict ? "error" : "warning"
                out += "::\(level) file=\(property(file.path)),title=\(property(finding.code.rawValue))::"
                    + data(finding.message) + "\n"
            }
        }
        return out + summaryLine + "\n"
    }

    /// The full report as a Markdown table, for `$GITHUB_STEP_SUMMARY`.
    public func githubStepSummary() -> String {
        var out = "### twin validate: \(ok ? "passed" : "failed")\n\n\(summaryLine)\n\n"
        out += "| File | Result | Kind | Format | Size | Rotation | Findings |\n|---|---|---|---|---|---|---|\n"
        for file in files {
            let size = file.width.flatMap { w in file.height.map { "\(w)x\($0)" } } ?? ""
            let findings = file.findings.map { "**\($0.code)** (\($0.severity.rawValue)): \($0.message)" }
                .joined(separator: "<br>")
            let cells = [file.path, verdict(file), file.kind.rawValue, file.format ?? "", size,
                         file.rotation.map { "\($0)°" } ?? "", findings]
            out += "| " + cells.map(markdownCell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    // Escaping as the Actions runner decodes it (toolkit's escapeData / escapeProperty).
    private func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    private func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }
}
