import Foundation
import TestSupport
import Testing

/// `twin validate` as a real process: exit codes, output formats, the step summary.
@Suite(.hangBackstop) struct ValidateCLITests {
    @Test(.tags(.slow), .fullRunOnly, arguments: FixtureExpectation.all)
    func fixtureThroughTheCLI(_ expected: FixtureExpectation) async throws {
        let path = "fixtures/" + expected.path
        let result = try await TwinProcess.run(["validate", "--format", "json", path])
        // The voice check is on by default: the codes it adds to a tone-only test pattern are expected too.
        #expect(result.status == (expected.ok && expected.voiceCodes.isEmpty ? 0 : 1), "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["path"] as? String == path)
        let codes = Set(((file["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
        #expect(codes == expected.codes.union(expected.voiceCodes))
        #expect(file["width"] as? Int == expected.size?.0)
        #expect(file["height"] as? Int == expected.size?.1)
        #expect(file["rotation"] as? Int == expected.rotation)
    }

    @Test(.tags(.slow), .fullRunOnly) func demoSessionFolderPasses() async throws {
        let result = try await TwinProcess.run(["validate", "fixtures/sessions/demo"])
        #expect(result.status == 0)
        // The session's own entry (its resolved pose order) comes first, then its six files.
        #expect(result.stdout.contains("7 files: 7 passed, 0 failed (0 errors, 0 warnings)"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        #expect(result.stdout.contains("fixtures/sessions/demo/video.mp4"))
    }

    /// `--strict` fails a warning; `--deep` finds the garbage burst that quick decoding misses. The
    /// fixtures are test patterns with a tone for sound: without the face checks (whose middle keyframe
    /// would land in the burst) and the voice check (no speech) each passes without the flag.
    @Test(arguments: [
        ("fixtures/video/low-resolution.mp4", "--strict", "warning low-resolution"),
        ("fixtures/video/garbage-burst.mp4", "--deep", "error   corrupt: The file is damaged"),
    ])
    func flagMakesAPassingFileFail(file: String, flag: String, expected: String) async throws {
        try await withTemporaryFolder { folder in
            // Test patterns show no face and say nothing (a 440 Hz tone): neither check is what this tests.
            let profile = folder.appendingPathComponent("no-faces.toml")
            try Data("[faces]\nenabled = false\n[voice]\nenabled = false\n".utf8).write(to: profile)
            #expect(try await TwinProcess.run(["validate", "--profile", profile.path, file]).status == 0)
            let flagged = try await TwinProcess.run(["validate", flag, "--profile", profile.path, file])
            #expect(flagged.status == 1)
            #expect(flagged.stdout.contains(expected), "\(flagged.stdout)")
        }
    }

    @Test(arguments: [
        ["validate"],
        ["validate", "--format", "xml", "fixtures/image/vertical.png"],
        ["validate", "--profile", "/nonexistent.toml", "fixtures/image/vertical.png"],
        ["validate", "--bogus", "fixtures/image/vertical.png"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) async throws {
        let result = try await TwinProcess.run(arguments)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test(.tags(.slow), .fullRunOnly) func mixedFilesAndFoldersKeepArgumentOrder() async throws {
        let result = try await TwinProcess.run(["validate", "--format", "json", "fixtures/image/landscape.png",
                                          "fixtures/sessions/demo", "fixtures/video/no-audio.mp4"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let paths = ((object["files"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
        #expect(paths.count == 9)  // the session entry, its six files, and the two files
        #expect(paths.first == "fixtures/image/landscape.png")
        #expect(paths.last == "fixtures/video/no-audio.mp4")
        #expect(object["ok"] as? Bool == false)
    }

    @Test func junitOutput() async throws {
        let result = try await TwinProcess.run(["validate", "--format", "junit", "fixtures/image"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("<?xml"))
        #expect(result.stdout.components(separatedBy: "<testcase ").count - 1 == FixtureExpectation.images.count)
    }

    @Test(.tags(.slow), .fullRunOnly) func githubOutputAndStepSummary() async throws {
        try await withTemporaryFolder { folder in
            let summary = folder.appendingPathComponent("summary.md")
            try Data("# earlier step\n".utf8).write(to: summary)
            let result = try await TwinProcess.run(["validate", "--format", "github", "fixtures/video", "fixtures/image"],
                                             environment: ["GITHUB_STEP_SUMMARY": summary.path])
            #expect(result.status == 1)
            let errors = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::error file=") }
            #expect(errors.count > 10, "more annotations than Actions shows, hence the summary")
            #expect(result.stdout.contains("::error file=fixtures/video/landscape.mp4,title=not-vertical::"))
            let markdown = try String(contentsOf: summary, encoding: .utf8)
            #expect(markdown.hasPrefix("# earlier step\n### twin validate: failed"))
            // Cells hold punctuation as character references (issue 18, row 10), which GitHub renders as the characters.
            #expect(markdown.contains("| fixtures&#47;image&#47;too-large.png | FAIL |"))
            #expect(!markdown.contains("fixtures/image/too-large.png"))
        }
    }

    @Test func profileFromTheCommandLine() async throws {
        try await withTemporaryFolder { folder in
            let profile = folder.appendingPathComponent("profile.toml")
            try Data("[video]\nrequire-audio = false\n[faces]\nskip = [\"no-face\"]\n".utf8).write(to: profile)
            #expect(try await TwinProcess.run(["validate", "fixtures/video/no-audio.mp4"]).status == 1)
            #expect(try await TwinProcess.run(["validate", "--profile", profile.path, "fixtures/video/no-audio.mp4"]).status == 0)
        }
    }
}
