public import Foundation
internal import GRDB
public import TwinPublish

/// An upload the journal recorded before it started: what a killed run may have left on the target.
public struct JournalUploadIntent: Sendable, Hashable, Codable {
    /// The row's id (nil until recorded).
    public var id: Int64?
    /// The session's id.
    public var sessionID: String
    /// `video`, or the pose id the photo stands for.
    public var role: String
    /// The local file, its size and modification time when the upload started: an unchanged file adopts an
    /// object that finished uploading unrecorded.
    public var localPath: String
    public var size: Int64
    public var modifiedAt: Date
    /// The publisher's ``Publisher/intentTarget``.
    public var target: String
    /// What the publisher announced (key, temporary name, multipart upload id).
    public var key: String?
    public var temporary: String?
    public var uploadID: String?
    public var startedAt: Date
    /// True once the upload was recorded (or its leftovers swept).
    public var done: Bool

    public init(sessionID: String, role: String, localPath: String, size: Int64, modifiedAt: Date, target: String, startedAt: Date) {
        self.sessionID = sessionID
        self.role = role
        self.localPath = localPath
        self.size = size
        self.modifiedAt = modifiedAt
        self.target = target
        self.startedAt = startedAt
        self.done = false
    }

    /// What the publisher announced, to sweep.
    public var intent: UploadIntent { UploadIntent(key: key, temporary: temporary, uploadID: uploadID) }
}

extension Journal {
    /// v3: intents written before each upload, so a rerun can sweep what a killed one left on the target.
    static func registerUploadIntents(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-upload-intents") { db in
            try db.create(table: "uploadIntent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionID", .text).notNull().indexed().references("session", onDelete: .cascade)
                t.column("role", .text).notNull()
                t.column("localPath", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("modifiedAt", .datetime).notNull()
                t.column("target", .text).notNull()
                t.column("key", .text)
                t.column("temporary", .text)
                t.column("uploadID", .text)
                t.column("startedAt", .datetime).notNull()
                t.column("done", .boolean).notNull().defaults(to: false)
            }
        }
    }

    /// Records that an upload is about to start; returns the intent's id.
    public func beginUpload(_ intent: JournalUploadIntent) throws(PipelineError) -> Int64 {
        try write { db in
            try UploadIntentRow(intent).insert(db)
            return db.lastInsertedRowID
        }
    }

    /// Adds what the publisher announced to intent `id` (fields it leaves nil keep their value).
    public func recordIntent(_ id: Int64, _ announced: UploadIntent) throws(PipelineError) {
        try write { db in
            guard var intent = try UploadIntentRow.fetchOne(db, key: id)?.value else { return }
            intent.key = announced.key ?? intent.key
            intent.temporary = announced.temporary ?? intent.temporary
            intent.uploadID = announced.uploadID ?? intent.uploadID
            try UploadIntentRow(intent).update(db)
        }
    }

    /// Marks intent `id` done: the upload was recorded, or what it left was swept.
    public func finishUpload(_ id: Int64) throws(PipelineError) {
        try write { db in
            try db.execute(sql: "UPDATE uploadIntent SET done = 1 WHERE id = ?", arguments: [id])
        }
    }

    /// The intents of a session that were never marked done (a run was killed during those uploads), oldest first.
    public func openUploadIntents(for sessionID: String) throws(PipelineError) -> [JournalUploadIntent] {
        try read { db in
            try UploadIntentRow.filter(Column("sessionID") == sessionID && Column("done") == false).order(Column("id"))
                .fetchAll(db).map(\.value)
        }
    }
}

struct UploadIntentRow: JournalRow {
    static let databaseTableName = "uploadIntent"
    let value: JournalUploadIntent
    init(_ value: JournalUploadIntent) { self.value = value }
}
