import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TwinHTTP

/// The publishers' one way to the network: timeouts, retries with backoff, capped bodies.
struct Transport: Sendable {
    let client: HTTPClient
    let options: PublishOptions
    let logger: Logger
    /// What retries sleep on (inject one in tests).
    var clock = ClockBox(ContinuousClock())
    /// Credentials to redact (with any long prefix of them) from every answer and error, before any preview cuts them.
    var secrets: [String] = []

    struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: String

        /// The start of the body, for error messages (an S3 error's `<Code>` and `<Message>` when present).
        var summary: String {
            if let code = Self.element("Code", in: body) {
                return Self.element("Message", in: body).map { "\(code): \($0)" } ?? code
            }
            return String(body.prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        static func element(_ name: String, in xml: String) -> String? {
            guard let open = xml.range(of: "<\(name)>"),
                  let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else {
                return nil
            }
            return String(xml[open.upperBound..<close.lowerBound])
        }
    }

    /// Sends the request `make()` builds (built afresh for each attempt: a streamed body restarts
    /// from disk), retrying on 5xx, 429 and connection failures with exponential backoff and jitter.
    ///
    /// - Parameters:
    ///   - timeout: Deadline of each attempt, the whole body of the answer included.
    ///   - displayURL: The URL without secrets, for errors.
    /// - Returns: The last response (any status); its body read up to ``maxResponseBytes``.
    /// - Throws: `PublishError` `.httpStatus`, without sending again, when the answer is over the cap: the
    ///   server took the request, and sending it again would repeat whatever it did.
    func send(
        timeout: Duration,
        displayURL: String,
        _ make: @Sendable () throws -> HTTPClientRequest
    ) async throws -> Response {
        try await retryLoop.run { attempt in
            let request = try make()
            do {
                let response = try await client.exchange(request, timeout: timeout, maxBodyBytes: Self.maxResponseBytes)
                let status = response.status
                let answer = Response(status: status, headers: response.headers,
                                      body: SecretRedaction.redact(String(buffer: response.body), secrets: secrets))
                guard status >= 500 || status == 429 else { return .success(answer) }
                return .retry(otherwise: .success(answer), wait: Self.requestedWait(response.headers.first(name: "retry-after")))
            } catch let error as PublishError {
                throw error
            } catch ExchangeError.bodyTooLarge(let status, let limit) {
                throw PublishError(
                    .httpStatus, "\(request.method.rawValue) answered HTTP \(status) with more than \(limit) bytes; not sent again",
                    url: displayURL, status: status
                )
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let reason = SecretRedaction.redact(Self.describe(error), secrets: secrets)
                let message = "\(request.method.rawValue) failed after \(attempt) attempt(s): \(reason); check the host, port and network"
                return .retry(otherwise: .failure(PublishError(.unreachable, message, url: displayURL)))
            }
        } willRetry: { attempt, otherwise, _ in
            switch otherwise {
            case .success(let answer):
                logger.debug("retrying", metadata: ["url": "\(displayURL)", "status": "\(answer.status)", "attempt": "\(attempt)"])
            case .failure(let error):
                logger.debug("retrying", metadata: ["url": "\(displayURL)", "error": "\(error)", "attempt": "\(attempt)"])
            }
        }
    }

    /// Sends a request without a body.
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], displayURL: String? = nil) async throws -> Response {
        try await send(timeout: options.requestTimeout, displayURL: displayURL ?? URLRedaction.redact(url)) {
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            return request
        }
    }

    /// The most of an answer's body the publishers read.
    static let maxResponseBytes = 1 << 20

    /// A deadline for uploading `size` bytes: a minute, plus one second per MiB.
    static func uploadTimeout(_ size: Int64) -> Duration { .seconds(60 + size / (1 << 20)) }

    /// `options.maxAttempts` attempts, waiting `retryBaseDelay` doubling up to 10 s, up to half of it randomised.
    private var retryLoop: RetryLoop {
        RetryLoop(maxAttempts: options.maxAttempts,
                  backoff: Backoff(initial: options.retryBaseDelay, maximum: .seconds(10), jitter: 0.5), clock: clock)
    }

    /// A `Retry-After` of 0...10 seconds is waited exactly; anything else waits the backoff.
    private static func requestedWait(_ retryAfter: String?) -> RetryWait {
        guard let seconds = retryAfter.flatMap({ Int($0) }), (0...10).contains(seconds) else { return .backoff }
        return .exactly(.seconds(seconds))
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// A streamed body for `length` bytes of `file` from `offset`, reporting progress.
    func body(file: URL, offset: Int64 = 0, length: Int64, progress: ProgressCounter?) -> HTTPClientRequest.Body {
        var onChunk: (@Sendable (Int) -> Void)?
        if let progress {
            onChunk = { @Sendable count in progress.add(count) }
        }
        let stream = FileByteStream(file: file, offset: offset, length: length, onChunk: onChunk)
        let bodyLength: HTTPClientRequest.Body.Length = .known(length)
        return HTTPClientRequest.Body.stream(stream, length: bodyLength)
    }
}

/// Sums bytes sent for one file across parts and retries, and reports to the progress callback.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var sent: Int64 = 0
    let path: String
    let total: Int64
    let report: @Sendable (PublishProgress) -> Void

    init?(path: String, total: Int64, report: (@Sendable (PublishProgress) -> Void)?) {
        guard let report else { return nil }
        self.path = path
        self.total = total
        self.report = report
    }

    func add(_ count: Int) {
        lock.lock()
        sent = min(total, sent + Int64(count))
        let now = sent
        lock.unlock()
        report(PublishProgress(localPath: path, bytesSent: now, totalBytes: total))
    }
}
