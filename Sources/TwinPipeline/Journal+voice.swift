public import Foundation
public import TwinMedia
internal import GRDB

/// The voice check's verdict on a session's video, recorded so a resumed run does not redo it.
public struct JournalVoiceCheck: Sendable, Hashable, Codable {
    public var sessionID: String
    /// The video's path, size and modification time when it was checked: a changed file is checked again.
    public var localPath: String
    public var size: Int64
    public var modifiedAt: Date
    /// The script's language.
    public var language: String
    /// The verdict as JSON (``VoiceVerdict``).
    public var verdict: String

    public init(sessionID: String, localPath: String, size: Int64, modifiedAt: Date, language: String, verdict: VoiceVerdict) {
        self.sessionID = sessionID
        self.localPath = localPath
        self.size = size
        self.modifiedAt = modifiedAt
        self.language = language
        let data = (try? JSONEncoder().encode(verdict)) ?? Data()
        self.verdict = String(decoding: data, as: UTF8.self)
    }

    /// The recorded verdict (nil when the JSON cannot be read back).
    public var decodedVerdict: VoiceVerdict? { try? JSONDecoder().decode(VoiceVerdict.self, from: Data(verdict.utf8)) }

    /// Whether this record is about the same file, unchanged, checked in the same language.
    public func matches(path: String, size: Int64, modifiedAt: Date, language: String) -> Bool {
        localPath == path && self.size == size && abs(self.modifiedAt.timeIntervalSince(modifiedAt)) < 0.001
            && self.language == language
    }
}

struct VoiceCheckRow: JournalRow {
    static let databaseTableName = "voiceCheck"
    let value: JournalVoiceCheck
    init(_ value: JournalVoiceCheck) { self.value = value }
}

extension Journal {
    /// Records (or replaces) a session's voice verdict.
    public func recordVoiceCheck(_ check: JournalVoiceCheck) throws(PipelineError) {
        try write { db in try VoiceCheckRow(check).save(db) }
    }

    /// The recorded voice verdict of a session, if any.
    public func voiceCheck(for sessionID: String) throws(PipelineError) -> JournalVoiceCheck? {
        try read { db in try VoiceCheckRow.fetchOne(db, key: sessionID)?.value }
    }
}
