import Foundation
import Testing
import TestSupport
import TwinPublish
import TwinSandbox

/// The pipeline's offline path: the file:// publisher into a folder served by the sandbox's
/// static file server, with `--public-base-url` pointing at it.
@Suite(.hangBackstop)
struct FolderPublisherSandboxTests {
    @Test(arguments: [("mp4", "video/mp4"), ("mov", "video/quicktime"), ("jpg", "image/jpeg"), ("png", "image/png")])
    func publishesIntoTheSandboxFileServer(_ ext: String, _ type: String) async throws {
        let root = try LaunchedServer.makeTemporaryFolder(prefix: "twin-served")
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await StaticFileServer.start(root: root)
        let file = try MediaFile.make(bytes: 123_457, ext: ext)
        defer { MediaFile.remove(file) }
        var options = quickOptions()
        options.publicBaseURL = server.baseURL.appendingPathComponent("media").absoluteString
        let publisher = try Publishers.make(target: PublishTarget(parsing: "file://\(root.path)/media"), options: options)
        do {
            let object = try await publisher.publish(file)
            #expect(object.contentType == type)
            #expect(object.url == "\(server.baseURL.absoluteString)/media/\(object.sha256).\(ext)")
            #expect(try await download(object.url).body == (try Data(contentsOf: file)))
            #expect(try await publisher.publish(file).reused)
            try await publisher.unpublish(object.key)
            #expect(try await download(object.url).status == 404)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}
