internal import Foundation
internal import TwinMedia
extension ValidationReport {
    /// A table (path, kind, format, displayed size, rotation, verdict) with each file's reasoning
    /// and findings under it, and a summary line. ANSI colour only when `colour` is true. Control
    /// characters in names, notes and messages are shown escaped (``VisibleText``).
    public func text(colour: Bool) -> String {
        let paint = Paint(enabled: colour)
        let headers = ["FILE", "KIND", "FORMAT", "CODEC", "SIZE", "ROT", "RESULT"]
        let rows: [[String]] = files.map { file in
            [
                VisibleText.name(file.path),
                file.kind.rawValue,
                file.format ?? "-",
                [file.videoCodec, file.audioCodec].compactMap { $0 }.joined(separator: "+").ifEmpty("-"),
                file.width.flatMap { w in file.height.map { "\(w)x\($0)" } } ?? "-",
                file.rotation.map { "\($0)°" } ?? "-",
                verdict(file),
            ]
        }
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String], result: (String) -> String = { $0 }) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? result(cell) : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = paint.bold(line(headers)) + "\n"
        for (file, row) in zip(files, rows) {
            out += line(row) { cell in
                switch cell {
                case "ok": paint.green(cell)
                case "warn": paint.yellow(cell)
                default: paint.red(cell)
                }
            } + "\n"
            for note in file.notes {
                out += "    " + paint.dim(VisibleText.controls(note)) + "\n"
            }
            for finding in file.findings.sorted(by: { $0.severity < $1.severity }) {
                let label = finding.severity == .error
                    ? paint.red("error   \(finding.code)") : paint.yellow("warning \(finding.code)")
                out += "    \(label): \(VisibleText.controls(finding.message))\n"
            }
        }
        out += "\n" + (ok ? paint.green(summaryLine) : paint.red(summaryLine)) + "\n"
        return out
    }

    /// `ok`, `warn` (warnings only, passing unless strict) or `FAIL`.
    func verdict(_ file: FileReport) -> String {
        if !file.passes(strict: strict) { return "FAIL" }
        return file.findings.isEmpty ? "ok" : "warn"
    }
}

/// ANSI styling that is a no-op when disabled (not a TTY).
private struct Paint {
    let enabled: Bool
    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    func red(_ text: String) -> String { wrap("31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
