internal import Foundation
internal import TwinMedia
internal import TwinPipeline
internal import TwinValidation

/// A finding as the page shows it: from validation (a ``Finding``) or from a submit or batch outcome (a
/// ``ReportedFinding``, whose code may be one the pipeline added).
struct PageFinding: Hashable {
    var severity: String
    var code: String
    var message: String

    init(severity: String, code: String, message: String) {
        self.severity = severity
        self.code = code
        self.message = message
    }

    init(_ finding: Finding) {
        self.init(severity: finding.severity.rawValue, code: finding.code.rawValue, message: finding.message)
    }

    init(_ finding: ReportedFinding) {
        self.init(severity: finding.severity.rawValue, code: finding.code, message: finding.message)
    }
}

/// One session as the page shows it, once: what validation saw of its files and, in a submit or batch run, how
/// it ended. The two are joined by the session folder's name.
struct SessionSection {
    /// The session folder's name, as the user knows the session.
    var name: String
    /// Where the run found it (shown when it says more than the name).
    var path: String
    /// The session's validation entry (pose mapping, shared media, identity), when validated in this run.
    var entry: FileReport?
    /// Its files' validation entries.
    var files: [FileReport]
    /// How a submit or batch run ended for it.
    var outcome: SessionOutcome?
    /// Findings about the session as a whole: its entry's, then the outcome's that validation did not report.
    var sessionFindings: [PageFinding]
    /// Outcome findings about one file that validation did not report, by the file's path on the page.
    var extraFileFindings: [String: [PageFinding]]
    var strict: Bool

    /// Every finding of a file: its own and the outcome's about it.
    func findings(of file: FileReport) -> [PageFinding] {
        file.findings.map(PageFinding.init) + (extraFileFindings[file.path] ?? [])
    }

    /// Every finding the section shows, in page order.
    var allFindings: [PageFinding] { sessionFindings + files.flatMap(findings(of:)) }

    /// The verdict in one word: from the outcome in a submit or batch run, from the findings otherwise.
    var verdict: Verdict {
        let judged = Verdict(findings: allFindings.map { (severity: $0.severity, code: $0.code) }, strict: strict)
        guard let outcome else { return judged }
        switch outcome.stage {
        case .invalid, .failed: return .fail
        case _ where outcome.ok: return judged == .fail ? .warn : judged
        case .pending, .validated, .publishing, .published: return .skip
        default: return .fail
        }
    }

    /// A file's verdict, for its badge and the summary.
    func verdict(of file: FileReport) -> Verdict {
        Verdict(findings: findings(of: file).map { (severity: $0.severity, code: $0.code) }, strict: strict)
    }

    /// Codes found on two or more of the session's photos: summarised once at the top, marked beside each photo.
    var repeatedPhotoCodes: [(code: String, severity: String, photos: [(file: FileReport, finding: PageFinding)])] {
        var byCode: [String: [(file: FileReport, finding: PageFinding)]] = [:]
        var order: [String] = []
        for photo in files where photo.kind == .image {
            for finding in findings(of: photo) where !(byCode[finding.code]?.contains { $0.file.path == photo.path } ?? false) {
                if byCode[finding.code] == nil { order.append(finding.code) }
                byCode[finding.code, default: []].append((photo, finding))
            }
        }
        return order.compactMap { code in
            guard let photos = byCode[code], photos.count >= 2 else { return nil }
            let severity = photos.contains { $0.finding.severity == "error" } ? "error" : photos[0].finding.severity
            return (code, severity, photos)
        }
    }

    /// The sections of a run: one per session, in the batch's order (sessions validated but absent from the
    /// batch after it), and the files validated outside any session.
    static func sections(validation: ValidationReport?, batch: BatchReport?) -> (sessions: [SessionSection], loose: [FileReport]) {
        let strict = validation?.strict ?? false
        var groups = HTMLReport.groups(validation?.files ?? [])
        let loose = groups.filter { $0.session == nil }.flatMap(\.files)
        groups.removeAll { $0.session == nil }
        var sections: [SessionSection] = []
        for outcome in batch?.sessions ?? [] {
            let index = groups.firstIndex { $0.session?.path == outcome.id }
                ?? groups.firstIndex { folderName($0.session?.path ?? "") == outcome.id }
            let group = index.map { groups.remove(at: $0) }
            sections.append(SessionSection(name: outcome.id, path: group?.session?.path ?? outcome.id, entry: group?.session,
                                           files: group?.files ?? [], outcome: outcome, strict: strict))
        }
        for group in groups {
            let path = group.session?.path ?? ""
            sections.append(SessionSection(name: folderName(path), path: path, entry: group.session, files: group.files,
                                           outcome: nil, strict: strict))
        }
        return (sections, loose)
    }

    init(name: String, path: String, entry: FileReport?, files: [FileReport], outcome: SessionOutcome?, strict: Bool) {
        self.name = name
        self.path = path
        self.entry = entry
        self.files = files
        self.outcome = outcome
        self.strict = strict
        sessionFindings = entry?.findings.map(PageFinding.init) ?? []
        extraFileFindings = [:]
        // The outcome repeats validation's findings with their files: only what validation did not say is added.
        let validated = Set(([entry].compactMap { $0 } + files).flatMap(\.findings).map { "\($0.code.rawValue)|\($0.message)" })
        for finding in outcome?.findings ?? [] where !validated.contains("\(finding.code)|\(finding.message)") {
            if let file = finding.file, let match = files.first(where: { Self.same(file: file, as: $0.path) }) {
                extraFileFindings[match.path, default: []].append(PageFinding(finding))
            } else if let file = finding.file {
                let name = (file as NSString).lastPathComponent
                sessionFindings.append(PageFinding(severity: finding.severity.rawValue, code: finding.code,
                                                   message: "\(name): \(finding.message)"))
            } else {
                sessionFindings.append(PageFinding(finding))
            }
        }
    }

    /// The last component of a folder path (`sessions/kim/` is `kim`).
    static func folderName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return (trimmed as NSString).lastPathComponent
    }

    /// Whether an outcome's file path and a validation entry's path name one file (one may be relative).
    static func same(file: String, as path: String) -> Bool {
        file == path || path.hasSuffix("/" + file) || file.hasSuffix("/" + path)
    }
}
