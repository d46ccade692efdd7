import Foundation
import TestSupport
import Testing
@testable import TwinMedia

/// One clip of the voice fixture matrix (`fixtures/make-voice-fixtures.sh`).
struct SpokenClip: Sendable, CustomStringConvertible {
    let voice: String
    let readsScript: Bool
    let mix: String

    var name: String { "\(voice)-\(readsScript ? "script" : "other")-\(mix).mp4" }
    var description: String { name }

    static let matrix: [SpokenClip] = ["slt", "rms", "awb", "kal16"].flatMap { voice in
        [true, false].flatMap { script in ["clean", "noise", "voices"].map { SpokenClip(voice: voice, readsScript: script, mix: $0) } }
    }
}

/// Serialized: each case is seconds of recognition; side by side they would starve the other
/// suites' time-limited tests on a 2-core machine.
@Suite(.serialized, .timeLimit(.minutes(10))) struct VoiceCheckTests {
    static let voiceFixtures = TestPaths.fixtures.appendingPathComponent("voice")
    static let script = (try? String(contentsOf: voiceFixtures.appendingPathComponent("script.txt"), encoding: .utf8)) ?? ""

    let validator = MediaValidator(voice: VoiceCheck(script: VoiceCheckTests.script))

    func check(_ name: String, validator: MediaValidator? = nil) async -> FileReport {
        await (validator ?? self.validator).validate(file: Self.voiceFixtures.appendingPathComponent(name))
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: SpokenClip.matrix)
    func scriptReadingsPassAndOtherTextsFail(_ clip: SpokenClip) async throws {
        let report = await check(clip.name)
        let voice = try #require(report.voice, "\(report.findings)")
        let coverage = try #require(voice.scriptCoverage)
        #expect(voice.scriptChecked)
        #expect(!report.has(.silentAudio) && !report.has(.noSpeech) && !report.has(.quietAudio), "\(report.findings)")
        #expect((voice.speechSeconds ?? 0) >= 8)
        let mismatch = report.findings.first { $0.code == .scriptMismatch }
        if clip.readsScript {
            #expect(mismatch?.severity != .error, "coverage \(coverage): \(voice.transcript ?? "")")
        } else {
            #expect(mismatch?.severity == .error, "coverage \(coverage): \(voice.transcript ?? "")")
            #expect(mismatch?.message.contains("not heard: \"") == true)
        }
    }

    @Test func digitalSilenceIsSilentAudio() async throws {
        let report = await check("silent.mp4")
        #expect(report.findings.map(\.code) == [.silentAudio], "\(report.findings)")
        #expect(report.voice?.loudnessLUFS == nil && report.voice?.truePeakDBTP == nil)
        #expect(report.findings.first?.message.contains("digital silence") == true)
        #expect(report.voice?.scriptChecked == false)
    }

    @Test func aMutedMicrophoneIsSilentAudio() async throws {
        let report = await check("muted.mp4")
        #expect(report.findings.map(\.code) == [.silentAudio], "\(report.findings)")
        // -70 LUFS is at libebur128's absolute gate: no integrated loudness, but a true peak.
        #expect((report.voice?.loudnessLUFS ?? -70) <= -65)
        let peak = try #require(report.voice?.truePeakDBTP)
        #expect((-80 ... -60).contains(peak))
        #expect(report.findings.first?.message.contains("almost silent") == true)
    }

    @Test func musicAloneIsNoSpeechOrAMismatch() async throws {
        let report = await check("music.mp4")
        #expect(report.has(.noSpeech), "\(report.findings) \(String(describing: report.voice))")
        #expect(!report.ok)
    }

    @Test func twoSecondsOfSpeechIsNoSpeech() async throws {
        let report = await check("speech-then-silence.mp4")
        #expect(report.has(.noSpeech), "\(report.findings) \(String(describing: report.voice))")
        #expect((report.voice?.speechSeconds ?? 99) < 3)
    }

    @Test(.tags(.slow), .fullRunOnly) func aClippedRecordingIsClippedAudio() async throws {
        let report = await check("clipped.mp4")
        let clipped = try #require(report.findings.first { $0.code == .clippedAudio }, "\(report.findings)")
        #expect(clipped.severity == .warning)
        #expect((report.voice?.truePeakDBTP ?? -99) >= -0.5)
        // The clean reading of the same script does not clip.
        #expect(!(await check("slt-script-clean.mp4")).has(.clippedAudio))
    }

    @Test func withoutAScriptLoudnessAndSpeechStillRun() async throws {
        let report = await check("slt-other-clean.mp4", validator: MediaValidator(voice: VoiceCheck()))
        // A still picture with the voice over it: only the speaking check has something to say.
        #expect(report.findings.map(\.code) == [.faceNotSpeaking], "\(report.findings)")
        #expect(report.voice?.scriptChecked == false)
        #expect(report.voice?.scriptNote == "no script was given")
        #expect(report.voice?.transcript?.isEmpty == false)
    }

    @Test func aNonEnglishScriptIsNotCheckedAndTheReportSaysWhy() async throws {
        let report = await check("slt-other-clean.mp4",
                                 validator: MediaValidator(voice: VoiceCheck(script: "Hola, estoy grabando.", language: "Spanish")))
        #expect(!report.has(.scriptMismatch))
        #expect(report.voice?.scriptChecked == false)
        #expect(report.voice?.scriptNote?.contains("only English") == true)
        #expect(report.notes.contains { $0.hasPrefix("voice:") && $0.contains("script not checked") })
    }

    @Test func withoutTheVoiceCheckNothingIsMeasured() async throws {
        let report = await check("silent.mp4", validator: MediaValidator())
        #expect(report.findings.isEmpty)
        #expect(report.voice == nil)
    }

    @Test(.tags(.slow), .fullRunOnly) func theJSONEntryCarriesEveryVoiceKey() async throws {
        let report = await check("slt-script-clean.mp4")
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let voice = try #require(object["voice"] as? [String: Any])
        for key in ["loudnessLUFS", "truePeakDBTP", "speechSeconds", "scriptCoverage", "transcript", "scriptChecked"] {
            #expect(voice.keys.contains(key), "\(key)")
        }
        #expect((voice["scriptCoverage"] as? Double ?? 0) >= 0.6)
    }
}

@Suite struct ScriptCoverageTests {
    @Test func wordsAreLowerCaseAndPhrasesSplitAtPunctuation() {
        let text = ScriptText("Hi, I\u{2019}m here. Look-out!")
        #expect(text.phrases == [["hi"], ["i'm", "here"], ["look", "out"]])
    }

    @Test func coverageIsTheShareHeardInOrder() {
        let script = ScriptText("one two three four five six seven eight nine ten").words
        #expect(ScriptCoverage(script: script, heard: script).coverage == 1)
        #expect(ScriptCoverage(script: script, heard: []).coverage == 0)
        let reversed = ScriptCoverage(script: script, heard: script.reversed())
        #expect(reversed.coverage == 0.1)
        let half = ScriptCoverage(script: script, heard: ["one", "two", "three", "four", "five"])
        #expect(half.coverage == 0.5)
        #expect(half.firstMissedPassage == "six seven eight nine ten")
    }

    @Test func aHostileScriptIsBounded() {
        let text = ScriptText(String(repeating: "word ", count: 50_000))
        #expect(text.words.count == ScriptText.maxWords)
    }

    @Test func theScriptModelIsAnARPAFileOfKnownWords() throws {
        let model = try #require(ScriptLanguageModel(phrases: [["hi", "there", "zzzq"]], isKnown: { $0 != "zzzq" }))
        #expect(model.arpa.hasPrefix("\\data\\\nngram 1=4\nngram 2=3\nngram 3=2\n"))
        #expect(!model.arpa.contains("zzzq"))
        #expect(ScriptLanguageModel(phrases: [["zzzq"]], isKnown: { _ in false }) == nil)
    }
}
