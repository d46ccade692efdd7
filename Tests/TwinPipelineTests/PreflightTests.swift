import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinMedia
import TwinPipeline
import TwinValidation

/// `Preflight.validate(paths:)`: what `twin validate` does, as one library call.
@Suite(.hangBackstop) struct PreflightTests {
    static let facesOff: MediaValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = false
        return MediaValidator(profile: profile)
    }()

    @Test func filesFoldersAndSessionsKeepArgumentOrder() async throws {
        let image = TestPaths.fixtures.appendingPathComponent("image/landscape.png").path
        let session = TestPaths.fixtures.appendingPathComponent("sessions/demo").path
        let video = TestPaths.fixtures.appendingPathComponent("video/no-audio.mp4").path
        let report = try await Preflight.validate(paths: [image, session, video], validator: Self.facesOff)
        let paths = report.files.map(\.path)
        #expect(paths.count == 9, "the image, the session's entry and its six files, the video")
        #expect(paths.first == image)
        #expect(paths[1] == session)
        #expect(report.files[1].kind == .session)
        #expect(paths[2..<8].allSatisfy { $0.hasPrefix(session + "/") })
        #expect(paths.last == video)
        #expect(report.files.first?.findings.map(\.code).contains(.notVertical) == true)
        #expect(report.files.last?.findings.map(\.code).contains(.noAudio) == true)
        #expect(!report.ok)
    }

    @Test func aFolderWithoutMediaGetsAnEntryOfItsOwn() async throws {
        let workspace = try SessionWorkspace("preflight")
        let empty = try workspace.folder("empty", files: ["notes.txt"])
        let report = try await Preflight.validate(paths: [empty.path], validator: Self.facesOff)
        #expect(report.files.map(\.path) == [empty.path])
        #expect(report.files.first?.findings.map(\.code) == [.unreadable])
    }

    @Test func strictFailsOnWarnings() async throws {
        let file = TestPaths.fixtures.appendingPathComponent("video/low-resolution.mp4").path
        #expect(try await Preflight.validate(paths: [file], validator: Self.facesOff).ok)
        #expect(try await !Preflight.validate(paths: [file], validator: Self.facesOff, strict: true).ok)
    }

    @Test func aBatchListsTheSessionsOfItsShard() throws {
        let workspace = try SessionWorkspace("preflight-batch")
        for name in ["alice", "bob", "carol"] { _ = try workspace.folder("batch/\(name)", files: ["video.mp4"]) }
        let root = workspace.root.appendingPathComponent("batch")
        #expect(try BatchRunner.sessionFolders(in: root).map(\.lastPathComponent) == ["alice", "bob", "carol"])
        let shard = try Shard(index: 2, count: 2)
        #expect(try BatchRunner.sessionFolders(in: root, shard: shard).map(\.lastPathComponent)
                == ["alice", "bob", "carol"].filter { Shard.shardIndex(of: $0, count: 2) == 2 })
    }
}
