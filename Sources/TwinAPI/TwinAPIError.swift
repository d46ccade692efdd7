import Foundation
public import TwinSettings

/// Every error the AI Twin API client throws.
///
/// Compare with the static members (`error == .rateLimited`) to tell kinds apart; the instance
/// thrown carries the context: endpoint, HTTP status, the server's `detail`, the start of an
/// unexpected body. No error ever contains the API key.
///
/// For `/create`, ``isOutcomeUnknown`` says whether the request may have created a twin even though
/// the call failed (a timeout or lost connection after sending, or a 5xx): a caller must check
/// `/list` before creating again. Every other error means the twin was definitely not created.
public struct TwinAPIError: Error, Sendable, CustomStringConvertible, Equatable {
    package enum Code: String, Sendable {
        case invalidAPIKey = "invalid-api-key"
        case invalidRequest = "invalid-request"
        case unauthorized
        case badRequest = "bad-request"
        case notFound = "not-found"
        case rateLimited = "rate-limited"
        case serverError = "server-error"
        case unexpectedStatus = "unexpected-status"
        case malformedResponse = "malformed-response"
        case connectFailed = "connect-failed"
        case outcomeUnknown = "outcome-unknown"
        case pollingTimedOut = "polling-timed-out"
    }

    package let code: Code
    /// What went wrong and what to do about it, without the endpoint prefix.
    public let message: String
    /// The endpoint called (`create`, `status`, …), when the error came from a call.
    public let endpoint: TwinEndpoint?
    /// The HTTP status of the answer, when there was one.
    public let statusCode: Int?
    /// The server's `detail` (or the start of its body when that was not JSON).
    public let detail: String?
    /// How long the server asked us to wait (429 `Retry-After`).
    public let retryAfter: Duration?
    /// The operation being followed (``pollingTimedOut``).
    public let operationID: String?
    /// True when the request reached the server but no definite answer came back, so it may have taken effect.
    public let isOutcomeUnknown: Bool
    /// The setting the message asks to check or change (`.apiKey` when the key was refused), or what to look at
    /// before acting again (`.twinList`); a front end says where it is set.
    public let setting: Setting?

    package init(
        _ code: Code, message: String, endpoint: TwinEndpoint? = nil, statusCode: Int? = nil,
        detail: String? = nil, retryAfter: Duration? = nil, operationID: String? = nil, isOutcomeUnknown: Bool = false,
        setting: Setting? = nil
    ) {
        self.code = code
        self.message = message
        self.endpoint = endpoint
        self.statusCode = statusCode
        self.detail = detail
        self.retryAfter = retryAfter
        self.operationID = operationID
        self.isOutcomeUnknown = isOutcomeUnknown
        self.setting = setting
    }

    private init(_ code: Code) { self.init(code, message: code.rawValue) }

    /// A stable machine-readable code such as `rate-limited`.
    public var codeName: String { code.rawValue }

    /// Errors compare by kind only.
    public static func == (lhs: TwinAPIError, rhs: TwinAPIError) -> Bool { lhs.code == rhs.code }

    /// The API key is empty, unreadable or malformed.
    public static let invalidAPIKey = TwinAPIError(.invalidAPIKey)
    /// A check before sending failed (empty name, non-http URL, unknown language…); nothing was sent.
    public static let invalidRequest = TwinAPIError(.invalidRequest)
    /// 401: the key is missing or wrong.
    public static let unauthorized = TwinAPIError(.unauthorized)
    /// 400: the server refused the request body.
    public static let badRequest = TwinAPIError(.badRequest)
    /// 404: no such twin or operation.
    public static let notFound = TwinAPIError(.notFound)
    /// 429, still after the retries allowed.
    public static let rateLimited = TwinAPIError(.rateLimited)
    /// 5xx, still after the retries allowed.
    public static let serverError = TwinAPIError(.serverError)
    /// Any other status the API does not document.
    public static let unexpectedStatus = TwinAPIError(.unexpectedStatus)
    /// A success status with a body that is not the documented JSON.
    public static let malformedResponse = TwinAPIError(.malformedResponse)
    /// The server could not be reached; the request was never sent.
    public static let connectFailed = TwinAPIError(.connectFailed)
    /// The request was sent but the connection was lost or timed out before an answer.
    public static let outcomeUnknown = TwinAPIError(.outcomeUnknown)
    /// Following an operation took longer than the timeout; the operation may still finish.
    public static let pollingTimedOut = TwinAPIError(.pollingTimedOut)

    public var description: String {
        var text = endpoint.map { "/\($0.rawValue): " } ?? ""
        text += message
        if let statusCode, !message.contains("HTTP \(statusCode)") { text += " (HTTP \(statusCode))" }
        if let detail, !detail.isEmpty, !message.contains(detail) { text += ": \(detail)" }
        return text
    }
}
