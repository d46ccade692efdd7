public import Foundation
public import TwinAPI

/// Where a session is in the pipeline, as the journal records it.
///
/// Every side effect is bracketed: the stage before it is written first, the stage after it once
/// it is done, so a process killed between the two leaves a stage that says what may have happened.
public enum SessionStage: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// Known to the batch; nothing done yet.
    case pending
    /// Validation failed: nothing was uploaded. Re-validated when the batch runs again.
    case invalid
    /// Every file passed validation and the poses are mapped.
    case validated
    /// Uploads started; finished ones are in the journal's uploads.
    case publishing
    /// Every file is published and its URL verified.
    case published
    /// `/create` was sent and no answer recorded: the outcome is unknown until `/list` says.
    case createSent = "create-sent"
    /// `/create` was sent, its outcome is unknown and no twin appeared in `/list` within the reconcile timeout.
    /// Sending it again could make a duplicate twin, so twin never does: a person decides (`twin list`, then
    /// `twin batch --retry-failed` sends it again). A rerun looks in `/list` once more. Not terminal: the
    /// media stays published, the API may still be fetching it.
    case createUnknown = "create-unknown"
    /// `/create` answered with an operation id.
    case created
    /// The operation reached COMPLETE, or the twin was found in `/list`.
    case complete
    /// The operation reached FAILED, or a permanent error stopped the session.
    case failed

    public var description: String { rawValue }

    /// True for stages a rerun does not take up again.
    public var isTerminal: Bool { self == .complete || self == .failed }
}

/// One session's row in the batch journal.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// The session folder's name (the key).
    public var id: String
    /// The session folder's path.
    public var folder: String
    /// The twin name sent to `/create`.
    public var twinName: String
    /// The language sent to `/create`, if any.
    public var language: String?
    /// The stage reached.
    public var stage: SessionStage
    /// The published video URL.
    public var videoURL: String?
    /// The published photo URLs, in pose order.
    public var imageURLs: [String]?
    /// Names in `/list` that already matched the twin name before `/create` was sent: a twin that
    /// appears later under another name is this session's.
    public var listedBefore: [String]?
    /// When the last `/create` was sent.
    public var createSentAt: Date?
    /// How many times `/create` was sent.
    public var createAttempts: Int
    /// The operation id `/create` returned.
    public var operationID: String?
    /// The last state `/status` reported.
    public var apiState: OperationState?
    /// The last progress `/status` reported, in percent (0–100).
    public var progress: Double?
    /// The twin's name as `/list` shows it.
    public var listedName: String?
    /// Why the session failed or what it waits for, for people.
    public var detail: String?
    /// True once `--cleanup` removed the published media.
    public var cleanedUp: Bool
    /// When the row last changed.
    public var updatedAt: Date

    public init(id: String, folder: String, twinName: String, language: String? = nil, stage: SessionStage = .pending,
                updatedAt: Date = Date()) {
        self.id = id
        self.folder = folder
        self.twinName = twinName
        self.language = language
        self.stage = stage
        self.createAttempts = 0
        self.cleanedUp = false
        self.updatedAt = updatedAt
    }
}

/// One published file of a session, as the journal records it, so that a rerun re-uses it.
public struct JournalUpload: Sendable, Hashable, Codable {
    /// The session's id.
    public var sessionID: String
    /// `video`, or the pose id the photo stands for.
    public var role: String
    /// The local file.
    public var localPath: String
    /// The file's size when it was published.
    public var size: Int64
    /// The file's modification time when it was published: a changed file is published again.
    public var modifiedAt: Date
    /// The object's key at the target.
    public var key: String
    /// The URL handed to the API.
    public var url: String
    /// The URL for display (signature redacted).
    public var displayURL: String
    /// The file's SHA-256, hex.
    public var sha256: String
    /// When a presigned URL stops working; nil for public URLs.
    public var expiresAt: Date?

    public init(sessionID: String, role: String, localPath: String, size: Int64, modifiedAt: Date, key: String, url: String,
                displayURL: String, sha256: String, expiresAt: Date? = nil) {
        self.sessionID = sessionID
        self.role = role
        self.localPath = localPath
        self.size = size
        self.modifiedAt = modifiedAt
        self.key = key
        self.url = url
        self.displayURL = displayURL
        self.sha256 = sha256
        self.expiresAt = expiresAt
    }
}

/// One line of a session's history in the journal.
public struct JournalEvent: Sendable, Hashable, Codable {
    public var sessionID: String
    public var at: Date
    public var stage: SessionStage
    public var message: String
}
