import Foundation
import Testing
import TwinPipeline

@Suite struct PoseProfileTests {
    @Test func builtInIsTheFiveMouthPosesInOrder() {
        let profile = PoseProfile.builtIn
        #expect(profile.poses.map(\.id) == ["neutral", "ooh", "teeth", "aah", "pursed"])
        #expect(profile.poses.map(\.description) == [
            "neutral face", "saying \"ooh\"", "top and bottom teeth showing", "saying \"aah\"", "lips fully pursed",
        ])
        #expect(profile.pose(named: "GRIN")?.id == "teeth")
        #expect(profile.pose(named: "face") == nil)
    }

    @Test func tomlTextReadsBackToTheSameProfile() throws {
        let text = PoseProfile.builtIn.tomlText
        let parsed = try PoseProfile(toml: text, source: "round-trip")
        #expect(parsed == PoseProfile.builtIn)
        #expect(parsed.poses == PoseProfile.builtIn.poses)
    }

    @Test func customProfileReplacesTheOrder() throws {
        let profile = try PoseProfile(toml: """
            [[pose]]
            id = "Smile"
            aliases = ["happy"]
            description = "a big smile"

            [[pose]]
            id = "frown"
            description = "a frown"
            """, source: "custom.toml")
        #expect(profile.poses.map(\.id) == ["smile", "frown"])
        #expect(profile.pose(named: "happy")?.id == "smile")
        #expect(profile.poses[1].aliases.isEmpty)
    }

    @Test(arguments: [
        ("", "no [[pose]] tables"),
        ("[[pose]]\nid = \"a\"\n", "needs description"),
        ("[[pose]]\ndescription = \"x\"\n", "needs id"),
        ("[[pose]]\nid = \"a\"\ndescription = \"x\"\n[[pose]]\nid = \"b\"\naliases = [\"A\"]\ndescription = \"y\"\n",
         "names both pose 'a' and pose 'b'"),
        ("[[pose]]\nid = \"two words\"\ndescription = \"x\"\n", "must be one word"),
        ("[[pose]]\nid = \"3\"\ndescription = \"x\"\n", "must be one word"),
        ("[[pose]]\nid = \"a\"\ndescription = \"x\"\nshape = 1\n", "unknown key 'shape'"),
        ("[[pose]]\nid = \"a\"\naliases = \"b\"\ndescription = \"x\"\n", "aliases must be an array"),
        ("poses = [", "not valid TOML"),
        ("[pose]\nid = \"a\"\n", "no [[pose]] tables"),
    ])
    func invalidProfilesAreRejectedWithTheReason(toml: String, reason: String) {
        #expect {
            try PoseProfile(toml: toml, source: "bad.toml")
        } throws: { error in
            let error = error as? PipelineError
            return error?.code == .invalidPoseProfile && error!.message.contains("bad.toml") && error!.message.contains(reason)
        }
    }

    @Test func missingProfileFileNamesThePath() {
        let path = URL(fileURLWithPath: "/nonexistent/poses.toml")
        #expect(throws: PipelineError.self) { try PoseProfile(contentsOf: path) }
        do {
            _ = try PoseProfile(contentsOf: path)
        } catch {
            #expect(error.message.contains("/nonexistent/poses.toml"))
            #expect(!error.message.contains("--poses"), "the library names no flag; the CLI adds it")
        }
    }
}
