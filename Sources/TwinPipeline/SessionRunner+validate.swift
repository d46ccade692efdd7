internal import Foundation
internal import TwinMedia

extension SessionRunner {
    /// The validate stage, which has no side effect: the session's files and the voice check, then the publish
    /// stage. A session that fails comes back `invalid`, with nothing uploaded.
    func validate(
        _ start: JournalEntry, folder: URL, displayPath: String, findings: inout [ReportedFinding]
    ) async throws -> JournalEntry {
        var entry = start
        let check = try await services.validator.check(folder, displayPath: displayPath)
        findings = check.reportedFindings
        options.collector?.add(check.reports)
        guard check.passes(strict: options.strict), let photos = check.session.mapping.orderedPhotos, let video = check.session.video else {
            return try refuse(entry, findings: findings)
        }
        let language = options.language ?? check.session.language ?? "English"
        if options.voiceCheck {
            let verdict = try await voiceVerdict(entry.id, video: video, language: language)
            let videoPath = check.fileReports.first { $0.kind == .video }?.path
            findings += verdict.findings.map { ReportedFinding(file: videoPath, finding: $0) }
            if !verdict.ok || (options.strict && !verdict.findings.isEmpty) {
                return try refuse(entry, findings: findings)
            }
        }
        let name = options.name ?? check.session.name
        entry = try journal.update(entry.id) {
            $0.stage = .validated
            $0.twinName = name
            $0.language = options.language ?? check.session.language
            $0.detail = nil
        }
        report(entry, "validated \(check.fileReports.count) files")
        return try await publish(entry, video: video, photos: photos, poses: check.session.mapping.assignments.map(\.pose.id))
    }
}
