internal import Foundation
internal import TwinMedia
internal import TwinVoice

extension SessionRunner {
    /// Marks a session invalid (nothing uploaded), naming its first errors.
    func refuse(_ entry: JournalEntry, findings: [ReportedFinding]) throws(PipelineError) -> JournalEntry {
        let errors = findings.filter { $0.severity == .error || options.strict }
        let summary = errors.prefix(3).map { "\($0.code) (\($0.file.map { ($0 as NSString).lastPathComponent } ?? "session"))" }
            .joined(separator: ", ")
        let refused = try journal.update(entry.id) {
            $0.stage = .invalid
            $0.detail = "validation failed: \(summary)\(errors.count > 3 ? ", …" : ""); nothing was uploaded"
        }
        report(refused, refused.detail ?? "invalid")
        return refused
    }

    /// The voice verdict on a session's video: the journal's when the same file was checked in the
    /// same language before, else a new check against `/script` in `language` (fetched once per
    /// run; English is recognised, other languages get loudness and speech only), then recorded.
    func voiceVerdict(_ sessionID: String, video: URL, language: String) async throws -> VoiceVerdict {
        let attributes = try? FileManager.default.attributesOfItem(atPath: video.path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = attributes?[.modificationDate] as? Date ?? .distantPast
        // A verdict recorded by an earlier run has no loudness curve: a run that writes a report page checks again.
        if options.collector == nil, let recorded = try journal.voiceCheck(for: sessionID),
           recorded.matches(path: video.path, size: size, modifiedAt: modified, language: language),
           let verdict = recorded.decodedVerdict {
            return verdict
        }
        let check = VoiceSettings(language: language)
        let script = check.recognisesLanguage ? try await services.scripts.script(for: language) : nil
        let validator = MediaValidator(profile: services.validator.validator.profile,
                                       voice: VoiceSettings(script: script, language: language),
                                       collectReportData: options.collector != nil)
        let verdict = await VoiceVerdictCache.shared.verdict(for: video, validator: validator)
        // A check that could not run (no recogniser model) is not remembered: a later run, once it is installed, checks.
        if !verdict.findings.contains(where: { $0.code == .voiceNotChecked }) {
            try journal.recordVoiceCheck(JournalVoiceCheck(sessionID: sessionID, localPath: video.path, size: size,
                                                           modifiedAt: modified, language: language, verdict: verdict))
        }
        let codes = verdict.findings.map(\.code.rawValue).joined(separator: ", ")
        try journal.update(sessionID, event: "voice checked: " + (verdict.voice?.summary ?? "no audio")
            + (codes.isEmpty ? "" : " (\(codes))")) { _ in }
        return verdict
    }
}
