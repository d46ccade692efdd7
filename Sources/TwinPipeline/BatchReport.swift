internal import Foundation
internal import TwinMedia

/// The outcome of a batch (or a single submit), and its JSON, JUnit and text renderings.
public struct BatchReport: Sendable, Codable {
    /// Every session of the run, by id.
    public var sessions: [SessionOutcome]

    public init(sessions: [SessionOutcome]) {
        self.sessions = sessions.sorted { $0.id < $1.id }
    }

    /// True when every session did its job.
    public var ok: Bool { sessions.allSatisfy(\.ok) }

    /// Report formats for `--report` / `--format`.
    public enum Format: String, Sendable, CaseIterable, Codable {
        case text, json, junit
    }

    /// The report in `format`.
    public func rendered(as format: Format) -> String {
        switch format {
        case .text: return table()
        case .json: return json()
        case .junit: return junit()
        }
    }

    /// `{"ok": …, "sessions": [{…}]}`, keys sorted.
    public func json() -> String {
        struct Document: Encodable {
            let ok: Bool
            let counts: [String: Int]
            let sessions: [SessionOutcome]
        }
        var counts: [String: Int] = [:]
        for session in sessions { counts[session.stage.rawValue, default: 0] += 1 }
        let encoder = JSONEncoder.report()
        let data = (try? encoder.encode(Document(ok: ok, counts: counts, sessions: sessions))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// JUnit XML: one test case per session, failed unless the session did its job.
    public func junit() -> String {
        let failures = sessions.filter { !$0.ok }.count
        let total = sessions.reduce(0) { $0 + $1.durationSeconds }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"twin batch\" tests=\"\(sessions.count)\" failures=\"\(failures)\" time=\"\(Self.seconds(total))\">\n"
        xml += "  <testsuite name=\"sessions\" tests=\"\(sessions.count)\" failures=\"\(failures)\" errors=\"0\" "
            + "time=\"\(Self.seconds(total))\">\n"
        for session in sessions {
            xml += "    <testcase classname=\"twin.session\" name=\"\(Self.escape(session.id))\" "
                + "time=\"\(Self.seconds(session.durationSeconds))\""
            let errors = session.findings.filter { $0.severity == .error }
            if session.ok {
                xml += ">\n"
            } else {
                let message = session.detail ?? errors.first?.message ?? "stopped at \(session.stage)"
                xml += ">\n      <failure type=\"\(session.stage)\" message=\"\(Self.escape(message))\">"
                let lines = errors.map { "\($0.code): \($0.file.map { "\($0): " } ?? "")\($0.message)" }
                xml += Self.escape(([message] + lines).joined(separator: "\n"))
                xml += "</failure>\n"
            }
            var out = ["twin: \(session.twinName)", "stage: \(session.stage)"]
            if let listed = session.listedName { out.append("listed as: \(listed)") }
            if let operation = session.operationID { out.append("operation: \(operation)") }
            out += session.findings.filter { $0.severity == .warning }.map { "warning \($0.code): \($0.message)" }
            xml += "      <system-out>\(Self.escape(out.joined(separator: "\n")))</system-out>\n"
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// The summary table printed at the end of a run.
    public func table() -> String {
        let header = ["SESSION", "STAGE", "TWIN", "DETAIL"]
        let rows = sessions.map { session -> [String] in
            let twin = session.listedName ?? session.operationID.map { "(operation \($0))" } ?? session.twinName
            let detail = session.ok ? (session.resumedFrom.map { "resumed from \($0)" } ?? "")
                : (session.detail ?? session.findings.first { $0.severity == .error }?.message ?? "")
            return [session.id, session.ok ? "✓ \(session.stage)" : "✗ \(session.stage)", twin, detail]
        }
        let done = sessions.filter(\.ok).count
        let summary = "\(done) of \(sessions.count) session\(sessions.count == 1 ? "" : "s") done, \(sessions.count - done) failed"
        return (textTableLines(header: header, rows: rows) + ["", summary]).joined(separator: "\n") + "\n"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    static func escape(_ text: String) -> String { XMLText.escaped(text) }
}
