import Foundation
internal import AsyncHTTPClient
public import TwinAPI
public import TwinPipeline
public import TwinPublish
internal import TwinSandbox

extension PipelineServices {
    /// Offline services: an in-process sandbox API, and `publisher` or, when nil, an in-process static host
    /// over a temporary folder. No credentials, no network.
    ///
    /// - Parameters:
    ///   - timeScale: how much faster than real time creations run; `polling` is made that much faster too.
    ///   - polling: how to follow `/status` in real time.
    public static func offline(
        validator: SessionValidator, publisher: (any Publisher)? = nil, timeScale: Double = 100,
        polling: PollingSchedule = .documented
    ) async throws -> RunningServices {
        let http = TwinAPIClient.makeHTTPClient()
        var closers: [@Sendable () async -> Void] = [{ try? await http.shutdown() }]
        do {
            let key = try APIKey("sandbox-\(UUID().uuidString.lowercased())")
            let sandbox = try await Sandbox.start(configuration: SandboxConfiguration(apiKey: key, timeScale: timeScale))
            closers.append { await sandbox.shutdown() }
            let client = TwinAPIClient(baseURL: sandbox.baseURL, apiKey: key, httpClient: http,
                                       rateLimiter: RateLimiter(requestsPerMinute: 0))
            let host: (any Publisher)
            if let publisher {
                host = publisher
            } else {
                let offline = try await OfflineHost.start()
                closers.append { await offline.shutdown() }
                host = offline.publisher
            }
            let scale = timeScale.isFinite && timeScale > 0 ? timeScale : 1
            let scaled = PollingSchedule(firstCheckAfter: polling.firstCheckAfter / scale, interval: polling.interval / scale)
            return RunningServices(services: PipelineServices(validator: validator, publisher: host, client: client),
                                   polling: scaled, closers: closers)
        } catch {
            for closer in closers.reversed() { await closer() }
            throw error
        }
    }
}
