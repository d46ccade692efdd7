public import Foundation
public import Logging
public import TwinAPI
package import TwinHTTP

/// How a sandbox API behaves.
public struct SandboxConfiguration: Sendable {
    /// The keys the sandbox accepts; each has its own twins, numbering and rate limits.
    public var apiKeys: [APIKey]
    /// How much faster than real time creations run: 100 makes the 120 s creation take 1.2 s.
    public var timeScale: Double
    /// Requests per minute per endpoint and key; 0 (the default) is unlimited, 5 mimics the service.
    public var rateLimit: Int
    /// How long a creation takes in sandbox time.
    public var creationDuration: Duration
    /// The largest video `/create` downloads.
    public var maxVideoBytes: Int
    /// The largest calibration photo `/create` downloads.
    public var maxImageBytes: Int
    /// The most one media download may take, in real time.
    public var downloadTimeout: Duration
    /// The most redirects a media download follows.
    public var maxRedirects: Int
    /// Where the server logs (requests, media verdicts; never a key). Silent by default.
    public var logger: Logger
    package var clock: ClockBox

    /// - Parameters:
    ///   - apiKey: the key clients must send in `x-api-key`.
    ///   - timeScale: 1 is real time; larger runs creations faster.
    ///   - rateLimit: requests per minute per endpoint and key; 0 is unlimited.
    ///   - clock: measures operation time and rate windows (inject one in tests).
    public init(
        apiKey: APIKey,
        timeScale: Double = 1,
        rateLimit: Int = 0,
        clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.apiKeys = [apiKey]
        self.timeScale = timeScale.isFinite && timeScale > 0 ? timeScale : 1
        self.rateLimit = max(0, rateLimit)
        self.creationDuration = .seconds(120)
        self.maxVideoBytes = 1 << 30
        self.maxImageBytes = 50 << 20
        self.downloadTimeout = .seconds(60)
        self.maxRedirects = 5
        self.logger = Logger(label: "twin.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        self.clock = ClockBox(clock)
    }
}

extension SandboxConfiguration {
    /// The environment variable a sandbox takes its key from: never the real `CAPTIONS_API_KEY`, so a sandbox
    /// cannot take up (and log or accept) the user's production key.
    public static let keyEnvironmentVariable = "TWIN_SANDBOX_API_KEY"

    /// The key a sandbox accepts: read from `file` when one is given, else from ``keyEnvironmentVariable``.
    ///
    /// - Returns: nil when there is neither.
    /// - Throws: `TwinAPIError.invalidAPIKey` when the file cannot be read or the key is malformed.
    public static func apiKey(
        file: URL?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> APIKey? {
        if let file { return try APIKey(contentsOf: file) }
        return try environment[keyEnvironmentVariable].map(APIKey.init)
    }
}
