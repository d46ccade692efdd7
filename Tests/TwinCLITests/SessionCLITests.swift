import Foundation
import TestSupport
import Testing

/// `twin poses` and `twin validate` on session folders, as a real process.
@Suite(.hangBackstop) struct SessionCLITests {
    @Test func posesPrintsTheBuiltInOrder() async throws {
        let result = try await TwinProcess.run(["poses"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Pose profile: built-in (5 poses") == true)
        #expect(lines.dropFirst().map { $0.split(separator: " ")[1] } == ["neutral", "ooh", "teeth", "aah", "pursed"])
    }

    @Test func aProfileWrittenByPosesIsReadBackByPoses() async throws {
        try await withTemporaryFolder { folder in
            let toml = try await TwinProcess.run(["poses", "--format", "toml"])
            #expect(toml.status == 0)
            let edited = toml.stdout.replacingOccurrences(of: "id = \"pursed\"", with: "id = \"kissy\"")
                .replacingOccurrences(of: "\"kiss\"]", with: "\"smooch\"]")
            let file = folder.appendingPathComponent("poses.toml")
            try Data(edited.utf8).write(to: file)
            let json = try await TwinProcess.run(["poses", "--poses", file.path, "--format", "json"])
            #expect(json.status == 0, "\(json.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let ids = (object["poses"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["neutral", "ooh", "teeth", "aah", "kissy"])
            #expect(object["source"] as? String == file.path)
        }
    }

    @Test func aBrokenProfileIsAUsageError() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("poses.toml")
            try Data("[[pose]]\nid = \"a\"\n".utf8).write(to: file)
            for arguments in [["poses", "--poses", file.path], ["validate", "--poses", file.path, "fixtures/sessions/demo"]] {
                let result = try await TwinProcess.run(arguments)
                #expect(result.status == 2, "\(arguments)")
                #expect(result.stderr.contains("needs description"))
            }
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func sessionFindingsAndTheResolvedOrderInValidate() async throws {
        try await withTemporaryFolder { folder in
            let session = folder.appendingPathComponent("sam")
            try FileManager.default.createDirectory(at: session, withIntermediateDirectories: true)
            let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
            for (from, to) in [("video.mp4", "video.mp4"), ("neutral.jpg", "1.jpg"), ("ooh.jpg", "2.jpg"), ("aah.jpg", "4.jpg"),
                               ("pursed.jpg", "5.jpg"), ("teeth.jpg", "IMG_7.jpg")] {
                try FileManager.default.copyItem(at: demo.appendingPathComponent(from), to: session.appendingPathComponent(to))
            }
            let text = try await TwinProcess.run(["validate", session.path])
            #expect(text.status == 1)
            #expect(text.stdout.contains("3. teeth   ← (no photo: top and bottom teeth showing)"))
            #expect(text.stdout.contains("1. neutral ← 1.jpg (numeric-prefix, number 1)"))
            #expect(text.stdout.contains("error   missing-pose: no photo for pose 3 'teeth'"))
            #expect(text.stdout.contains("Unmatched photos: IMG_7.jpg"))
            #expect(text.stdout.contains("warning unexpected-file: IMG_7.jpg is not used"))

            try Data("[poses]\nteeth = \"IMG_7.jpg\"\n".utf8).write(to: session.appendingPathComponent("twin.toml"))
            let fixed = try await TwinProcess.run(["validate", "--format", "json", session.path])
            #expect(fixed.status == 0, "\(fixed.stdout)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
            let entries = try #require(object["files"] as? [[String: Any]])
            #expect(entries.first?["kind"] as? String == "session")
            #expect(entries.dropFirst().compactMap { ($0["path"] as? String)?.split(separator: "/").last.map(String.init) }
                    == ["video.mp4", "1.jpg", "2.jpg", "IMG_7.jpg", "4.jpg", "5.jpg"])
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func aFolderOfSessionsIsCheckedSessionBySession() async throws {
        try await withTemporaryFolder { folder in
            let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
            try FileManager.default.copyItem(at: demo, to: folder.appendingPathComponent("a"))
            try FileManager.default.copyItem(at: demo, to: folder.appendingPathComponent("b"))
            try FileManager.default.removeItem(at: folder.appendingPathComponent("b/ooh.jpg"))
            let result = try await TwinProcess.run(["validate", "--format", "github", folder.path])
            #expect(result.status == 1)
            #expect(result.stdout.contains("::error file=\(folder.path)/b,title=missing-pose::"))
            #expect(!result.stdout.contains("file=\(folder.path)/a,title=missing-pose"), "b's missing pose stays b's")
            // Two copies of one session: the same person, and the same files, in both (the identity checks, issue 19).
            for (session, other) in [("a", "b"), ("b", "a")] {
                #expect(result.stdout.contains("::warning file=\(folder.path)/\(session),title=same-person::Session '\(folder.path)/\(other)'"))
                #expect(result.stdout.contains("::error file=\(folder.path)/\(session),title=shared-media::video.mp4 is byte for byte"))
            }
        }
    }
}
