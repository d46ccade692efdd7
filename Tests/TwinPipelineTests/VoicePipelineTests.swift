import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinMedia
import TwinPipeline
import TwinSandbox

/// The voice check in `submit` / `batch`: against `/script`, before any upload, recorded in the journal.
@Suite(.timeLimit(.minutes(3))) struct VoicePipelineTests {
    @Test func aVideoReadingAnotherTextIsRefusedBeforeAnyUpload() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("reader")
        try harness.addSession("wrong-text", replacing: ["video.mp4": "voice/slt-other-clean.mp4"])
        try harness.addSession("music", replacing: ["video.mp4": "voice/music.mp4"])
        let journal = try harness.journal()
        let report = try await harness.batch(harness.runner(journal: journal)).run()

        let outcomes = Dictionary(uniqueKeysWithValues: report.sessions.map { ($0.id, $0) })
        #expect(outcomes["reader"]?.stage == .complete)
        #expect(outcomes["wrong-text"]?.stage == .invalid)
        #expect(outcomes["wrong-text"]?.findings.contains {
            $0.code == "script-mismatch" && $0.severity == .error && $0.file?.hasSuffix("wrong-text/video.mp4") == true
        } == true)
        #expect(outcomes["music"]?.findings.contains { $0.code == "no-speech" } == true)
        for id in ["wrong-text", "music"] { #expect(try journal.uploads(for: id).isEmpty) }
        #expect(await harness.stats().createRequestsByName == ["reader": 1])
        // Every verdict is in the journal, with what was heard.
        let recorded = try #require(try journal.voiceCheck(for: "wrong-text")?.decodedVerdict)
        #expect((recorded.voice?.scriptCoverage ?? 1) < 0.3)
        #expect(try journal.voiceCheck(for: "reader")?.decodedVerdict?.ok == true)
    }

    @Test func withoutTheVoiceCheckTheSandboxFailsTheCreationWithTheReason() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("wrong-text", replacing: ["video.mp4": "voice/slt-other-clean.mp4"])
        var options = PipelineHarness.fastOptions
        options.voiceCheck = false
        let journal = try harness.journal()
        let report = try await harness.batch(harness.runner(journal: journal, options: options)).run()
        let outcome = try #require(report.sessions.first)
        #expect(outcome.stage == .failed)
        #expect(outcome.detail?.contains("script-mismatch") == true, "\(outcome.detail ?? "")")
        #expect(try journal.voiceCheck(for: "wrong-text") == nil)
    }

    @Test func aResumedRunUsesTheRecordedVerdict() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let folder = try harness.addSession("quiet", replacing: ["video.mp4": "voice/slt-other-clean.mp4"])
        let journal = try harness.journal()
        _ = try await harness.batch(harness.runner(journal: journal)).run()
        #expect(try journal.entry("quiet")?.stage == .invalid)
        // Replace the recorded verdict: a rerun must take it as is, not check the unchanged video again.
        let video = folder.appendingPathComponent("video.mp4")
        let attributes = try FileManager.default.attributesOfItem(atPath: video.path)
        let marked = VoiceVerdict(voice: nil, findings: [.error("voice-marker", "recorded, not re-checked")])
        try journal.recordVoiceCheck(JournalVoiceCheck(
            sessionID: "quiet", localPath: video.path, size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
            modifiedAt: attributes[.modificationDate] as? Date ?? .distantPast, language: "English", verdict: marked))
        let rerun = try await harness.batch(harness.runner(journal: journal)).run()
        #expect(rerun.sessions.first?.findings.contains { $0.code == "voice-marker" } == true)
        // A changed video is checked again.
        try FileManager.default.removeItem(at: video)
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo/video.mp4"), to: video)
        let third = try await harness.batch(harness.runner(journal: journal)).run()
        #expect(third.sessions.first?.stage == .complete, "\(third.sessions.first?.detail ?? "")")
    }

    @Test func aNonEnglishSessionGetsLoudnessAndSpeechButNoScriptCheck() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("spanish", replacing: ["video.mp4": "voice/slt-other-clean.mp4"])
        var options = PipelineHarness.fastOptions
        options.language = "Spanish"
        options.voiceCheck = true
        let journal = try harness.journal()
        _ = try await harness.batch(harness.runner(journal: journal, options: options)).run()
        let verdict = try #require(try journal.voiceCheck(for: "spanish")?.decodedVerdict)
        #expect(verdict.voice?.scriptChecked == false)
        #expect(verdict.voice?.scriptNote?.contains("only English") == true)
        #expect(!verdict.findings.contains { $0.code == .scriptMismatch })
    }

    @Test func eachLanguagesScriptIsFetchedOncePerRun() async throws {
        let fetches = Counter()
        let book = ScriptBook { language in
            fetches.add(language)
            try await Task.sleep(for: .milliseconds(20))
            return "the \(language) script"
        }
        async let first = book.script(for: "English")
        async let second = book.script(for: "English")
        async let third = book.script(for: "French")
        #expect(try await [first, second, third] == ["the English script", "the English script", "the French script"])
        #expect(try await book.script(for: "English") == "the English script")
        #expect(fetches.all.sorted() == ["English", "French"])
    }
}

private struct ProcessOutcome: @unchecked Sendable {
    let result: TwinProcess.Result
    init(_ result: TwinProcess.Result) { self.result = result }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func add(_ name: String) { lock.withLock { names.append(name) } }
    var all: [String] { lock.withLock { names } }
}

/// `twin validate --script-language` fetches `/script` with the key, as a real process.
@Suite(.timeLimit(.minutes(2))) struct ScriptLanguageCLITests {
    @Test func theScriptIsFetchedFromTheAPI() async throws {
        let key = try APIKey("script-language-test-key")
        let sandbox = try await Sandbox.start(configuration: SandboxConfiguration(apiKey: key))
        defer { Task { await sandbox.shutdown() } }
        let environment = ["CAPTIONS_API_KEY": key.value, "CAPTIONS_API_URL": sandbox.baseURL.absoluteString]
        // The child asks this process's sandbox for /script: wait for it on a thread of its own, not
        // on one of the cooperative threads the sandbox needs to answer.
        func run(_ arguments: [String], environment: [String: String]) async throws -> TwinProcess.Result {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessOutcome, any Error>) in
                Thread { continuation.resume(with: Result { ProcessOutcome(try TwinProcess.run(arguments, environment: environment)) }) }
                    .start()
            }.result
        }
        let passing = try await run(["validate", "--script-language", "English", "fixtures/sessions/demo/video.mp4"],
                                          environment: environment)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("script 100% heard") || passing.stdout.contains("% heard"))
        let failing = try await run(["validate", "--script-language", "English", "fixtures/voice/rms-other-clean.mp4"],
                                          environment: environment)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("error   script-mismatch"))
        #expect(!failing.stdout.contains(key.value) && !failing.stderr.contains(key.value))
        // Another language: loudness and speech only, and the report says why the script was not checked.
        let spanish = try await run(["validate", "--script-language", "Spanish", "fixtures/voice/rms-other-clean.mp4"],
                                          environment: environment)
        #expect(spanish.status == 0, "\(spanish.stdout)")
        #expect(spanish.stdout.contains("script not checked: the script is in Spanish; only English speech is recognised"))
        // Without a key it is a usage error, not a crash.
        let noKey = try await run(["validate", "--script-language", "English", "fixtures/voice/silent.mp4"],
                                        environment: ["CAPTIONS_API_KEY": "", "CAPTIONS_API_URL": sandbox.baseURL.absoluteString])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("no API key"))
    }
}

@Suite(.timeLimit(.minutes(3))) struct BatchVoiceOrderTests {
    @Test func everyVideoIsCheckedBeforeTheFirstUpload() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        for name in ["a-reader", "b-reader"] { try harness.addSession(name) }
        try harness.addSession("z-wrong-text", replacing: ["video.mp4": "voice/rms-other-clean.mp4"])
        let journal = try harness.journal()
        // One session at a time: without the first pass, z-wrong-text would be checked only after
        // the readers had uploaded.
        let report = try await harness.batch(harness.runner(journal: journal), concurrency: 1).run()
        #expect(report.sessions.filter(\.ok).count == 2)
        let firstUpload = try #require(try journal.events(for: "a-reader").first { $0.stage == .publishing }?.at)
        for id in ["a-reader", "b-reader", "z-wrong-text"] {
            let checked = try #require(try journal.events(for: id).first { $0.message.hasPrefix("voice checked: ") })
            #expect(checked.at <= firstUpload, "\(id)")
        }
        #expect(try journal.voiceCheck(for: "z-wrong-text")?.decodedVerdict?.ok == false)
        #expect(try journal.events(for: "z-wrong-text").contains { $0.message.contains("script-mismatch") })
    }
}
