public import Foundation
internal import GRDB

/// The batch journal: one SQLite file (through GRDB) recording every session's stage, uploads and
/// history, written before and after each side effect so a killed batch resumes safely.
public final class Journal: Sendable {
    /// The journal's file.
    public let path: URL
    private let pool: DatabasePool
    private let now: @Sendable () -> Date

    /// Opens (creating and migrating when needed) the journal at `path`.
    ///
    /// A file that is not a twin journal (another program's database, or one a newer twin wrote) is refused
    /// before anything is written to it.
    /// - Throws: ``PipelineError`` `journal` naming the file.
    public convenience init(path: URL, now: @escaping @Sendable () -> Date = { Date() }) throws(PipelineError) {
        try self.init(path: path, readOnly: false, now: now)
    }

    private init(path: URL, readOnly: Bool, now: @escaping @Sendable () -> Date) throws(PipelineError) {
        self.path = path
        self.now = now
        if FileManager.default.fileExists(atPath: path.path) {
            try Self.checkIsOwnJournal(path)
        }
        do {
            var configuration = Configuration()
            configuration.readonly = readOnly
            configuration.prepareDatabase { db in
                // A journal must survive power loss too, not only a killed process.
                if !readOnly { try db.execute(sql: "PRAGMA synchronous = FULL") }
            }
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path.path, configuration: configuration)
            if !readOnly { try Self.migrator.migrate(pool) }
        } catch {
            throw PipelineError(.journal, "cannot open the journal \(path.path): \(Self.reason(error)). "
                                + "Check the folder is writable, or use another file.")
        }
    }

    /// Opens an existing journal for reading only (`twin batch --status`, which takes no lock and so must
    /// never write or migrate); nil when there is none.
    public static func existing(at path: URL) throws(PipelineError) -> Journal? {
        guard FileManager.default.fileExists(atPath: path.path) else { return nil }
        return try Journal(path: path, readOnly: true, now: { Date() })
    }

    /// Refuses a file that is not a journal this version of twin wrote: an empty file is fine (a new journal);
    /// another program's SQLite database, or a journal with migrations this version does not know, is not.
    private static func checkIsOwnJournal(_ path: URL) throws(PipelineError) {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path.path))?[.size] as? NSNumber, size.intValue == 0 { return }
        let known = migrator.migrations
        let verdict: String?
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path.path, configuration: configuration)
            defer { try? queue.close() }
            verdict = try queue.read { db -> String? in
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if tables.isEmpty { return nil }
                guard tables.contains("grdb_migrations") else {
                    return "it is another program's database (tables \(tables.prefix(5).joined(separator: ", ")))"
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let unknown = applied.filter { !known.contains($0) }
                if !unknown.isEmpty { return "a newer twin wrote it (schema \(unknown.joined(separator: ", "))); use that version" }
                guard Set(["session", "upload", "event"]).isSubset(of: tables) || applied.isEmpty else {
                    return "it is another program's database"
                }
                return nil
            }
        } catch {
            throw PipelineError(.journal, "\(path.path) is not a twin journal (\(Self.reason(error))); use another file")
        }
        if let verdict {
            throw PipelineError(.journal,
                                "\(path.path) is not a journal this twin can use: \(verdict). Nothing was written to it; use another file")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("folder", .text).notNull()
                t.column("twinName", .text).notNull()
                t.column("language", .text)
                t.column("stage", .text).notNull()
                t.column("videoURL", .text)
                t.column("imageURLs", .text)
                t.column("listedBefore", .text)
                t.column("createSentAt", .datetime)
                t.column("createAttempts", .integer).notNull().defaults(to: 0)
                t.column("operationID", .text)
                t.column("apiState", .text)
                t.column("progress", .double)
                t.column("listedName", .text)
                t.column("detail", .text)
                t.column("cleanedUp", .boolean).notNull().defaults(to: false)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "upload") { t in
                t.column("sessionID", .text).notNull().references("session", onDelete: .cascade)
                t.column("role", .text).notNull()
                t.column("localPath", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("modifiedAt", .datetime).notNull()
                t.column("key", .text).notNull()
                t.column("url", .text).notNull()
                t.column("displayURL", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("expiresAt", .datetime)
                t.primaryKey(["sessionID", "role"])
            }
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("rowid")
                t.column("sessionID", .text).notNull().indexed().references("session", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("stage", .text).notNull()
                t.column("message", .text).notNull()
            }
        }
        migrator.registerMigration("v2-voice") { db in
            try db.create(table: "voiceCheck") { t in
                t.primaryKey("sessionID", .text).references("session", onDelete: .cascade)
                t.column("localPath", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("modifiedAt", .datetime).notNull()
                t.column("language", .text).notNull()
                t.column("verdict", .text).notNull()
            }
        }
        registerUploadIntents(&migrator)
        return migrator
    }

    /// Adds sessions the journal does not know yet, in one transaction; known ones keep their state.
    ///
    /// A batch registers every session before it does anything, so none is ever lost.
    public func register(_ entries: [JournalEntry]) throws(PipelineError) {
        try write { db in
            for var entry in entries {
                if try SessionRow.exists(db, key: entry.id) { continue }
                entry.updatedAt = self.now()
                try SessionRow(entry).insert(db)
                try EventRow(sessionID: entry.id, at: entry.updatedAt, stage: entry.stage, message: "registered").insert(db)
            }
        }
    }

    /// The entry of one session.
    public func entry(_ id: String) throws(PipelineError) -> JournalEntry? {
        try read { db in try SessionRow.fetchOne(db, key: id)?.entry }
    }

    /// Every entry, by session id.
    public func entries() throws(PipelineError) -> [JournalEntry] {
        try read { db in try SessionRow.order(Column("id")).fetchAll(db).map(\.entry) }
    }

    /// Changes one session's entry in a transaction and records an event when the stage changes
    /// or `event` is given.
    ///
    /// - Returns: the entry as written.
    @discardableResult
    public func update(_ id: String, event: String? = nil, _ change: (inout JournalEntry) -> Void) throws(PipelineError) -> JournalEntry {
        try write { db in
            guard let row = try SessionRow.fetchOne(db, key: id) else {
                throw PipelineError(.journal, "the journal \(self.path.path) has no session '\(id)'")
            }
            var entry = row.entry
            let before = entry.stage
            change(&entry)
            entry.updatedAt = self.now()
            try SessionRow(entry).update(db)
            if entry.stage != before || event != nil {
                let message = event ?? "\(before) → \(entry.stage)"
                try EventRow(sessionID: id, at: entry.updatedAt, stage: entry.stage, message: message).insert(db)
            }
            return entry
        }
    }

    /// Records one published file of a session.
    public func recordUpload(_ upload: JournalUpload) throws(PipelineError) {
        try write { db in try UploadRow(upload).save(db) }
    }

    /// The recorded uploads of a session.
    public func uploads(for sessionID: String) throws(PipelineError) -> [JournalUpload] {
        try read { db in
            try UploadRow.filter(Column("sessionID") == sessionID).order(Column("role")).fetchAll(db).map(\.upload)
        }
    }

    /// A session's history, oldest first.
    public func events(for sessionID: String) throws(PipelineError) -> [JournalEvent] {
        try read { db in
            try EventRow.filter(Column("sessionID") == sessionID).order(Column("rowid")).fetchAll(db).map(\.event)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(PipelineError) -> T {
        do {
            return try pool.write(body)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(.journal, "cannot write the journal \(path.path): \(Self.reason(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(PipelineError) -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw PipelineError(.journal, "cannot read the journal \(path.path): \(Self.reason(error))")
        } catch {
            // The database answered, but a row holds what this version cannot decode (a state it does not know).
            throw PipelineError(.journal, "cannot read the journal \(path.path): \(Self.reason(error)). A row holds a "
                + "value this version does not know: it was written by a newer version, or changed by hand. Use the "
                + "version that wrote it, or another journal file.")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

// MARK: Rows

/// A journal type stored as a GRDB record through its own `Codable` conformance: columns are its
/// coding keys, and arrays go into JSON text columns.
protocol JournalRow: Codable, FetchableRecord, PersistableRecord {
    associatedtype Value: Codable
    var value: Value { get }
    init(_ value: Value)
}

extension JournalRow {
    init(from decoder: any Decoder) throws { self.init(try Value(from: decoder)) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

struct SessionRow: JournalRow {
    static let databaseTableName = "session"
    let value: JournalEntry
    init(_ value: JournalEntry) { self.value = value }
    var entry: JournalEntry { value }
}

struct UploadRow: JournalRow {
    static let databaseTableName = "upload"
    let value: JournalUpload
    init(_ value: JournalUpload) { self.value = value }
    var upload: JournalUpload { value }
}

struct EventRow: JournalRow {
    static let databaseTableName = "event"
    let value: JournalEvent
    init(_ value: JournalEvent) { self.value = value }
    init(sessionID: String, at: Date, stage: SessionStage, message: String) {
        self.init(JournalEvent(sessionID: sessionID, at: at, stage: stage, message: message))
    }
    var event: JournalEvent { value }
}
