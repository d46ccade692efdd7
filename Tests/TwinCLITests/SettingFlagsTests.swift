import ArgumentParser
import Foundation
import TestSupport
import Testing
import TwinSettings
@testable import twin

/// The library names settings as typed values ("the API URL", `.apiURL`); `twin` says where each is set, once at start,
/// and every message naming a setting then carries its flag: no text of a message is searched.
@Suite(.hangBackstop)
struct SettingFlagsTests {
    @Test(arguments: [
        (Setting.apiURL, "the API URL (--api-url or CAPTIONS_API_URL)"),
        (.apiKey, "the API key (CAPTIONS_API_KEY or --api-key-file)"),
        (.apiRequestRate, "the API request rate (--api-rate)"),
        (.s3Region, "the S3 region (--region)"),
        (.publishTarget, "a publish target (--to)"),
        (.publicBaseURL, "a public base URL (--public-base-url)"),
        (.poseProfile, "the pose profile (--poses)"),
        (.captureTimeOrder, "the capture-time order (--order capture-time)"),
        (.contentOrder, "the content order (--order content)"),
        (.twinList, "the list of twins (twin list)"),
        (.failedSessionsRetry, "retrying failed sessions (twin batch --retry-failed)"),
    ])
    func eachSettingIsNamedWithItsFlag(setting: Setting, mentioned: String) {
        #expect(SettingNames.mention(setting, naming: { $0.commandLine }) == mentioned)
        #expect(SettingNames.mention(setting, naming: nil) == setting.phrase, "a library user who says nothing gets the phrase")
        #expect(SettingNames.mention(setting, naming: { _ in "" }) == setting.phrase)
    }

    /// Every flag a setting names is an option of some `twin` command, and every command it names exists: a renamed
    /// flag fails here rather than in a user's terminal.
    @Test(arguments: Setting.allCases)
    func theFlagsNamedAreRealOptions(setting: Setting) {
        let commands = Twin.configuration.subcommands
        let help = commands.map { Twin.helpMessage(for: $0) }.joined(separator: "\n")
        let words = setting.commandLine.split(separator: " ").map(String.init)
        for word in words where word.hasPrefix("--") {
            #expect(help.contains(word), "\(setting): no twin command has \(word)")
        }
        for (index, word) in words.enumerated() where word == "twin" && index + 1 < words.count {
            #expect(commands.contains { $0.configuration.commandName == words[index + 1] }, "\(setting): no command \(words[index + 1])")
        }
        let variables = words.filter { $0.uppercased() == $0 && $0.contains("_") }
        #expect(variables.allSatisfy { $0.hasPrefix("CAPTIONS_") }, "\(setting): \(variables)")
    }

    @Test func aRefusedKeyNamesWhereTheKeyComesFrom() async throws {
        let sandbox = try SandboxProcess(timeScale: 1000, apiKey: "sk-hint-right")
        defer { sandbox.stop() }
        let result = try await TwinProcess.run(["languages"], environment: [
            "CAPTIONS_API_URL": sandbox.baseURL.absoluteString, "CAPTIONS_API_KEY": "sk-hint-wrong", "TWIN_API_RATE": "0",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("check the API key (CAPTIONS_API_KEY or --api-key-file)"), "\(result.stderr)")
        #expect(!result.stderr.contains("sk-hint-wrong"))
    }

    /// Findings name the setting in every format; the CLI adds the flag where it prints them.
    @Test(arguments: ["text", "json"])
    func aFindingOfThePoseOrderNamesItsFlag(format: String) async throws {
        try await withTemporaryFolder { folder in
            // The demo session's photos under names that say no pose: the finding suggests the capture-time order.
            let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
            try FileManager.default.copyItem(at: demo.appendingPathComponent("video.mp4"), to: folder.appendingPathComponent("video.mp4"))
            for (index, pose) in ["neutral", "ooh", "teeth", "aah", "pursed"].enumerated() {
                try FileManager.default.copyItem(at: demo.appendingPathComponent("\(pose).jpg"),
                                                 to: folder.appendingPathComponent("photo-\(index + 1).jpg"))
            }
            let page = folder.appendingPathComponent("report.html")
            let result = try await TwinProcess.run(["validate", "--no-voice-check", "--format", format, "--report", page.path, folder.path])
            #expect(result.status == 1, "\(result.stdout)")
            #expect(result.stdout.contains("choose the capture-time order (--order capture-time), by the photos' EXIF time"),
                    "\(result.stdout)")
            let html = try String(contentsOf: page, encoding: .utf8)
            #expect(html.contains("choose the capture-time order (--order capture-time)"), "the HTML report names the flag too")
        }
    }

    @Test func aMissingTargetNamesTheFlag() async throws {
        let result = try await TwinProcess.run(["publish", "fixtures/sessions/demo/neutral.jpg"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no target: set a publish target (--to), s3://"), "\(result.stderr)")
    }
}
