import AsyncHTTPClient
import Foundation
import TestSupport
import Testing
@testable import TwinSandbox

/// The sandbox's media download has one total deadline (issue 8, row 8 for the sandbox): a server that sends a head
/// and then trickles the body, never idle long enough for a read timeout, is cut off at the deadline.
@Suite(.hangBackstop)
struct MediaFetcherTests {
    @Test(.tags(.slow), .fullRunOnly) func trickledBodyEndsAtTheTotalDeadline() async throws {
        let server = try await FaultyHTTPServer.launch()
        defer { server.server.stop() }
        try server.script("GET", ["trickle"])
        // The client's idle read timeout is 30 s: only the total deadline can end this download.
        let error = try await download("\(server.baseURL)/video.mp4", deadline: .seconds(2), readTimeout: .seconds(30))
        #expect(error?.description.contains("no complete answer within 2000 ms") == true, "\(String(describing: error))")
    }

    @Test func bodyOverTheCapIsRefused() async throws {
        let server = try await FaultyHTTPServer.launch()
        defer { server.server.stop() }
        try server.script("GET", ["huge"])
        let error = try await download("\(server.baseURL)/video.mp4", deadline: .seconds(10), readTimeout: .seconds(10))
        #expect(error?.description.contains("bytes allowed") == true, "\(String(describing: error))")
    }

    /// Downloads `url` (at most 1 MiB) with a fresh sandbox client; the failure, nil if it succeeded.
    private func download(_ url: String, deadline: Duration, readTimeout: Duration) async throws -> MediaFetcher.Failure? {
        let client = MediaFetcher.makeHTTPClient(maxRedirects: 2, timeout: readTimeout)
        let failure = try await withTemporaryFolder { folder in
            await #expect(throws: MediaFetcher.Failure.self) {
                let fetcher = MediaFetcher(httpClient: client, timeout: deadline)
                _ = try await fetcher.download(URL(string: url)!, into: folder, index: 0, maxBytes: 1 << 20)
            }
        }
        try await client.shutdown()
        return failure
    }
}
