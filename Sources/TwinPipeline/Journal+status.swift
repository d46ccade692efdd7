internal import Foundation
internal import TwinMedia

extension Journal {
    /// The journal as `twin batch DIR --status` prints it: one line per session, then counts.
    public func statusTable() throws(PipelineError) -> String {
        let entries = try entries()
        guard !entries.isEmpty else { return "The journal \(path.path) holds no sessions yet.\n" }
        let formatter = ISO8601DateFormatter()
        let header = ["SESSION", "STAGE", "TWIN", "OPERATION", "UPDATED", "DETAIL"]
        let rows = entries.map { entry in
            [entry.id, entry.stage.rawValue + (entry.cleanedUp ? " (cleaned up)" : ""),
             entry.listedName ?? entry.twinName, entry.operationID ?? "-",
             formatter.string(from: entry.updatedAt), entry.detail ?? ""]
        }
        var counts: [SessionStage: Int] = [:]
        for entry in entries { counts[entry.stage, default: 0] += 1 }
        let summary = SessionStage.allCases.compactMap { stage in counts[stage].map { "\($0) \(stage)" } }.joined(separator: ", ")
        return (textTableLines(header: header, rows: rows) + ["", "\(entries.count) sessions: \(summary)"]).joined(separator: "\n") + "\n"
    }

    /// The journal as JSON: every entry with its uploads' keys.
    public func statusJSON() throws(PipelineError) -> String {
        let encoder = JSONEncoder.report()
        encoder.dateEncodingStrategy = .iso8601
        do {
            return String(decoding: try encoder.encode(["sessions": try entries()]), as: UTF8.self) + "\n"
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(.journal, "cannot encode the journal \(path.path): \(error)")
        }
    }
}
