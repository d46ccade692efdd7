import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinMedia
import TwinVoice
import TwinPipeline
import TwinSandbox

/// The voice check in `submit` / `batch`: against `/script`, before any upload, recorded in the journal.
@Suite(.hangBackstop) struct VoicePipelineTests {
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

    @Test(.tags(.slow), .fullRunOnly) func aNonEnglishSessionGetsLoudnessAndSpeechButNoScriptCheck() async throws {
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
        let fetching = ["English": Latch(), "French": Latch()], answer = Latch()
        let book = ScriptBook { language in
            fetches.add(language)
            fetching[language]?.open()
            // Both languages are in flight at once, until the test answers.
            guard await answer.wait(within: .seconds(30)) else { throw WaitTimeout(what: "the test's answer", limit: .seconds(30)) }
            return "the \(language) script"
        }
        async let first = book.script(for: "English")
        async let second = book.script(for: "English")
        async let third = book.script(for: "French")
        for (language, latch) in fetching { #expect(await latch.wait(within: .seconds(30)), "\(language) is fetched") }
        answer.open()
        #expect(try await [first, second, third] == ["the English script", "the English script", "the French script"])
        #expect(try await book.script(for: "English") == "the English script")
        #expect(fetches.all.sorted() == ["English", "French"])
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func add(_ name: String) { lock.withLock { names.append(name) } }
    var all: [String] { lock.withLock { names } }
}

@Suite(.hangBackstop) struct BatchVoiceOrderTests {
    @Test(.tags(.slow), .fullRunOnly) func everyVideoIsCheckedBeforeTheFirstUpload() async throws {
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
