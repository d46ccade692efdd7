import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinPipeline

@Suite struct JournalTests {
    @Test func registerKeepsKnownSessionsAndRecordsHistory() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("journal.sqlite")
        let journal = try Journal(path: path)
        try journal.register([JournalEntry(id: "a", folder: "/x/a", twinName: "a"), JournalEntry(id: "b", folder: "/x/b", twinName: "b")])
        try journal.update("a") { $0.stage = .validated }
        // Registering again (a rerun) must not reset a session's progress.
        try journal.register([JournalEntry(id: "a", folder: "/x/a", twinName: "a"), JournalEntry(id: "c", folder: "/x/c", twinName: "c")])
        #expect(try journal.entries().map(\.id) == ["a", "b", "c"])
        #expect(try journal.entry("a")?.stage == .validated)
        #expect(try journal.events(for: "a").map(\.message) == ["registered", "pending → validated"])
    }

    @Test func everyFieldSurvivesReopening() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("journal.sqlite")
        let sentAt = Date(timeIntervalSince1970: 1_700_000_000.25)
        do {
            let journal = try Journal(path: path)
            try journal.register([JournalEntry(id: "s", folder: "/x/s", twinName: "Sam", language: "French")])
            try journal.update("s", event: "create sent") { entry in
                entry.stage = .createSent
                entry.videoURL = "http://127.0.0.1:1/v.mp4"
                entry.imageURLs = ["http://h/1.jpg", "http://h/2.jpg"]
                entry.listedBefore = ["twin-1-Sam"]
                entry.createSentAt = sentAt
                entry.createAttempts += 1
                entry.apiState = .processing
                entry.progress = 42
            }
            try journal.recordUpload(JournalUpload(sessionID: "s", role: "video", localPath: "/x/s/v.mp4", size: 42, modifiedAt: sentAt,
                                                   key: "p/abc.mp4", url: "http://h/abc.mp4", displayURL: "http://h/abc.mp4",
                                                       sha256: "abc"))
        }
        let reopened = try #require(try Journal.existing(at: path))
        let entry = try #require(try reopened.entry("s"))
        #expect(entry.stage == .createSent)
        #expect(entry.language == "French")
        #expect(entry.imageURLs == ["http://h/1.jpg", "http://h/2.jpg"])
        #expect(entry.listedBefore == ["twin-1-Sam"])
        #expect(entry.createSentAt.map { abs($0.timeIntervalSince(sentAt)) < 0.01 } == true)
        #expect(entry.createAttempts == 1)
        #expect(entry.apiState == .processing)
        #expect(entry.progress == 42)
        #expect(try reopened.uploads(for: "s").map(\.key) == ["p/abc.mp4"])
        #expect(try reopened.events(for: "s").last?.message == "create sent")
    }

    @Test func updatingAnUnknownSessionFails() throws {
        let workspace = try SessionWorkspace("journal")
        let journal = try Journal(path: workspace.root.appendingPathComponent("j.sqlite"))
        #expect(throws: PipelineError.self) { try journal.update("ghost") { $0.stage = .failed } }
    }

    @Test func unopenableJournalNamesTheFile() throws {
        let path = URL(fileURLWithPath: "/nonexistent-dir/j.sqlite")
        do {
            _ = try Journal(path: path)
            Issue.record("opened a journal in a missing folder")
        } catch {
            #expect(error.code == .journal)
            #expect(error.message.contains("/nonexistent-dir/j.sqlite"))
        }
        #expect(try Journal.existing(at: path) == nil)
    }

    @Test func onlyOneProcessHoldsTheLock() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("j.sqlite")
        var first: Journal.Lock? = try Journal.Lock(journal: path)
        #expect(first != nil)
        do {
            _ = try Journal.Lock(journal: path)
            Issue.record("took a held lock")
        } catch {
            #expect(error.code == .journalBusy)
        }
        first = nil
        _ = try Journal.Lock(journal: path)
    }
}

/// A journal is this twin's own file, locked as a file (not a path), and `--status` only reads it.
@Suite struct JournalSafetyTests {
    static func sqlite(_ path: URL, _ statements: String) throws {
        _ = try PythonScript.run(#"""
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1])
        connection.executescript(sys.argv[2])
        connection.commit()
        """#, arguments: [path.path, statements])
    }

    @Test func theOperationStateIsTheServicesWordAndAnUnknownOneIsAnError() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("journal.sqlite")
        do {
            let journal = try Journal(path: path)
            try journal.register([JournalEntry(id: "s", folder: "/x/s", twinName: "Sam")])
        }
        // Written as text, as journals always held it.
        try Self.sqlite(path, "UPDATE session SET apiState = 'PROCESSING' WHERE id = 's';")
        #expect(try Journal(path: path).entry("s")?.apiState == .processing)
        try Self.sqlite(path, "UPDATE session SET apiState = 'NOT-A-STATE' WHERE id = 's';")
        let error = #expect(throws: PipelineError.self) { try Journal(path: path).entry("s") }
        #expect(error?.description.contains("written by a newer version") == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftAlone() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("notes.sqlite")
        try Self.sqlite(path, "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('mine');")
        let before = try Data(contentsOf: path)
        let error = #expect(throws: PipelineError.self) { try Journal(path: path) }
        #expect(error?.description.contains("another program's database") == true, "\(error.map { "\($0)" } ?? "")")
        #expect(try Data(contentsOf: path) == before, "nothing was migrated into it")
        #expect(throws: PipelineError.self) { try Journal.existing(at: path) }
    }

    @Test func aJournalFromANewerTwinIsRefused() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("journal.sqlite")
        do { _ = try Journal(path: path) }
        try Self.sqlite(path, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future');")
        let error = #expect(throws: PipelineError.self) { try Journal(path: path) }
        #expect(error?.description.contains("newer twin") == true)
    }

    @Test func theLockBelongsToTheFileNotThePath() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("journal.sqlite")
        let link = workspace.root.appendingPathComponent("same-journal.sqlite")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: path)
        let held = try Journal.Lock(journal: path)
        let error = #expect(throws: PipelineError.self) { try Journal.Lock(journal: link) }
        #expect(error?.code == .journalBusy)
        withExtendedLifetime(held) {}
        let journal = try Journal(path: link)
        try journal.register([JournalEntry(id: "a", folder: "/x/a", twinName: "a")])
    }

    @Test func statusOpensTheJournalReadOnly() throws {
        let workspace = try SessionWorkspace("journal")
        let path = workspace.root.appendingPathComponent("journal.sqlite")
        do {
            let journal = try Journal(path: path)
            try journal.register([JournalEntry(id: "a", folder: "/x/a", twinName: "a")])
        }
        let reader = try #require(try Journal.existing(at: path))
        #expect(try reader.entries().map(\.id) == ["a"])
        #expect(throws: PipelineError.self) { try reader.update("a") { $0.stage = .failed } }
        #expect(try Journal(path: path).entry("a")?.stage == .pending)
    }
}
