import Foundation
import TestSupport
import Testing
@testable import TwinMedia
import TwinVoice

/// Serialized: each case is seconds of recognition; side by side they would starve the other
/// suites' time-limited tests on a 2-core machine.
@Suite(.serialized, .timeLimit(.minutes(10))) struct VoiceCheckTests {
    static let voiceFixtures = SpokenClip.folder
    static let script = SpokenClip.script

    let validator = MediaValidator(voice: VoiceSettings(script: VoiceCheckTests.script))

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

    @Test func theVerdictCacheAnswersWhatTheCheckAnswersForEveryCopy() async throws {
        let validator = MediaValidator(voice: VoiceSettings())
        let clip = Self.voiceFixtures.appendingPathComponent("speech-then-silence.mp4")
        let direct = await validator.checkVoice(file: clip)
        #expect(direct.findings.map(\.code).contains(.noSpeech), "\(direct.findings)")
        try await withTemporaryFolder { folder in
            let copy = folder.appendingPathComponent("copy.mp4")
            try FileManager.default.copyItem(at: clip, to: copy)
            let cache = VoiceVerdictCache()
            // Asked side by side for one content under two names: the file is hashed off the actor, the check runs once.
            async let first = cache.verdict(for: clip, validator: validator)
            async let second = cache.verdict(for: copy, validator: validator)
            let verdicts = await [first, second]
            #expect(verdicts.allSatisfy { $0 == direct }, "\(verdicts)")
            // Another content is another verdict.
            let other = await cache.verdict(for: Self.voiceFixtures.appendingPathComponent("silent.mp4"), validator: validator)
            #expect(other.findings.map(\.code).contains(.silentAudio), "\(other.findings)")
        }
    }

    /// A FIFO named like a video is refused as not a regular file: neither the cache's hash nor FFmpeg's open waits for
    /// a writer that never comes.
    @Test(.hangBackstop) func aFIFOIsRefusedWithoutBlocking() async throws {
        try await withTemporaryFolder { folder in
            let fifo = folder.appendingPathComponent("take.mp4")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            let verdict = await VoiceVerdictCache().verdict(for: fifo, validator: MediaValidator(voice: VoiceSettings()))
            #expect(verdict.findings.map(\.code) == [.unreadable], "\(verdict.findings)")
            #expect(verdict.findings.first?.message.contains("FIFO") == true)
        }
    }

    @Test func withoutAScriptLoudnessAndSpeechStillRun() async throws {
        let report = await check("slt-other-clean.mp4", validator: MediaValidator(voice: VoiceSettings()))
        // A still picture with the voice over it: only the speaking check has something to say.
        #expect(report.findings.map(\.code) == [.faceNotSpeaking], "\(report.findings)")
        #expect(report.voice?.scriptChecked == false)
        #expect(report.voice?.scriptNote == "no script was given")
        #expect(report.voice?.transcript?.isEmpty == false)
    }

    @Test func aNonEnglishScriptIsNotCheckedAndTheReportSaysWhy() async throws {
        let report = await check("slt-other-clean.mp4",
                                 validator: MediaValidator(voice: VoiceSettings(script: "Hola, estoy grabando.", language: "Spanish")))
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
