public import AsyncHTTPClient
public import Foundation
public import TwinAPI
import NIOCore
import NIOHTTP1

/// What `POST /_sandbox/stats` answers: the `/create` requests the sandbox has received.
public struct SandboxStats: Codable, Sendable, Equatable {
    /// Every `/create` with a valid key and within the rate limit, whatever became of it
    /// (a 400 counts; a 401 or 429 does not, as the service never saw it as a request).
    public var createRequests: Int
    /// The same, per `name` in the body (requests without a readable name are not counted here).
    public var createRequestsByName: [String: Int]
    /// `/create` requests that started an operation.
    public var operationsCreated: Int
    /// The same, per twin name.
    public var operationsCreatedByName: [String: Int]

    public init(
        createRequests: Int = 0, createRequestsByName: [String: Int] = [:],
        operationsCreated: Int = 0, operationsCreatedByName: [String: Int] = [:]
    ) {
        self.createRequests = createRequests
        self.createRequestsByName = createRequestsByName
        self.operationsCreated = operationsCreated
        self.operationsCreatedByName = operationsCreatedByName
    }

    /// Asks a sandbox (possibly another process) for its stats.
    public static func fetch(
        baseURL: URL, apiKey: APIKey, httpClient: HTTPClient = TwinAPIClient.sharedHTTPClient
    ) async throws -> SandboxStats {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent("_sandbox/stats").absoluteString)
        request.method = .POST
        request.headers.add(name: "x-api-key", value: apiKey.value)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{}"))
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            throw TwinAPIError(
                .unexpectedStatus, message: "the sandbox refused the stats request (HTTP \(response.status.code))",
                statusCode: Int(response.status.code)
            )
        }
        return try JSONDecoder().decode(SandboxStats.self, from: Data(body.readableBytesView))
    }
}
