import Foundation
import TestSupport
import Testing

/// `twin validate`'s voice check (on by default; `--script`, `--script-language`, `--no-voice-check`) as a real process.
@Suite(.hangBackstop) struct VoiceCLITests {
    @Test(.tags(.slow), .fullRunOnly) func aScriptFileChecksTheRecitation() async throws {
        let result = try await TwinProcess.run(["validate", "--script", "fixtures/voice/script.txt",
                                          "fixtures/voice/rms-script-clean.mp4", "fixtures/voice/rms-other-clean.mp4"])
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("voice: ") && $0.contains("LUFS") && $0.contains("s of speech")
            && $0.contains("script") && $0.contains("% heard") })
        #expect(result.stdout.contains("error   script-mismatch"))
        #expect(result.stdout.contains("2 files: 1 passed, 1 failed"))
    }

    @Test func jsonCarriesTheVoiceObject() async throws {
        let result = try await TwinProcess.run(["validate", "--voice", "--format", "json", "fixtures/voice/silent.mp4"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        let voice = try #require(file["voice"] as? [String: Any])
        #expect(voice["scriptChecked"] as? Bool == false)
        #expect(voice.keys.contains("loudnessLUFS") && voice["loudnessLUFS"] is NSNull)
        #expect(((file["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "silent-audio" })
    }

    /// The voice check is on by default (loudness and speech; no script, so the script is not checked).
    @Test(.tags(.slow), .fullRunOnly) func byDefaultTheVoiceIsChecked() async throws {
        let result = try await TwinProcess.run(["validate", "--format", "json", "fixtures/voice/silent.mp4"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        let voice = try #require(file["voice"] as? [String: Any])
        #expect(voice["scriptChecked"] as? Bool == false)
        #expect(((file["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "silent-audio" })
        let spoken = try await TwinProcess.run(["validate", "fixtures/voice/slt-script-clean.mp4"])
        #expect(spoken.status == 0, "\(spoken.stdout)")
        #expect(spoken.stdout.contains("s of speech, script not checked: no script was given"), "\(spoken.stdout)")
    }

    /// A recogniser that cannot open (its model is gone) leaves the speech unjudged: a `voice-not-checked` warning,
    /// never `no-speech` or `script-mismatch`, and the run passes unless `--strict`. A process of its own: the
    /// recogniser's model folder is read when the first one opens.
    @Test func aMissingSpeechModelIsNotCheckedRatherThanNoSpeech() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-no-speech-model")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["TWIN_POCKETSPHINX_MODEL": folder.appendingPathComponent("no-model").path]
        let arguments = ["validate", "--format", "json", "--script", "fixtures/voice/script.txt", "fixtures/voice/slt-script-clean.mp4"]
        let result = try await TwinProcess.run(arguments, environment: environment)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        let findings = (file["findings"] as? [[String: Any]]) ?? []
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(!codes.contains("no-speech") && !codes.contains("script-mismatch"), "\(codes)")
        let warning = try #require(findings.first { $0["code"] as? String == "voice-not-checked" }, "\(codes)")
        #expect(warning["severity"] as? String == "warning")
        #expect((warning["message"] as? String)?.contains("pocketsphinx-en-us") == true, "\(warning)")
        let voice = try #require(file["voice"] as? [String: Any])
        #expect(voice["scriptChecked"] as? Bool == false)
        #expect(voice["speechSeconds"] is NSNull, "no seconds of speech are claimed: \(voice)")
        #expect((voice["loudnessLUFS"] as? Double) != nil, "the loudness is still measured: \(voice)")

        let strict = try await TwinProcess.run(["validate", "--strict"] + arguments.dropFirst(), environment: environment)
        #expect(strict.status == 1, "--strict fails on the warning: \(strict.stdout)")
    }

    /// `--no-voice-check` and `[voice] enabled = false` turn it off: no voice object, no voice finding.
    @Test(arguments: ["flag", "profile"])
    func theVoiceCheckCanBeTurnedOff(_ how: String) async throws {
        try await withTemporaryFolder { folder in
            let profile = folder.appendingPathComponent("no-voice.toml")
            try Data("[voice]\nenabled = false\n".utf8).write(to: profile)
            let switches = how == "flag" ? ["--no-voice-check"] : ["--profile", profile.path]
            let result = try await TwinProcess.run(["validate", "--format", "json"] + switches + ["fixtures/voice/silent.mp4"])
            #expect(result.status == 0, "\(result.stdout)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let file = try #require((object["files"] as? [[String: Any]])?.first)
            #expect(file["voice"] is NSNull)
        }
    }

    /// The profile's switch gives way to an explicit request; the flag cannot be combined with one.
    @Test func explicitRequestsWinOverTheProfileAndClashWithTheFlag() async throws {
        try await withTemporaryFolder { folder in
            let profile = folder.appendingPathComponent("no-voice.toml")
            try Data("[voice]\nenabled = false\n".utf8).write(to: profile)
            let asked = try await TwinProcess.run(["validate", "--voice", "--profile", profile.path, "fixtures/voice/silent.mp4"])
            #expect(asked.status == 1 && asked.stdout.contains("silent-audio"), "\(asked.stdout)")
            let clash = try await TwinProcess.run(["validate", "--no-voice-check", "--script", "fixtures/voice/script.txt",
                                             "fixtures/voice/silent.mp4"])
            #expect(clash.status == 2)
            #expect(clash.stderr.contains("--no-voice-check cannot be combined"), "\(clash.stderr)")
        }
    }

    @Test(arguments: [
        ("no/such/script.txt", "cannot read the script file"),
        ("punctuation", "holds no words"),
        ("huge", "is over 64 KiB"),
    ])
    func aBadScriptIsAUsageError(script: String, message: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var path = script
        if script == "punctuation" || script == "huge" {
            path = folder.appendingPathComponent("script.txt").path
            let text = script == "huge" ? String(repeating: "word ", count: 20_000) : "... ,,, !!!"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        let result = try await TwinProcess.run(["validate", "--script", path, "fixtures/voice/silent.mp4"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
