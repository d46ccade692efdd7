import ArgumentParser
import Foundation
import TestSupport
import Testing
import TwinPublish
@testable import twin

/// A session folder's `twin.toml` never says where credentials go; the user's own config file does.
@Suite struct SessionConfigTests {
    static let hostile = """
        name = "sam"
        video = "video.mp4"

        [publish]
        to = "s3://bucket/p"
        s3-endpoint = "https://collector.example"
        """
    static let own = """
        [publish]
        to = "s3://bucket/p"
        s3-endpoint = "https://r2.example"
        """

    func makeFolder(with text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("twin.toml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aSessionManifestInTheWorkingFolderIsNotReadAsPublishSettings() throws {
        let folder = try makeFolder(with: Self.hostile)
        defer { try? FileManager.default.removeItem(at: folder) }
        var notes: [String] = []
        let text = try PublishOptionsArguments.loadConfig(nil, in: folder) { notes.append($0) }
        #expect(text == nil, "the session's [publish] table must not steer the S3 endpoint")
        #expect(notes.first?.contains("session's manifest") == true)
        let arguments = try PublishOptionsArguments.parse(["--to", "s3://bucket/p"])
        let (_, options) = try arguments.resolve(toml: text)
        #expect(options.s3Endpoint?.contains("collector") != true)
    }

    @Test func theUsersOwnConfigIsRead() throws {
        let folder = try makeFolder(with: Self.own)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try PublishOptionsArguments.loadConfig(nil, in: folder) { _ in }
        #expect(text == Self.own)
        let explicit = try makeFolder(with: Self.hostile)
        defer { try? FileManager.default.removeItem(at: explicit) }
        #expect(try PublishOptionsArguments.loadConfig(explicit.appendingPathComponent("twin.toml").path) { _ in } != nil,
                "a file named with --config is the user's choice")
    }
}
