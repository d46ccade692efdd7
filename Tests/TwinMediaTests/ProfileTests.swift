import Foundation
import TestSupport
import Testing
import TwinMedia

@Suite struct ProfileTests {
    @Test func builtInDefaults() {
        let profile = ValidationProfile.builtIn
        #expect(profile.videoContainers == ["mp4", "mov"])
        #expect(profile.videoCodecs == ["h264", "hevc"])
        #expect(profile.imageFormats == ["png", "jpeg"])
        #expect(profile.maxPixels == 100_000_000)
        #expect(profile.requireAudio)
        #expect(profile.durationRange == 1...600)
    }

    @Test func tomlOverridesOnlyWhatItNames() throws {
        let profile = try ValidationProfile(toml: """
            [video]
            codecs = ["H264"]
            require-audio = false
            max-duration = 30
            [image]
            min-short-side = 1000
            """)
        #expect(profile.videoCodecs == ["h264"])
        #expect(!profile.requireAudio)
        #expect(profile.durationRange == 1...30)
        #expect(profile.minImageShortSide == 1000)
        #expect(profile.videoContainers == ValidationProfile.builtIn.videoContainers)
        #expect(profile.maxPixels == ValidationProfile.builtIn.maxPixels)
    }

    @Test func videoPixelLimitComesFromTheProfile() async throws {
        let file = TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4")
        #expect(ValidationProfile.builtIn.maxVideoPixels == 35_000_000)
        // The fixture shows no face: with the default profile that is the only finding.
        #expect(await MediaValidator().validate(file: file).findings.map(\.code) == [.noFace])
        let strictLimit = try ValidationProfile(toml: "[video]\nmax-pixels = 100000")
        #expect(strictLimit.maxVideoPixels == 100_000)
        let report = await MediaValidator(profile: strictLimit).validate(file: file)
        #expect(report.findings.map(\.code) == [.tooLarge])
        #expect(report.findings.first?.message.contains("480x848") == true)
    }

    @Test(arguments: [
        ("[video]\ncodec = [\"h264\"]", "unknown key \"codec\" in [video]"),
        ("[vidoe]\n", "unknown key \"vidoe\""),
        ("[video]\nmin-short-side = \"big\"", "min-short-side must be a whole number"),
        ("[image]\nformats = [1, 2]", "formats must be an array of strings"),
        ("[video]\nmin-duration = 10\nmax-duration = 5", "min-duration (10.0) is above max-duration (5.0)"),
        ("[video\n", "not valid TOML"),
    ])
    func badProfilesNameTheProblem(_ toml: String, _ expected: String) {
        #expect {
            try ValidationProfile(toml: toml, source: "p.toml")
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".hasPrefix("p.toml")
        }
    }

    @Test func profileChangesVerdicts() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("p.toml")
            try Data(("[video]\ncodecs = [\"h264\", \"hevc\", \"mpeg4\"]\nrequire-audio = false\n[image]\nmax-pixels = 1000\n"
                      + "[faces]\nskip = [\"no-face\"]\n").utf8)
                .write(to: file)
            let validator = MediaValidator(profile: try ValidationProfile(contentsOf: file))
            let fixtures = TestPaths.fixtures
            #expect(await validator.validate(file: fixtures.appendingPathComponent("video/codec-mpeg4.mp4")).findings.isEmpty)
            #expect(await validator.validate(file: fixtures.appendingPathComponent("video/no-audio.mp4")).findings.isEmpty)
            let photo = await validator.validate(file: fixtures.appendingPathComponent("image/vertical.jpg"))
            #expect(photo.findings.map(\.code) == [.tooLarge])
            #expect(throws: MediaError.self) { try ValidationProfile(contentsOf: folder.appendingPathComponent("missing.toml")) }
        }
    }
}
