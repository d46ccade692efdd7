import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinSandbox

@Suite(.hangBackstop)
struct StaticFileServerTests {
    @Test(arguments: [
        ("clip.mp4", "video/mp4"), ("clip.MOV", "video/quicktime"), ("a/b/photo.jpg", "image/jpeg"),
        ("photo.jpeg", "image/jpeg"), ("photo.png", "image/png"), ("clip.m4v", "video/mp4"),
    ])
    func servesFilesWithTypeAndRanges(path: String, contentType: String) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("files-\(UUID().uuidString)")
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("0123456789".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: root) }

        let server = try await StaticFileServer.start(root: root)
        let url = server.url(forRelativePath: path)
        #expect(url.absoluteString == server.baseURL.absoluteString + "/" + path)

        let full = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(10))
        #expect(full.status == .ok)
        #expect(full.headers.first(name: "Content-Type") == contentType)
        #expect(String(buffer: try await full.body.collect(upTo: 100)) == "0123456789")

        var ranged = HTTPClientRequest(url: url.absoluteString)
        ranged.headers.add(name: "Range", value: "bytes=2-5")
        let partial = try await HTTPClient.shared.execute(ranged, timeout: .seconds(10))
        #expect(partial.status == .partialContent)
        #expect(String(buffer: try await partial.body.collect(upTo: 100)) == "2345")

        var head = HTTPClientRequest(url: url.absoluteString)
        head.method = .HEAD
        let headResponse = try await HTTPClient.shared.execute(head, timeout: .seconds(10))
        #expect(headResponse.status == .ok)
        #expect(headResponse.headers.first(name: "Content-Length") == "10")

        let missing = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: server.url(forRelativePath: "nope.mp4").absoluteString), timeout: .seconds(10)
        )
        #expect(missing.status == .notFound)
        await server.shutdown()
    }
}
