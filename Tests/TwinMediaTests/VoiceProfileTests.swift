import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinVoice

@Suite(.hangBackstop) struct VoiceProfileTests {
    @Test func theVoiceTableOverridesOnlyWhatItNames() throws {
        let profile = try ValidationProfile(toml: """
            [voice]
            quiet-lufs = -25
            script-error-coverage = 0.5
            """)
        #expect(profile.voice.quietLUFS == -25)
        #expect(profile.voice.scriptErrorCoverage == 0.5)
        #expect(profile.voice.silentLUFS == VoiceThresholds().silentLUFS)
        #expect(profile.voice.minSpeechSeconds == 3)
        #expect(profile.voice.enabled)
        #expect(try ValidationProfile(toml: "[voice]\nenabled = false").voice.enabled == false)
    }

    @Test(arguments: [
        ("[voice]\nloudness = -20", "unknown key \"loudness\" in [voice]"),
        ("[voice]\nquiet-lufs = \"loud\"", "[voice] quiet-lufs must be a number"),
        ("voice = 3", "voice must be a table"),
        ("[voice]\nenabled = \"no\"", "[voice] enabled must be true or false"),
    ])
    func badVoiceTablesNameTheKey(toml: String, message: String) {
        #expect { try ValidationProfile(toml: toml) } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func thresholdsFromTheProfileChangeTheVerdict() async throws {
        // The kal16 reading is at -28 LUFS: quiet under a stricter -25 LUFS limit.
        let clip = TestPaths.fixtures.appendingPathComponent("voice/kal16-script-clean.mp4")
        let strict = try ValidationProfile(toml: "[voice]\nquiet-lufs = -25")
        let report = await MediaValidator(profile: strict, voice: VoiceSettings()).validate(file: clip)
        // The voice fixtures show one still picture: the speaking check's warning stands beside the voice's findings.
        #expect(report.findings.map(\.code) == [.quietAudio, .faceNotSpeaking], "\(report.findings)")
        #expect(await MediaValidator(voice: VoiceSettings()).validate(file: clip).findings.map(\.code) == [.faceNotSpeaking])
    }
}
