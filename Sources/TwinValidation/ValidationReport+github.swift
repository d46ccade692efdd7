internal import Foundation
internal import TwinMedia
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

    /// The full report as a Markdown table, for `$GITHUB_STEP_SUMMARY`. Every cell is plain text: names and
    /// messages show control characters escaped, and Markdown and HTML in them are written as character
    /// references, so a file name can neither end the table nor add rows, comments or links of its own.
    public func githubStepSummary() -> String {
        var out = "### twin validate: \(ok ? "passed" : "failed")\n\n\(summaryLine)\n\n"
        out += "| File | Result | Kind | Format | Size | Rotation | Findings |\n|---|---|---|---|---|---|---|\n"
        for file in files {
            let size = file.width.flatMap { w in file.height.map { "\(w)x\($0)" } } ?? ""
            let findings = file.findings
                .map { "**\(markdownCell($0.code.rawValue))** (\($0.severity.rawValue)): \(markdownCell(VisibleText.controls($0.message)))" }
                .joined(separator: "<br>")
            let cells = [VisibleText.name(file.path), verdict(file), file.kind.rawValue, file.format ?? "", size,
                         file.rotation.map { "\($0)°" } ?? ""].map(markdownCell) + [findings]
            out += "| " + cells.joined(separator: " | ") + " |\n"
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

    /// `text` as literal Markdown table cell content: ASCII punctuation that Markdown or HTML could read
    /// (pipes, `<`, `*`, `[`, backticks, `/`, …) and any control character become numeric character
    /// references, which GitHub renders as the characters and never parses.
    private func markdownCell(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (scalar.isASCII && !".,-:'() ".unicodeScalars.contains(scalar)
                                        && scalar.properties.generalCategory.isPunctuationOrSymbol) {
                out += "&#\(scalar.value);"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }
}
