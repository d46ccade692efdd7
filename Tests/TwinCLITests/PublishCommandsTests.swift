import Foundation
import TestSupport
import Testing

/// `twin publish` / `twin unpublish` as real processes against a real nginx WebDAV server.
@Suite(.hangBackstop)
struct PublishCommandsTests {
    func sample(_ folder: URL, _ name: String, bytes: Int) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ bytes) }).write(to: url)
        return url
    }

    @Test func publishReuseDryRunAndUnpublish() async throws {
        let nginx = try await NginxWebDAV.launch()
        defer { nginx.server.stop() }
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-cli-publish")
        defer { try? FileManager.default.removeItem(at: folder) }
        let video = try sample(folder, "take.mp4", bytes: 300_000)
        let photo = try sample(folder, "front.png", bytes: 2_000)
        let target = "webdav+\(nginx.server.baseURL)/cli"
        let env = ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": nginx.password]

        let first = try await TwinProcess.run(["publish", "--to", target, video.path, photo.path], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let urls = first.stdout.split(separator: "\n").map(String.init)
        #expect(urls.count == 2)
        #expect(urls.allSatisfy { $0.hasPrefix("\(nginx.server.baseURL)/cli/") })
        #expect(!(first.stdout + first.stderr).contains(nginx.password))

        let again = try await TwinProcess.run(["publish", "--to", target, "--format", "json", video.path], environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(objects.first?["reused"] as? Bool == true)
        #expect(objects.first?["contentType"] as? String == "video/mp4")

        let dry = try await TwinProcess.run(["publish", "--to", "\(target)/dry", "--dry-run", photo.path], environment: env)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("PUT \(nginx.server.baseURL)/cli/dry/"))
        #expect(!FileManager.default.fileExists(atPath: nginx.root.appendingPathComponent("cli/dry").path))

        let removed = try await TwinProcess.run(["unpublish", "--to", target, urls[1]], environment: env)
        #expect(removed.status == 0, "\(removed.stderr)")
        let name = try #require(urls[1].split(separator: "/").last.map(String.init))
        #expect(!FileManager.default.fileExists(atPath: nginx.root.appendingPathComponent("cli/\(name)").path))
    }

    @Test func settingsComeFromTwinTomlAndFlagsWin() async throws {
        let nginx = try await NginxWebDAV.launch()
        defer { nginx.server.stop() }
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-cli-toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let photo = try sample(folder, "side.png", bytes: 1_500)
        try "[publish]\nto = \"webdav+\(nginx.server.baseURL)/from-toml\"\n"
            .write(to: folder.appendingPathComponent("twin.toml"), atomically: true, encoding: .utf8)
        let env = ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": nginx.password]
        let fromFile = try await TwinProcess.run(["publish", photo.path], in: folder, environment: env)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.hasPrefix("\(nginx.server.baseURL)/from-toml/"))
        let fromFlag = try await TwinProcess.run(["publish", "--to", "webdav+\(nginx.server.baseURL)/from-flag", photo.path], in: folder,
                                           environment: env)
        #expect(fromFlag.stdout.hasPrefix("\(nginx.server.baseURL)/from-flag/"), "\(fromFlag.stderr)")
    }

    @Test(.tags(.slow), .fullRunOnly) func errorsAreClearAndSecretFree() async throws {
        let nginx = try await NginxWebDAV.launch()
        defer { nginx.server.stop() }
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-cli-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let photo = try sample(folder, "up.png", bytes: 500)
        let wrong = "wrong-\(UUID().uuidString)"
        let denied = try await TwinProcess.run(["publish", "--to", "webdav+\(nginx.server.baseURL)/x", photo.path],
                                         environment: ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": wrong])
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("publish.access-denied"))
        #expect(!(denied.stdout + denied.stderr).contains(wrong))

        let usage = try await TwinProcess.run(["publish", "--to", "s3://bucket/p", "--presign", "2h", "--public-base-url", "https://x",
                                         photo.path])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("exclude each other"))

        let secret = "aws-secret-\(UUID().uuidString)"
        let unreachable = try await TwinProcess.run(
            ["publish", "--to", "s3://bucket/p", "--s3-endpoint", "http://127.0.0.1:\(try FreePort.pick())", photo.path],
            environment: ["AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": secret])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("publish.unreachable"))
        #expect(!(unreachable.stdout + unreachable.stderr).contains(secret))
    }
}
