public import Foundation
internal import AsyncHTTPClient
public import Logging
public import TwinAPI
public import TwinPublish

/// Pipeline services together with the clients and servers they hold, for one run.
///
/// Made by ``PipelineServices/live(validator:publisher:apiURL:apiKey:requestsPerMinute:polling:logger:)`` or
/// `PipelineServices.offline(…)` (in TwinOffline); call ``shutdown()`` once the run is over.
public struct RunningServices: Sendable {
    /// The validator, publisher and API client of the run.
    public let services: PipelineServices
    /// How to follow `/status`, in the time of the API the services talk to (a sandbox runs faster than real time).
    public let polling: PollingSchedule
    private let closers: [@Sendable () async -> Void]

    package init(services: PipelineServices, polling: PollingSchedule, closers: [@Sendable () async -> Void]) {
        self.services = services
        self.polling = polling
        self.closers = closers
    }

    /// Stops what the services started, last started first.
    public func shutdown() async {
        for closer in closers.reversed() { await closer() }
    }
}

extension PipelineServices {
    /// The real AI Twin API at `apiURL`, publishing with `publisher`.
    ///
    /// - Parameters:
    ///   - requestsPerMinute: the rate limit shared by every session of the run, per endpoint (0 is unlimited).
    ///   - polling: how to follow `/status`.
    public static func live(
        validator: SessionValidator, publisher: any Publisher, apiURL: URL, apiKey: APIKey, requestsPerMinute: Int,
        polling: PollingSchedule = .documented, logger: Logger = TwinAPIClient.silentLogger
    ) -> RunningServices {
        let http = TwinAPIClient.makeHTTPClient()
        let client = TwinAPIClient(baseURL: apiURL, apiKey: apiKey, httpClient: http,
                                   rateLimiter: RateLimiter(requestsPerMinute: requestsPerMinute), logger: logger)
        return RunningServices(services: PipelineServices(validator: validator, publisher: publisher, client: client),
                               polling: polling, closers: [{ try? await http.shutdown() }])
    }
}
