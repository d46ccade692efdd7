import Foundation
internal import TwinFaces
public import TwinMedia
public import TwinValidation

/// What `twin validate` does, as one call: paths in, one report out.
public enum Preflight {
    /// Validates every path: a media file; a folder (its media files, recursively); a session folder, or a folder
    /// of sessions, checked as sessions too (the resolved pose order and the session findings, then the files).
    ///
    /// Entries keep the order of `paths`; a folder with no media, or one that cannot be listed, gets an
    /// `unreadable` entry of its own. Files are validated concurrently, one per core.
    ///
    /// - Parameters:
    ///   - loader: reads session folders (pose profile, photo order).
    ///   - strict: warnings fail the report too.
    /// - Throws: ``PipelineError`` only when a session folder cannot be checked at all.
    public static func validate(
        paths: [String], validator: MediaValidator = MediaValidator(), loader: SessionLoader = SessionLoader(), strict: Bool = false
    ) async throws(PipelineError) -> ValidationReport {
        let sessionValidator = SessionValidator(loader: loader, validator: validator)
        var entries: [Int: FileReport] = [:]  // folder problems, by argument position
        var unnamed: [Int: [FileReport]] = [:]  // files a folder holds under names that are not UTF-8, by argument position
        var files: [URL] = []
        var order: [(argument: Int, fileRange: Range<Int>)] = []
        var sessions: [Int: [SessionVerdict]] = [:]  // session folders, by argument position
        for (position, path) in paths.enumerated() {
            var isFolder: ObjCBool = false
            let start = files.count
            if let checks = try await sessionVerdicts(for: path, validator: sessionValidator) {
                sessions[position] = checks
                order.append((position, start..<start))
                continue
            }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                do {
                    let found = try MediaValidator.mediaFiles(in: URL(fileURLWithPath: path))
                    // Names no path can spell are entries too: an input is never dropped.
                    let unnamable = MediaValidator.unnamableEntries(in: URL(fileURLWithPath: path))
                    if !unnamable.isEmpty { unnamed[position] = unnamable }
                    if found.isEmpty, unnamable.isEmpty {
                        entries[position] = FileReport(path: path, kind: .unknown, findings: [
                            .error(.unreadable, "The folder contains no video or photo files."),
                        ])
                    }
                    files += found
                } catch {
                    entries[position] = FileReport(path: path, kind: .unknown, findings: [.error(.unreadable, "\(error)")])
                }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
            order.append((position, start..<files.count))
        }
        let reports = await validator.validate(files: files)
        // Every session of the run against every other, whichever argument named it.
        let positions = sessions.keys.sorted()
        var checks = positions.flatMap { sessions[$0] ?? [] }
        IdentityJudge(maxDistance: validator.profile.faces.maxIdentityDistance).compare(&checks)
        for position in positions {
            sessions[position] = Array(checks.prefix(sessions[position]?.count ?? 0))
            checks.removeFirst(sessions[position]?.count ?? 0)
        }
        let all = order.flatMap { item -> [FileReport] in
            let found: [FileReport] = Array(reports[item.fileRange]) + (unnamed[item.argument] ?? [])
            return (sessions[item.argument] ?? []).flatMap(\.reports) + (entries[item.argument].map { [$0] } ?? []) + found
        }
        return ValidationReport(files: all, strict: strict)
    }

    /// The checked sessions of a folder argument that is a session (or a folder of sessions): each
    /// session's own entry, showing its resolved pose order and session findings, then its files.
    /// Nil for any other path, which is validated file by file.
    static func sessionVerdicts(for path: String, validator: SessionValidator) async throws(PipelineError) -> [SessionVerdict]? {
        let folder = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        if SessionLoader.looksLikeSession(folder) {
            return [try await validator.check(folder, displayPath: path)]
        }
        let sessions = ((try? SessionLoader.sessionFolders(in: folder)) ?? []).filter(SessionLoader.looksLikeSession)
        guard !sessions.isEmpty else { return nil }
        var checks: [SessionVerdict] = []
        for session in sessions {
            let display = (path.hasSuffix("/") ? path : path + "/") + session.lastPathComponent
            checks.append(try await validator.check(session, displayPath: display))
        }
        return checks
    }
}
