import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import TwinHTTP
import TwinSettings

extension TwinAPIClient {
    /// What one HTTP attempt came to.
    private enum Attempt {
        case success(JSONObject)
        /// Worth another try after `delay` (a `Retry-After`, or nil for the backoff).
        case retry(TwinAPIError, delay: Duration?)
        case fail(TwinAPIError)
    }

    /// Calls `endpoint` with a JSON body, through the rate limiter and the retry policy.
    func call(_ endpoint: TwinEndpoint, body: some Encodable & Sendable = [String: String]()) async throws -> JSONObject {
        let payload = try JSONEncoder().encode(body)
        do {
            return try await retryPolicy.loop(clock: clock).run { _ in
                try await rateLimiter.acquire(endpoint)
                switch try await perform(endpoint, payload: payload) {
                case .success(let json):
                    return .success(json)
                case .fail(let error):
                    throw error
                case .retry(let error, let retryAfter):
                    if let retryAfter { await rateLimiter.pause(endpoint, for: retryAfter) }
                    return .retry(otherwise: .failure(error), wait: retryAfter.map(RetryWait.atLeast) ?? .backoff)
                }
            } willRetry: { attempt, otherwise, delay in
                guard case .failure(let error as TwinAPIError) = otherwise else { return }
                let reason = error.statusCode.map { "HTTP \($0)" } ?? error.codeName
                let seconds = Int(delay.seconds.rounded(.up))
                logger.info(
                    "/\(endpoint.rawValue): \(reason), retrying in \(seconds) s (attempt \(attempt + 1) of \(retryPolicy.maxAttempts))",
                    metadata: [
                        "endpoint": "\(endpoint.rawValue)", "attempt": "\(attempt)", "error": "\(error.codeName)",
                        "delay_seconds": "\(delay.seconds)",
                    ]
                )
            }
        } catch let error as TwinAPIError {
            logger.debug("api call failed", metadata: ["endpoint": "\(endpoint.rawValue)", "error": "\(error.codeName)"])
            throw error
        }
    }

    private func perform(_ endpoint: TwinEndpoint, payload: Data) async throws -> Attempt {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent(endpoint.rawValue).absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "x-api-key", value: apiKey.value)
        request.body = .bytes(ByteBuffer(bytes: payload))
        logger.debug("api call", metadata: ["endpoint": "\(endpoint.rawValue)"])

        let response: CollectedResponse
        do {
            response = try await httpClient.exchange(request, timeout: requestTimeout, maxBodyBytes: Self.maxResponseBytes, logger: logger)
        } catch ExchangeError.bodyTooLarge(let status, let limit) {
            // The server answered: sending again would repeat whatever it did.
            return .fail(TwinAPIError(
                .malformedResponse, message: "the answer is larger than \(limit) bytes",
                endpoint: endpoint, statusCode: status, isOutcomeUnknown: endpoint == .create
            ))
        } catch {
            return try transportFailure(error, endpoint: endpoint)
        }
        logger.debug("api answer", metadata: ["endpoint": "\(endpoint.rawValue)", "status": "\(response.status)"])
        return answer(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView), endpoint: endpoint)
    }

    /// Sorts a transport error into "never sent" (safe to retry, even `/create`) or "outcome unknown".
    private func transportFailure(_ error: any Error, endpoint: TwinEndpoint) throws -> Attempt {
        if error is CancellationError || Task.isCancelled { throw CancellationError() }
        let reason = apiKey.redact(String(describing: error))
        if Self.neverSent(error) {
            let failure = TwinAPIError(
                .connectFailed,
                message: "cannot connect to \(baseURL.absoluteString) (\(reason)); check \(setting: .apiURL) and the network",
                endpoint: endpoint, setting: .apiURL
            )
            return .retry(failure, delay: nil)
        }
        let failure = TwinAPIError(
            .outcomeUnknown,
            message: "the request was sent to \(baseURL.absoluteString) but no answer came back (\(reason))"
                + (endpoint == .create ? "; the twin may have been created, check \(setting: .twinList) before creating it again" : ""),
            endpoint: endpoint,
            isOutcomeUnknown: true,
            setting: endpoint == .create ? .twinList : nil
        )
        return endpoint.isIdempotent ? .retry(failure, delay: nil) : .fail(failure)
    }

    /// True for errors raised before any byte of the request could have been written: failures to connect.
    ///
    /// Of bare `IOError`s only ECONNREFUSED (a refused SYN; an established connection is *reset*) and
    /// EADDRNOTAVAIL (no local address to connect from) prove it. ENETUNREACH and EHOSTUNREACH also arrive,
    /// through ICMP, on a connection that already carried the request: they prove nothing.
    static func neverSent(_ error: any Error) -> Bool {
        switch error {
        case is NIOConnectionError:
            return true
        case let error as ChannelError:
            if case .connectTimeout = error { return true }
            return false
        case let error as IOError:
            return [ECONNREFUSED, EADDRNOTAVAIL].contains(error.errnoCode)
        case let error as HTTPClientError:
            return [.connectTimeout, .getConnectionFromPoolTimeout, .alreadyShutdown, .tlsHandshakeTimeout, .invalidURL,
                    .emptyHost, .emptyScheme].contains(error)
        default:
            return false
        }
    }

    private func answer(status: Int, headers: HTTPHeaders, body: Data, endpoint: TwinEndpoint) -> Attempt {
        let json = JSONObject(data: body)
        // Redact before cutting to a preview: a key cut in two would no longer match whole.
        let detail = apiKey.redact(json?.string("detail") ?? json?.string("message") ?? json?.string("error")
            ?? JSONObject.preview(of: Data(apiKey.redact(String(decoding: body, as: UTF8.self)).utf8)))
        func error(_ code: TwinAPIError.Code, _ message: String, unknown: Bool = false, retryAfter: Duration? = nil,
                   setting: Setting? = nil) -> TwinAPIError {
            TwinAPIError(code, message: message, endpoint: endpoint, statusCode: status, detail: detail.isEmpty ? nil : detail,
                         retryAfter: retryAfter, isOutcomeUnknown: unknown, setting: setting)
        }
        switch status {
        case 200..<300:
            guard let json else {
                return .fail(error(
                    .malformedResponse, "the answer (HTTP \(status)) is not a JSON object",
                    unknown: endpoint == .create
                ))
            }
            return .success(json)
        case 300..<400:
            let target = headers.first(name: "Location").flatMap(URL.init(string:)).map(Self.origin) ?? "another address"
            return .fail(error(
                .unexpectedStatus,
                "the service answered HTTP \(status), a redirect to \(target); twin follows no API redirect (the key would go"
                    + " with it): set \(setting: .apiURL) to the final address",
                setting: .apiURL
            ))
        case 400:
            return .fail(error(.badRequest, "the service refused the request"))
        case 401, 403:
            return .fail(error(.unauthorized, "the API key was refused; check \(setting: .apiKey)", setting: .apiKey))
        case 404:
            return .fail(error(.notFound, "not found"))
        case 429:
            let retryAfter = headers.first(name: "Retry-After").flatMap(Self.parseRetryAfter)
            let waitText = retryAfter.map { " (Retry-After \(Int($0.seconds.rounded(.up))) s)" } ?? ""
            return .retry(
                error(.rateLimited, "rate limited by the service\(waitText); lower \(setting: .apiRequestRate)", retryAfter: retryAfter,
                      setting: .apiRequestRate),
                delay: retryAfter
            )
        case 500..<600:
            if endpoint.isIdempotent {
                return .retry(error(.serverError, "the service failed (HTTP \(status)); try again later"), delay: nil)
            }
            return .fail(error(
                .serverError,
                "the service failed (HTTP \(status)); the twin may have been created, check \(setting: .twinList) before creating it"
                    + " again",
                unknown: true, setting: .twinList
            ))
        default:
            return .fail(error(.unexpectedStatus, "unexpected answer (HTTP \(status))"))
        }
    }

    /// `scheme://host:port` of `url`, without its path or query (which may carry tokens).
    static func origin(_ url: URL) -> String {
        guard let scheme = url.scheme, let host = url.host else { return "a relative address" }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// Reads `Retry-After` as seconds or as an HTTP date.
    static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            guard !seconds.isNaN else { return nil }
            return .seconds(fractional: min(max(seconds, 0), 3600))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .seconds(fractional: min(max(date.timeIntervalSinceNow, 0), 3600))
    }
}
