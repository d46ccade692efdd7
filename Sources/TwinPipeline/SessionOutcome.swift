internal import Foundation
public import TwinMedia

/// A finding in a report: a session finding or a file's validation finding.
public struct ReportedFinding: Sendable, Hashable, Codable {
    /// The file it concerns (a path), or nil for the session as a whole.
    public var file: String?
    public var code: String
    public var severity: Severity
    public var message: String

    public init(file: String?, finding: Finding) {
        self.file = file
        self.code = finding.code.rawValue
        self.severity = finding.severity
        self.message = finding.message
    }
}

/// How one session ended in a `submit` or `batch` run.
public struct SessionOutcome: Sendable, Hashable, Codable {
    /// The session folder's name.
    public var id: String
    /// The twin name sent to `/create`.
    public var twinName: String
    /// The stage the session reached.
    public var stage: SessionStage
    /// True when the session did its job: COMPLETE, or `/create` accepted with `--no-wait`.
    public var ok: Bool
    /// The twin's name as `/list` shows it.
    public var listedName: String?
    /// The operation id, when `/create` answered.
    public var operationID: String?
    /// What went wrong, or what is still pending.
    public var detail: String?
    /// Validation and session findings (warnings included).
    public var findings: [ReportedFinding]
    /// Seconds this run spent on the session.
    public var durationSeconds: Double
    /// The stage the session was at when this run took it up, when it was not new.
    public var resumedFrom: SessionStage?

    public init(id: String, twinName: String, stage: SessionStage, ok: Bool, listedName: String? = nil, operationID: String? = nil,
                detail: String? = nil, findings: [ReportedFinding] = [], durationSeconds: Double = 0, resumedFrom: SessionStage? = nil) {
        self.id = id
        self.twinName = twinName
        self.stage = stage
        self.ok = ok
        self.listedName = listedName
        self.operationID = operationID
        self.detail = detail
        self.findings = findings
        self.durationSeconds = durationSeconds
        self.resumedFrom = resumedFrom
    }
}
