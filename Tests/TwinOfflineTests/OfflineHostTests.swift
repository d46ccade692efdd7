import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinOffline
import TwinPublish

/// The in-process static host `--sandbox` publishes to: what it publishes is served over loopback HTTP, removing
/// an object stops serving it, and shutting down deletes the folder with everything in it.
@Suite(.hangBackstop) struct OfflineHostTests {
    static func get(_ url: String) async throws -> (status: UInt, body: Data) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, Data(body.readableBytesView))
    }

    @Test func servesWhatItPublishesAndDeletesItAllOnShutdown() async throws {
        let host = try await OfflineHost.start()
        let folder = host.folder
        do {
            #expect(FileManager.default.fileExists(atPath: folder.path))
            let photo = TestPaths.fixtures.appendingPathComponent("sessions/demo/neutral.jpg")
            let published = try await host.publisher.publish(photo)
            #expect(published.url.hasPrefix("http://127.0.0.1:") || published.url.hasPrefix("http://localhost:"), "\(published.url)")
            let served = try await Self.get(published.url)
            #expect(served.status == 200)
            #expect(served.body == (try Data(contentsOf: photo)))
            // Publishing the same content again re-uses the object: one URL for one content.
            #expect(try await host.publisher.publish(photo).url == published.url)
            try await host.publisher.unpublish(published.url)
            #expect(try await Self.get(published.url).status == 404)
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
        #expect(!FileManager.default.fileExists(atPath: folder.path), "the folder and what was published in it are gone")
    }

    @Test func twoHostsServeTwoFolders() async throws {
        let first = try await OfflineHost.start()
        let second = try await OfflineHost.start()
        #expect(first.folder != second.folder)
        let photo = TestPaths.fixtures.appendingPathComponent("sessions/demo/neutral.jpg")
        let a = try await first.publisher.publish(photo), b = try await second.publisher.publish(photo)
        #expect(a.url != b.url, "each host has its own port")
        await first.shutdown()
        #expect(try await Self.get(b.url).status == 200, "shutting one down leaves the other serving")
        await second.shutdown()
    }
}
