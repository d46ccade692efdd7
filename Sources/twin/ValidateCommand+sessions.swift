import Foundation
import TwinMedia
import TwinPipeline

extension ValidateCommand {
    /// Report entries for a folder argument that is a session (or a folder of sessions): each
    /// session's own entry, showing its resolved pose order and session findings, then its files.
    /// Nil for any other path, which `twin validate` handles file by file.
    static func sessionReports(for path: String, options: SessionOptions, validator: MediaValidator) async throws -> [FileReport]? {
        let folder = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        let sessionValidator = SessionValidator(loader: try options.loader(), validator: validator)
        if SessionLoader.looksLikeSession(folder) {
            return try await sessionValidator.check(folder, displayPath: path).reports
        }
        let sessions = ((try? SessionLoader.sessionFolders(in: folder)) ?? []).filter(SessionLoader.looksLikeSession)
        guard !sessions.isEmpty else { return nil }
        var reports: [FileReport] = []
        for session in sessions {
            let display = (path.hasSuffix("/") ? path : path + "/") + session.lastPathComponent
            reports += try await sessionValidator.check(session, displayPath: display).reports
        }
        return reports
    }
}
