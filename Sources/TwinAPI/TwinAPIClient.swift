public import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
import TwinHTTP
import TwinSettings

/// A typed async client for the Captions AI Twin API.
///
/// Every call goes through the shared ``RateLimiter`` and the ``RetryPolicy``; `/create` is retried only
/// when its request never reached the server. The key travels only in the `x-api-key` header.
public struct TwinAPIClient: Sendable {
    /// `https://api.captions.ai/api/twin`.
    public static let defaultBaseURL = URL(string: "https://api.captions.ai/api/twin")!
    /// The environment variable that overrides the base URL in the CLI.
    public static let baseURLEnvironmentVariable = "CAPTIONS_API_URL"
    /// The most of a response body the client reads.
    public static let maxResponseBytes = 1 << 20

    public let baseURL: URL
    public let rateLimiter: RateLimiter
    public let retryPolicy: RetryPolicy
    /// The most one HTTP call may take, connecting included.
    public let requestTimeout: Duration
    let apiKey: APIKey
    let httpClient: HTTPClient
    let clock: ClockBox
    let logger: Logger
    let languageCache = LanguageCache()

    /// - Parameters:
    ///   - baseURL: the API root; each endpoint is `baseURL/<endpoint>`.
    ///   - apiKey: sent as `x-api-key`, never logged.
    ///   - httpClient: the HTTP client to use; make it with ``makeHTTPClient(connectTimeout:)`` (fails fast on
    ///     connect errors, follows no redirect). A client that follows redirects would send the key along.
    ///   - rateLimiter: share one between every client using the same key.
    ///   - retryPolicy: retries on 429, 5xx and connection failures.
    ///   - clock: measures and sleeps for backoff and polling (inject one in tests).
    ///   - requestTimeout: the most one HTTP call may take.
    ///   - logger: receives one line per call and retry, never a header or the key.
    public init(
        baseURL: URL = TwinAPIClient.defaultBaseURL,
        apiKey: APIKey,
        httpClient: HTTPClient = TwinAPIClient.sharedHTTPClient,
        rateLimiter: RateLimiter = RateLimiter(requestsPerMinute: 5),
        retryPolicy: RetryPolicy = .default,
        clock: some Clock<Duration> = ContinuousClock(),
        requestTimeout: Duration = .seconds(30),
        logger: Logger = TwinAPIClient.silentLogger
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.httpClient = httpClient
        self.rateLimiter = rateLimiter
        self.retryPolicy = retryPolicy
        self.clock = ClockBox(clock)
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    /// A logger that drops everything: the default.
    public static let silentLogger = Logger(label: "twin.api", factory: { _ in SwiftLogNoOpLogHandler() })

    /// An `HTTPClient` suited to the API: a connect failure fails at once (so the client's own retry
    /// policy decides) instead of being retried silently until the request times out.
    ///
    /// The caller owns it and must call `shutdown()`.
    /// It follows no redirect: AsyncHTTPClient would carry the `x-api-key` header (and a 307's body with its
    /// presigned URLs) to whatever host the `Location` names, and may go from https to http.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .milliseconds(Int64(connectTimeout.seconds * 1000))
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The process-wide client made by ``makeHTTPClient(connectTimeout:)``: the default, never shut down.
    public static let sharedHTTPClient = makeHTTPClient()

    // MARK: Endpoints

    /// The languages `/script` and `/create` accept; remembered for the checks `/create` makes.
    public func supportedLanguages() async throws -> [String] {
        let json = try await call(.supportedLanguages)
        guard let languages = json.strings("supportedLanguages") ?? json.strings("languages") else {
            throw malformed(.supportedLanguages, json, expected: "supportedLanguages")
        }
        await languageCache.store(languages)
        return languages
    }

    /// The script to read while recording, in `language` (the service defaults to English).
    public func script(language: String? = nil) async throws -> String {
        var body: [String: String] = [:]
        if let language {
            body["language"] = try checkLanguage(language, against: await languageCache.languages, endpoint: .script)
        }
        let json = try await call(.script, body: body)
        guard let script = json.string("script") else { throw malformed(.script, json, expected: "script") }
        return script
    }

    /// The names of the twins that are ready, `twin-<n>-<name>`.
    public func listTwins() async throws -> [String] {
        let json = try await call(.list)
        guard let twins = json.strings("twins") else { throw malformed(.list, json, expected: "twins") }
        return twins
    }

    /// Starts creating a twin and returns the operation id to follow with ``status(operationID:)``.
    ///
    /// - Throws: ``TwinAPIError/invalidRequest`` before sending when the request fails the checks
    ///   (see ``CreateTwinRequest/problems(supportedLanguages:)``). When the error says
    ///   ``TwinAPIError/isOutcomeUnknown``, the twin may exist: check ``listTwins()`` before retrying.
    public func createTwin(_ request: CreateTwinRequest) async throws -> String {
        let languages = await languageCache.languages
        let problems = request.problems(supportedLanguages: languages)
        guard problems.isEmpty else {
            throw TwinAPIError(.invalidRequest, message: problems.joined(separator: "; "), endpoint: .create)
        }
        var request = request
        request.language = try request.language.map { try checkLanguage($0, against: languages, endpoint: .create) }
        let json = try await call(.create, body: request)
        guard let id = json.string("operationId") ?? json.string("operationID") ?? json.string("id"), !id.isEmpty else {
            throw malformed(.create, json, expected: "operationId", outcomeUnknown: true)
        }
        return id
    }

    /// The state and progress of an operation.
    public func status(operationID: String) async throws -> OperationStatus {
        try Self.checkOperationID(operationID)
        let json = try await call(.status, body: ["operationId": operationID])
        guard let raw = json.string("state") ?? json.string("status") else {
            throw malformed(.status, json, expected: "state")
        }
        guard let state = OperationState(tolerant: raw) else {
            throw malformed(.status, json, expected: "a state of QUEUED, PROCESSING, COMPLETE or FAILED")
        }
        let detail = json.string("detail") ?? json.string("error") ?? json.string("message") ?? json.string("reason")
        return OperationStatus(
            state: state,
            progress: OperationStatus.normalisedProgress(json.number("progress"), state: state),
            detail: detail.map(apiKey.redact)
        )
    }

    /// Deletes a twin by its full name, `twin-<n>-<name>`.
    public func deleteTwin(name: String) async throws {
        guard Self.isTwinName(name) else {
            throw TwinAPIError(
                .invalidRequest,
                message: "'\(name)' is not a twin name of the form twin-<n>-<name>; see \(setting: .twinList)",
                endpoint: .delete, setting: .twinList
            )
        }
        let json = try await call(.delete, body: ["name": name])
        if let success = json.bool("success"), !success {
            throw malformed(.delete, json, expected: "success: true")
        }
    }

    /// Whether `name` has the `twin-<n>-<name>` form `/list` returns and `/delete` needs.
    public static func isTwinName(_ name: String) -> Bool {
        ListedTwinName(name) != nil
    }

    static func checkOperationID(_ id: String) throws {
        guard !id.isEmpty, id.count <= 200, id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw TwinAPIError(.invalidRequest, message: "'\(id)' is not an operation id", endpoint: .status)
        }
    }

    /// The service's spelling of `language` when the supported list is known; throws when it is not in it.
    func checkLanguage(_ language: String, against languages: [String]?, endpoint: TwinEndpoint) throws -> String {
        guard let languages, !languages.isEmpty else { return language }
        guard let canonical = languages.first(where: { $0.caseInsensitiveCompare(language) == .orderedSame }) else {
            throw TwinAPIError(
                .invalidRequest,
                message: "language '\(language)' is not supported; choose one of: \(languages.joined(separator: ", "))",
                endpoint: endpoint
            )
        }
        return canonical
    }

    func malformed(_ endpoint: TwinEndpoint, _ json: JSONObject, expected: String, outcomeUnknown: Bool = false) -> TwinAPIError {
        TwinAPIError(
            .malformedResponse,
            message: "the answer lacks \(expected)",
            endpoint: endpoint,
            statusCode: 200,
            detail: apiKey.redact(json.preview),
            isOutcomeUnknown: outcomeUnknown
        )
    }
}

/// The languages last fetched, shared by copies of a client.
actor LanguageCache {
    private(set) var languages: [String]?
    func store(_ languages: [String]) { self.languages = languages }
}
