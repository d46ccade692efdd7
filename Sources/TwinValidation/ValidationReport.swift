internal import Foundation
public import TwinMedia

/// The outcome of validating a set of files (and, from higher layers, session entries), with
/// renderers for the four output formats of `twin validate`.
public struct ValidationReport: Sendable, Hashable {
    /// One entry per file, in the order validated; higher layers may append `.session` entries.
    public var files: [FileReport]
    /// Whether warnings fail the run (`--strict`).
    public var strict: Bool

    public init(files: [FileReport], strict: Bool = false) {
        self.files = files
        self.strict = strict
    }

    /// True when every entry passes (no errors; under `strict`, no warnings either).
    public var ok: Bool { files.allSatisfy { $0.passes(strict: strict) } }

    /// Entries that do not pass.
    public var failures: [FileReport] { files.filter { !$0.passes(strict: strict) } }

    /// Counts of error and warning findings over all entries.
    public var counts: (errors: Int, warnings: Int) {
        let all = files.flatMap(\.findings)
        return (all.count { $0.severity == .error }, all.count { $0.severity == .warning })
    }

    /// One line: "9 files: 7 passed, 2 failed (3 errors, 1 warning)".
    public var summaryLine: String {
        let (errors, warnings) = counts
        let failed = failures.count
        return "\(plural(files.count, "file")): \(files.count - failed) passed, \(failed) failed "
            + "(\(plural(errors, "error")), \(plural(warnings, "warning")))" + (strict ? ", strict" : "")
    }

    /// The report in one of the output formats (`.text` without colour; see ``text(colour:)``).
    public func rendered(as format: ReportFormat, colour: Bool = false) -> String {
        switch format {
        case .text: text(colour: colour)
        case .json: json()
        case .junit: junit()
        case .github: githubAnnotations()
        }
    }
}

/// The output formats of `twin validate`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// A readable table with the reasoning per file (colour only when asked for, i.e. on a TTY).
    case text
    /// `{"ok": …, "files": [FileReport…]}`.
    case json
    /// JUnit XML, one test case per file, for CI dashboards.
    case junit
    /// GitHub Actions workflow commands (`::error file=…,title=CODE::message`).
    case github
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension ValidationReport {
    /// `{"ok": Bool, "files": [...]}` with every documented key (unknown values are `null`);
    /// under `strict`, a file's `ok` means it has neither errors nor warnings.
    public func json() -> String { jsonDocument().text }

    /// The JSON report, and whether it holds every file whole. A non-finite number becomes `null`; a file the
    /// encoder still refuses is replaced by its path, `"ok": false` and the encoder's error, the others kept,
    /// and the document's `ok` is false (the caller must then fail the run too).
    public func jsonDocument() -> (text: String, complete: Bool) {
        struct Document: Encodable {
            let ok: Bool
            let strict: Bool
            let files: [FileReport]
        }
        let encoder = JSONEncoder.report()
        encoder.userInfo[FileReport.strictUserInfoKey] = strict
        if let text = try? encoder.encodeNullingNonFinite(Document(ok: ok, strict: strict, files: files)) {
            return (text + "\n", true)
        }
        struct Unencodable: Encodable {
            let path: String
            let ok = false
            let error: String
        }
        var entries: [String] = []
        for file in files {
            do {
                entries.append(try encoder.encodeNullingNonFinite(file))
            } catch {
                let stand = Unencodable(path: file.path, error: "this file's report could not be encoded: \(error)")
                entries.append((try? encoder.encodeNullingNonFinite(stand)) ?? "null")
            }
        }
        let text = "{\n  \"files\" : [\n" + entries.joined(separator: ",\n") + "\n  ],\n  \"ok\" : false,\n  \"strict\" : \(strict)\n}\n"
        return (text, false)
    }
}
