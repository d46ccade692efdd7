import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import TwinAPI
import TwinHTTP

/// Where the AI Twin API is and the key for it: `--api-url` and `--api-key-file` (`twin doctor` uses these alone).
///
/// The key comes from `CAPTIONS_API_KEY` or `--api-key-file`, never from a flag `ps` would show.
struct APIEndpointOptions: ParsableArguments {
    @Option(name: .customLong("api-url"), help: ArgumentHelp(
        "The API base URL (default: $CAPTIONS_API_URL, else https://api.captions.ai/api/twin).", valueName: "url"))
    var apiURL: String?

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp(
        "A file holding only the API key (default: the key in $CAPTIONS_API_KEY).", valueName: "path"))
    var apiKeyFile: String?

    func validate() throws {
        if let apiURL { _ = try Self.parseBaseURL(apiURL, source: "--api-url") }
    }

    /// `--api-url`, else `CAPTIONS_API_URL`, else the service.
    func baseURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let apiURL { return try Self.parseBaseURL(apiURL, source: "--api-url") }
        if let value = environment[TwinAPIClient.baseURLEnvironmentVariable], !value.isEmpty {
            return try Self.parseBaseURL(value, source: TwinAPIClient.baseURLEnvironmentVariable)
        }
        return TwinAPIClient.defaultBaseURL
    }

    /// Whether a key is given at all: `--api-key-file`, or a non-blank `CAPTIONS_API_KEY`.
    func hasKey(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        apiKeyFile != nil || !(environment[APIKey.environmentVariable] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// `--api-key-file`, else `CAPTIONS_API_KEY`.
    func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIKey {
        if let apiKeyFile { return try APIKey(contentsOf: URL(fileURLWithPath: apiKeyFile)) }
        if let value = environment[APIKey.environmentVariable], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return try APIKey(value)
        }
        throw ValidationError("no API key: set \(APIKey.environmentVariable) or pass --api-key-file PATH")
    }

    private static func parseBaseURL(_ text: String, source: String) throws -> URL {
        guard let url = URL.http(text) else {
            throw ValidationError("\(source) must be an http(s) URL, got '\(text)'")
        }
        guard url.user == nil, url.password == nil, url.query == nil else {
            throw ValidationError("\(source) must not carry credentials or a query; the key goes in \(APIKey.environmentVariable)")
        }
        return url
    }
}

/// The options every command that talks to the AI Twin API shares (`@OptionGroup var api: APIOptions`).
struct APIOptions: ParsableArguments {
    @OptionGroup var endpoint: APIEndpointOptions

    @Option(name: .customLong("api-rate"), help: ArgumentHelp(
        "Requests per minute per endpoint, 0 for no limit (default: $TWIN_API_RATE, else 5).", valueName: "n"))
    var apiRate: Int?

    @Option(name: .customLong("poll-after"), help: ArgumentHelp(
        "Seconds after /create before the first status check.", valueName: "seconds"))
    var pollAfter: Double = 30

    @Option(name: .customLong("poll-every"), help: ArgumentHelp(
        "Seconds between status checks.", valueName: "seconds"))
    var pollEvery: Double = 5

    @Option(name: .customLong("timeout"), help: ArgumentHelp(
        "Stop waiting for an operation after this many seconds (default: wait until it ends).", valueName: "seconds"))
    var timeout: Double?

    static let rateEnvironmentVariable = "TWIN_API_RATE"

    func validate() throws {
        if let apiRate { try OptionRange.check(apiRate, "--api-rate", in: OptionRange.requestsPerMinute) }
        try OptionRange.check(pollAfter, "--poll-after", in: OptionRange.secondsOrZero, unit: " seconds")
        try OptionRange.check(pollEvery, "--poll-every", in: OptionRange.seconds, unit: " seconds")
        if let timeout { try OptionRange.check(timeout, "--timeout", in: OptionRange.seconds, unit: " seconds") }
    }

    /// `--api-url`, else `CAPTIONS_API_URL`, else the service.
    func baseURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        try endpoint.baseURL(environment: environment)
    }

    /// `--api-key-file`, else `CAPTIONS_API_KEY`.
    func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIKey {
        try endpoint.apiKey(environment: environment)
    }

    /// `--api-rate`, else `TWIN_API_RATE`, else 5.
    func requestsPerMinute(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int {
        if let apiRate { return apiRate }
        if let value = environment[Self.rateEnvironmentVariable], !value.isEmpty {
            let range = OptionRange.requestsPerMinute
            guard let rate = Int(value), range.contains(rate) else {
                throw ValidationError(
                    "\(Self.rateEnvironmentVariable) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value)'"
                )
            }
            return rate
        }
        return 5
    }

    /// The status schedule for an operation just created.
    var pollingSchedule: PollingSchedule {
        PollingSchedule(firstCheckAfter: .seconds(fractional: pollAfter), interval: .seconds(fractional: pollEvery))
    }

    /// The schedule for resuming an operation created earlier: check at once.
    var resumingSchedule: PollingSchedule { .resuming(interval: .seconds(fractional: pollEvery)) }

    var waitTimeout: Duration? { timeout.map { .seconds(fractional: $0) } }

    /// A client built from these options (base URL, key, rate) on `httpClient`, which the caller owns.
    func makeClient(
        httpClient: HTTPClient, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> TwinAPIClient {
        TwinAPIClient(
            baseURL: try baseURL(environment: environment),
            apiKey: try apiKey(environment: environment),
            httpClient: httpClient,
            rateLimiter: RateLimiter(requestsPerMinute: try requestsPerMinute(environment: environment)),
            logger: Logger(label: "twin.api") { _ in NoteLogHandler() }
        )
    }

    /// Runs `body` with a client built from these options and an HTTP client shut down afterwards.
    func withClient<T: Sendable>(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (TwinAPIClient) async throws -> T
    ) async throws -> T {
        let httpClient = TwinAPIClient.makeHTTPClient()
        let client: TwinAPIClient
        do {
            client = try makeClient(httpClient: httpClient, environment: environment)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        do {
            let result = try await body(client)
            try? await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}

/// Shows the client's retries on standard error (`note: /list: HTTP 429, retrying in 45 s …`), so a
/// wait is never silent; debug lines are dropped. Log lines never hold the key.
struct NoteLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        FileHandle.standardError.write(Data("note: \(event.message)\n".utf8))
    }
}
