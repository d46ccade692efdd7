import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Exit codes as the README gives them: 1 when something failed while running, 2 for a wrong command line only.
@Suite(.hangBackstop)
struct ExitCodeTests {
    @Test func aBusyJournalIsARuntimeFailureWithTheCLIsHint() async throws {
        try await withTemporaryFolder { folder in
            let journal = folder.appendingPathComponent("journal.sqlite")
            // Hold the lock another `twin` run would hold.
            let descriptor = open(journal.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
            let result = try await TwinProcess.run(["submit", "fixtures/sessions/demo", "--sandbox", "--journal", journal.path])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("another run is using the journal"), "\(result.stderr)")
            #expect(result.stderr.contains("--journal"), "the CLI names the flag")
            #expect(!result.stderr.contains("USAGE"), "a runtime failure prints no usage")
        }
    }

    @Test func aFileThatIsNoJournalIsARuntimeFailure() async throws {
        try await withTemporaryFolder { folder in
            let journal = folder.appendingPathComponent("notes.sqlite")
            try Data("not a database, but notes\n".utf8).write(to: journal)
            let result = try await TwinProcess.run(["batch", "fixtures/sessions", "--status", "--journal", journal.path])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("is not a twin journal"), "\(result.stderr)")
            #expect(result.stderr.contains("--journal"))
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func anUnreachableHostIsARuntimeFailure() async throws {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        let result = try await TwinProcess.run(["validate", "--script-language", "English", "fixtures/voice/silent.mp4"],
                                         environment: ["CAPTIONS_API_KEY": "sk-exit-code-test", "CAPTIONS_API_URL": "http://127.0.0.1:1"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot fetch the English script from /script"), "\(result.stderr)")
        #expect(!result.stderr.contains("sk-exit-code-test"))
    }

    @Test(arguments: [
        (["batch", "fixtures/sessions", "--shard", "two/four", "--sandbox"], "--shard: 'two/four' is not I/N"),
        (["batch", "fixtures/sessions", "--concurrency", "0", "--sandbox"], "--concurrency must be 1 or more"),
        (["submit", "fixtures/sessions/demo"], "--to TARGET"),
    ])
    func usageErrorsAloneExitTwo(arguments: [String], message: String) async throws {
        let result = try await TwinProcess.run(arguments, environment: ["CAPTIONS_API_KEY": ""])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
