public import AsyncHTTPClient
public import Logging
public import NIOCore
public import NIOHTTP1

/// An answer read whole: the status, the headers and at most the body cap.
public struct CollectedResponse: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: ByteBuffer
}

/// Why an exchange ended without an answer to act on. Both happen after the request went out.
public enum ExchangeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole exchange (connecting, sending, the head and the body) took longer than its deadline.
    case deadlineExceeded(Duration)
    /// The answer's body is larger than the cap; it was not read further.
    case bodyTooLarge(status: Int, limit: Int)

    public var description: String {
        switch self {
        case .deadlineExceeded(let deadline):
            "no complete answer within \(HTTPClient.nanoseconds(deadline) / 1_000_000) ms"
        case .bodyTooLarge(let status, let limit):
            "the answer (HTTP \(status)) is larger than \(limit) bytes"
        }
    }
}

/// What to do with the rest of a body past the cap.
public enum BodyOverflow: Sendable {
    /// Throw ``ExchangeError/bodyTooLarge(status:limit:)``.
    case fail
    /// Keep the first bytes and stop reading (for a probe that only needs the head).
    case truncate
}

extension HTTPClient {
    /// Sends `request` and reads its answer, all within `timeout`.
    ///
    /// AsyncHTTPClient's own deadline ends once the head has arrived; a server that then stalls the body
    /// would hold the caller forever. Here one deadline covers connecting, sending, the head and the body.
    /// - Throws: ``ExchangeError`` past the deadline or the cap, or the client's own transport errors.
    public func exchange(
        _ request: HTTPClientRequest, timeout: Duration, maxBodyBytes: Int, overflow: BodyOverflow = .fail,
        logger: Logger? = nil
    ) async throws -> CollectedResponse {
        try await Self.withDeadline(timeout) {
            let response = try await self.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)), logger: logger)
            let status = Int(response.status.code)
            var body = ByteBuffer()
            for try await chunk in response.body {
                guard body.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                    if overflow == .fail { throw ExchangeError.bodyTooLarge(status: status, limit: maxBodyBytes) }
                    var rest = chunk
                    if var kept = rest.readSlice(length: maxBodyBytes - body.readableBytes) { body.writeBuffer(&kept) }
                    break
                }
                var chunk = chunk
                body.writeBuffer(&chunk)
            }
            return CollectedResponse(status: status, headers: response.headers, body: body)
        }
    }

    /// Runs `body` (a whole exchange: the request, the head and reading or storing the body), cancelling it once
    /// `timeout` has passed: the one total deadline every request has, for callers that stream a body elsewhere.
    /// - Throws: ``ExchangeError/deadlineExceeded(_:)`` past the deadline, or what `body` throws.
    public static func withDeadline<Value: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await _Concurrency.Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw ExchangeError.deadlineExceeded(timeout)
            }
            return value
        }
    }

    /// `duration` in nanoseconds, saturating instead of overflowing.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64.max / 1_000_000_000 else { return Int64.max }
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
