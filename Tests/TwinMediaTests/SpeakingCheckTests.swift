import Foundation
import TestSupport
import Testing
@testable import TwinMedia
import TwinVoice

/// The speaking check: frames sampled while the voice is heard show the face, and its mouth moves.
@Suite(.hangBackstop) struct SpeakingCheckTests {
    static func fixture(_ path: String) -> URL { TestPaths.fixtures.appendingPathComponent(path) }

    // MARK: Which frames are sampled

    @Test func oneFrameEveryTwoSecondsOfSpeechOnAKeyframeWhenTheStretchHoldsOne() {
        let plan = SpeakingSamplePlan(speech: [SpeechInterval(start: 1, end: 5), SpeechInterval(start: 8, end: 9)],
                                      keyframes: [0, 2.5, 7, 8.2], spacing: 2, maxFrames: 60)
        // 1–5 s: two stretches (1–3 holds the keyframe at 2.5; 3–5 holds none: its middle); 8–9 s: the keyframe at 8.2.
        #expect(plan.times == [2.5, 4, 8.2])
    }

    @Test func aLongRecordingIsCappedAndSpreadEvenly() {
        let plan = SpeakingSamplePlan(speech: [SpeechInterval(start: 0, end: 600)], keyframes: [], spacing: 2, maxFrames: 60)
        #expect(plan.times.count == 60)
        #expect(plan.times.first! < 10 && plan.times.last! > 590, "spread over the whole speech: \(plan.times)")
        #expect(plan.times == plan.times.sorted())
    }

    @Test func noSpeechSamplesNothing() {
        #expect(SpeakingSamplePlan(speech: [], keyframes: [0, 1], spacing: 2, maxFrames: 60).times.isEmpty)
        #expect(SpeakingSamplePlan(speech: [SpeechInterval(start: 3, end: 3)], keyframes: [], spacing: 2, maxFrames: 60)
            .times.isEmpty)
    }

    @Test func theSpreadIgnoresOneOutlierAtEachEnd() {
        #expect(MediaValidator.spread(of: [0.1, 0.2]) == nil, "under three frames: not judged")
        let spread = try! #require(MediaValidator.spread(of: [0, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.9]))
        #expect(abs(spread) < 1e-9, "one closed and one wide-open frame among still ones do not make speech")
        #expect(MediaValidator.spread(of: [0, 0.1, 0.2, 0.3, 0.4]) == 0.4)
    }

    // MARK: Verdicts on real videos

    @Test(.tags(.slow), .fullRunOnly) func theTalkingDemoPasses() async throws {
        let report = await MediaValidator(voice: VoiceSettings()).validate(file: Self.fixture("sessions/demo/video.mp4"))
        let speaking = try #require(report.speaking, "\(report.notes)")
        #expect(speaking.framesSampled >= 8, "16 s of speech: at least one frame every 2 s")
        #expect(speaking.faceShare == 1)
        #expect(try #require(speaking.mouthVariation) > ValidationProfile.builtIn.speaking.minMouthVariation * 2)
        #expect(!report.has(.faceNotSpeaking) && !report.has(.faceMissingWhileSpeaking), "\(report.findings)")
        #expect(report.notes.contains { $0.hasPrefix("speaking: \(speaking.framesSampled) frames sampled, a face in 100%") })
    }

    @Test(.tags(.slow), .fullRunOnly) func aStillPictureWithAVoiceOverIsNotSpeaking() async throws {
        let still = Self.fixture("voice/slt-script-clean.mp4")
        let report = await MediaValidator(voice: VoiceSettings()).validate(file: still)
        let finding = try #require(report.findings.first { $0.code == .faceNotSpeaking }, "\(report.findings)")
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("still picture with a voice-over"))
        #expect(report.ok, "a warning: it does not fail validation")
        #expect(try #require(report.speaking?.mouthVariation) < ValidationProfile.builtIn.speaking.minMouthVariation)

        let strict = try ValidationProfile(toml: "[speaking]\nnot-speaking = \"error\"")
        let failed = await MediaValidator(profile: strict, voice: VoiceSettings()).validate(file: still)
        #expect(failed.findings.first { $0.code == .faceNotSpeaking }?.severity == .error)
        #expect(!failed.ok)
    }

    @Test(.tags(.slow), .fullRunOnly) func aFaceMissingFromMostOfTheSpeechIsAnErrorAndFromSomeAWarning() async throws {
        let away = await MediaValidator(voice: VoiceSettings()).validate(file: Self.fixture("speaking/face-away.mp4"))
        let error = try #require(away.findings.first { $0.code == .faceMissingWhileSpeaking }, "\(away.findings)")
        #expect(error.severity == .error)
        #expect(try #require(away.speaking?.faceShare) < 0.5)
        #expect(!away.has(.noFace), "the keyframes at the start and the end show the face")

        let briefly = await MediaValidator(voice: VoiceSettings()).validate(file: Self.fixture("speaking/face-away-briefly.mp4"))
        let warning = try #require(briefly.findings.first { $0.code == .faceMissingWhileSpeaking }, "\(briefly.findings)")
        #expect(warning.severity == .warning)
        #expect((0.5..<0.8).contains(try #require(briefly.speaking?.faceShare)))
        #expect(!briefly.has(.faceNotSpeaking), "the mouth moves in the frames that show it")
    }

    @Test(.tags(.slow), .fullRunOnly) func theThresholdsComeFromTheProfile() async throws {
        let lenient = try ValidationProfile(toml: "[speaking]\nerror-face-share = 0.1\nwarning-face-share = 0.4\n")
        let report = await MediaValidator(profile: lenient, voice: VoiceSettings()).validate(file: Self.fixture("speaking/face-away.mp4"))
        #expect(report.findings.first { $0.code == .faceMissingWhileSpeaking }?.severity == .warning, "\(report.findings)")

        let off = try ValidationProfile(toml: "[speaking]\nenabled = false")
        let unchecked = await MediaValidator(profile: off, voice: VoiceSettings()).validate(file: Self.fixture("voice/slt-script-clean.mp4"))
        #expect(unchecked.speaking == nil && !unchecked.has(.faceNotSpeaking))
    }

    @Test func withoutTheVoiceCheckNothingClaimsTheSpeakingWasJudged() async throws {
        let report = await MediaValidator().validate(file: Self.fixture("voice/slt-script-clean.mp4"))
        #expect(report.speaking == nil)
        #expect(!report.has(.faceNotSpeaking) && !report.has(.faceMissingWhileSpeaking))
        #expect(!report.notes.contains { $0.hasPrefix("speaking:") })
    }

    /// A process of its own: the landmark model is loaded once per process, so only a fresh `twin` reads another path.
    @Test func framesThatCouldNotBeSearchedAreNotFramesWithoutAFace() async throws {
        try await withTemporaryFolder { folder in
            let profile = folder.appendingPathComponent("broken-model.toml")
            try Data("[faces]\nmodel = \"/nonexistent/shape_predictor.dat\"\n".utf8).write(to: profile)
            let run = try await TwinProcess.run(["validate", "--format", "json", "--profile", profile.path,
                                           "fixtures/sessions/demo/video.mp4", "fixtures/sessions/demo/neutral.jpg"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let files = try #require(json["files"] as? [[String: Any]])
            #expect(files.count == 2)
            let file = try #require(files.first { ($0["path"] as? String)?.hasSuffix("video.mp4") == true })
            // Could not look is not "not there": neither the keyframes nor the photo get `no-face`.
            for checked in files {
                let findings = (checked["findings"] as? [[String: Any]]) ?? []
                #expect(!findings.contains { ($0["code"] as? String) == "no-face" }, "\(findings)")
                #expect(findings.contains { ($0["code"] as? String) == "face-not-checked" && ($0["severity"] as? String) == "warning"
                    && (($0["message"] as? String)?.contains("The face check could not run") ?? false) }, "\(findings)")
                #expect(checked["faces"] is NSNull, "no search is claimed: \(checked["faces"] ?? "missing")")
                #expect(((checked["notes"] as? [String]) ?? []).contains { $0.hasPrefix("face not checked (") }, "\(checked["notes"] ?? "")")
            }
            #expect(file["speaking"] is NSNull, "no share of faces is claimed: \(file["speaking"] ?? "missing")")
            let findings = (file["findings"] as? [[String: Any]]) ?? []
            let codes = findings.compactMap { $0["code"] as? String }
            #expect(!codes.contains("face-missing-while-speaking") && !codes.contains("face-not-speaking"), "\(codes)")
            #expect(findings.contains { ($0["code"] as? String) == "face-not-checked" && ($0["severity"] as? String) == "warning"
                && (($0["message"] as? String)?.hasPrefix("The speaking check could not search") ?? false) }, "\(findings)")
            #expect(((file["notes"] as? [String]) ?? []).contains { $0.hasPrefix("speaking not checked: ") })
        }
    }

    @Test func silenceIsNotSampled() async throws {
        let report = await MediaValidator(voice: VoiceSettings()).validate(file: Self.fixture("voice/silent.mp4"))
        #expect(report.speaking == nil)
        #expect(report.has(.silentAudio))
        #expect(!report.has(.faceNotSpeaking))
    }

    @Test func theJSONCarriesTheMeasures() async throws {
        let report = await MediaValidator(voice: VoiceSettings()).validate(file: Self.fixture("speaking/face-away.mp4"))
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let speaking = try #require(object["speaking"] as? [String: Any], "\(object.keys.sorted())")
        #expect(Set(speaking.keys) == ["framesSampled", "faceShare", "mouthVariation"])
        #expect(speaking["mouthVariation"] is NSNull, "under three frames with a face: null, not judged")
        #expect(speaking["framesSampled"] as? Int == report.speaking?.framesSampled)
    }

    @Test func theReportDataHoldsEachSampledFrame() async throws {
        let validator = MediaValidator(voice: VoiceSettings(), collectReportData: true)
        let report = await validator.validate(file: Self.fixture("speaking/face-away-briefly.mp4"))
        let frames = try #require(report.detail?.speakingFrames)
        #expect(frames.count == report.speaking?.framesSampled)
        #expect(frames.map(\.time) == frames.map(\.time).sorted())
        #expect(frames.allSatisfy { $0.thumbnail.map { max($0.width, $0.height) <= 120 } ?? false })
        #expect(frames.contains { $0.mouthOpening == nil } && frames.contains { $0.mouthOpening != nil })
    }

    @Test func profileKeysAreChecked() throws {
        for (toml, key) in [("[speaking]\nmax-frames = 0", "max-frames"), ("[speaking]\nwarning-face-share = 1.5", "warning-face-share"),
                            ("[speaking]\nnot-speaking = \"fatal\"", "not-speaking"), ("[speaking]\nsample-spacing = 0", "sample-spacing"),
                            ("[speaking]\nmin-variation = 0.1", "min-variation")] {
            #expect(throws: MediaError.self, "\(key)") { try ValidationProfile(toml: toml) }
            do {
                _ = try ValidationProfile(toml: toml)
            } catch {
                #expect("\(error)".contains(key), "the message names the key: \(error)")
            }
        }
        let profile = try ValidationProfile(toml: "[speaking]\nmin-mouth-variation = 0.05\nmax-frames = 10\nsample-spacing = 1")
        #expect(profile.speaking.minMouthVariation == 0.05 && profile.speaking.maxFrames == 10 && profile.speaking.sampleSpacing == 1)
    }
}
