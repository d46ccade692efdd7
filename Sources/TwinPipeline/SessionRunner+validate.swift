internal import Foundation
internal import TwinFaces
internal import TwinMedia

/// What the publish step uploads: the files validation chose, the photos in pose order.
struct PublishPlan: Sendable {
    var video: URL
    var photos: [URL]
    /// The pose id of each photo, in the same order.
    var poses: [String]
}

extension SessionRunner {
    /// The validate step, which has no side effect: the session's files and the voice check. A session that passes
    /// comes back `validated` with what to publish; one that fails comes back `invalid`, with nothing uploaded.
    func validate(
        _ start: JournalEntry, folder: URL, displayPath: String, findings: inout [ReportedFinding]
    ) async throws -> (JournalEntry, PublishPlan?) {
        let entry = start
        var check = try await services.validator.check(folder, displayPath: displayPath)
        let faces = services.validator.validator.profile.faces
        services.identities.register(&check, judge: IdentityJudge(maxDistance: faces.maxIdentityDistance))
        findings = check.reportedFindings
        guard check.passes(strict: options.strict), let photos = check.session.mapping.orderedPhotos, let video = check.session.video else {
            options.collector?.add(check.reports)
            reportFindings(entry, findings)
            return (try refuse(entry, findings: findings), nil)
        }
        let language = options.language ?? check.session.language ?? "English"
        guard options.voiceCheck else {
            options.collector?.add(check.reports)
            reportFindings(entry, findings)
            return try validated(entry, check: check, video: video, photos: photos)
        }
        let verdict = try await voiceVerdict(entry.id, video: video, language: language)
        options.collector?.add(check.reports.map { $0.kind == .video ? $0.adding(verdict) : $0 })
        let videoPath = check.fileReports.first { $0.kind == .video }?.path
        findings += verdict.findings.map { ReportedFinding(file: videoPath, finding: $0) }
        reportFindings(entry, findings)
        if !verdict.ok || (options.strict && !verdict.findings.isEmpty) {
            return (try refuse(entry, findings: findings), nil)
        }
        return try validated(entry, check: check, video: video, photos: photos)
    }

    /// Sends every finding of validation, warnings too, as one progress step, before anything is published.
    private func reportFindings(_ entry: JournalEntry, _ findings: [ReportedFinding]) {
        guard !findings.isEmpty else { return }
        let errors = findings.filter { $0.severity == .error }.count, warnings = findings.count - errors
        let message = "validation found \(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s")"
        onProgress(SessionProgress(sessionID: entry.id, stage: entry.stage, message: message, findings: findings))
    }

    /// Records a session that passed validation; what to publish.
    private func validated(_ start: JournalEntry, check: SessionVerdict, video: URL, photos: [URL]) throws -> (JournalEntry, PublishPlan) {
        var entry = start
        let name = options.name ?? check.session.name
        entry = try journal.update(entry.id) {
            $0.stage = .validated
            $0.twinName = name
            $0.language = options.language ?? check.session.language
            $0.detail = nil
        }
        report(entry, "validated \(check.fileReports.count) files")
        return (entry, PublishPlan(video: video, photos: photos, poses: check.session.mapping.assignments.map(\.pose.id)))
    }
}
