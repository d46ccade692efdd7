/// A step of a session's run, for live progress displays and logs.
public struct SessionProgress: Sendable, Hashable {
    /// The session's id.
    public let sessionID: String
    /// The stage the session is at.
    public let stage: SessionStage
    /// What happened, for people (`published 6 files`, `PROCESSING 40 %`).
    public let message: String
    /// Percent done of the creation, from `/status`, when known.
    public let percent: Double?
    /// True for a repeated status update (a display may redraw instead of printing a line).
    public let isStatusUpdate: Bool
    /// Every finding of validation, errors and warnings, sent once when validation ends and before anything is
    /// published (empty on every other step).
    public let findings: [ReportedFinding]

    public init(sessionID: String, stage: SessionStage, message: String, percent: Double? = nil, isStatusUpdate: Bool = false,
                findings: [ReportedFinding] = []) {
        self.sessionID = sessionID
        self.stage = stage
        self.message = message
        self.percent = percent
        self.isStatusUpdate = isStatusUpdate
        self.findings = findings
    }
}
