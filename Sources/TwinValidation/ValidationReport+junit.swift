internal import Foundation
internal import TwinMedia
extension ValidationReport {
    /// JUnit XML: one `<testcase>` per entry (classname = kind), a `<failure>` per failing entry
    /// listing its findings, the reasoning and warnings in `<system-out>`.
    public func junit() -> String {
        let failed = failures.count
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<testsuites name="twin validate" tests="\#(files.count)" failures="\#(failed)" errors="0">"# + "\n"
        out += #"  <testsuite name="twin validate" tests="\#(files.count)" failures="\#(failed)" errors="0" skipped="0">"# + "\n"
        for file in files {
            out += #"    <testcase classname="\#(xml(file.kind.rawValue))" name="\#(xml(VisibleText.name(file.path)))">"# + "\n"
            if !file.passes(strict: strict) {
                let failing = file.findings.filter { strict || $0.severity == .error }
                let codes = failing.map(\.code.rawValue).joined(separator: ",")
                let first = failing.first.map { VisibleText.controls($0.message) } ?? ""
                out += #"      <failure type="\#(xml(codes))" message="\#(xml(first))">"#
                out += xml(failing.map { "\($0.severity.rawValue) \($0.code): \(VisibleText.controls($0.message))" }
                    .joined(separator: "\n"))
                out += "</failure>\n"
            }
            let lines = (file.notes + file.findings.filter { $0.severity == .warning }.map { "warning \($0.code): \($0.message)" })
                .map { VisibleText.controls($0) }
            if !lines.isEmpty {
                out += "      <system-out>\(xml(lines.joined(separator: "\n")))</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func xml(_ text: String) -> String { XMLText.escaped(text) }
}
