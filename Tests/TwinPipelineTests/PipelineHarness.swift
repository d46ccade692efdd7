import AsyncHTTPClient
import Foundation
import TestSupport
import TwinAPI
import TwinMedia
import TwinPipeline
import TwinPublish
import TwinSandbox

/// A real sandbox API and a real static file host on loopback, a folder publisher in front of
/// the host, and an API client with the rate limit lifted and fast polling.
struct PipelineHarness {
    let workspace: SessionWorkspace
    let sandbox: RunningSandbox
    let host: RunningFileServer
    let key: APIKey
    let apiHTTP: HTTPClient
    let publisher: any Publisher
    /// Where the host serves from: published media lands here.
    var mediaFolder: URL { host.root }
    var batchFolder: URL { workspace.root.appendingPathComponent("batch") }

    static func start(timeScale: Double = 400) async throws -> PipelineHarness {
        let workspace = try SessionWorkspace("pipeline")
        let key = try APIKey("pipeline-test-key")
        let sandbox = try await Sandbox.start(configuration: SandboxConfiguration(apiKey: key, timeScale: timeScale))
        let media = workspace.root.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let host = try await StaticFileServer.start(root: media)
        var options = PublishOptions()
        options.publicBaseURL = host.baseURL.absoluteString
        let publisher = try Publishers.make(target: try PublishTarget(parsing: "file://" + media.path), options: options)
        return PipelineHarness(workspace: workspace, sandbox: sandbox, host: host, key: key,
                               apiHTTP: TwinAPIClient.makeHTTPClient(), publisher: publisher)
    }

    func client(baseURL: URL? = nil) -> TwinAPIClient {
        TwinAPIClient(baseURL: baseURL ?? sandbox.baseURL, apiKey: key, httpClient: apiHTTP, rateLimiter: RateLimiter(requestsPerMinute: 0),
                      retryPolicy: RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(500),
                                               maxTotalWait: .seconds(10), jitter: 0.5))
    }

    static var fastOptions: RunOptions {
        var options = RunOptions()
        options.polling = PollingSchedule(firstCheckAfter: .milliseconds(50), interval: .milliseconds(50))
        options.reconcileTimeout = .seconds(10)
        return options
    }

    /// Fast options that stop each session once it is published (no `/create`).
    static var stopAfterPublish: RunOptions {
        var options = fastOptions
        options.maxCreateAttempts = 0
        return options
    }

    /// Runs the batch up to `published`, as a run stopped before `/create` leaves it.
    func publishOnly(journal: Journal, shard: Shard = .all) async throws {
        _ = try await batch(runner(journal: journal, options: Self.stopAfterPublish), shard: shard).run()
    }

    func runner(journal: Journal, options: RunOptions = fastOptions, publisher: (any Publisher)? = nil, apiURL: URL? = nil,
                clock: some Clock<Duration> = ContinuousClock(),
                onProgress: @escaping @Sendable (SessionProgress) -> Void = { _ in }) -> SessionRunner {
        let services = PipelineServices(validator: SessionValidator(), publisher: publisher ?? self.publisher,
                                        client: client(baseURL: apiURL))
        return SessionRunner(services: services, journal: journal, options: options, clock: clock, onProgress: onProgress)
    }

    func journal() throws -> Journal {
        try Journal(path: workspace.root.appendingPathComponent("journal.sqlite"))
    }

    func batch(_ runner: SessionRunner, concurrency: Int = 4, shard: Shard = .all, cleanup: Bool = false) -> BatchRunner {
        BatchRunner(directory: batchFolder, runner: runner, loader: SessionLoader(), concurrency: concurrency, shard: shard,
                    cleanup: cleanup)
    }

    /// Adds `batch/name`: the demo session as a session of its own (no file byte for byte another's), with `replace`
    /// files swapped for other fixtures (nil removes the file).
    @discardableResult
    func addSession(_ name: String, replacing replace: [String: String?] = [:]) throws -> URL {
        let folder = try workspace.copySession(TestPaths.fixtures.appendingPathComponent("sessions/demo"), as: "batch/\(name)")
        for (file, fixture) in replace {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
            if let fixture {
                try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent(fixture),
                                                 to: folder.appendingPathComponent(file))
            }
        }
        return folder
    }

    func stats() async -> SandboxStats { await sandbox.stats() }

    func shutdown() async {
        try? await apiHTTP.shutdown()
        await host.shutdown()
        await sandbox.shutdown()
    }
}

/// Collects progress events from concurrent sessions.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [SessionProgress] = []
    func record(_ event: SessionProgress) { lock.withLock { events.append(event) } }
    var all: [SessionProgress] { lock.withLock { events } }
    func messages(_ id: String) -> [String] { all.filter { $0.sessionID == id }.map(\.message) }
}

extension MotoS3 {
    /// A publisher to `s3://BUCKET/prefix` on this moto, with quick retries.
    func publisher(prefix: String) throws -> any Publisher {
        var options = PublishOptions()
        options.s3Endpoint = endpoint
        options.retryBaseDelay = .milliseconds(20)
        return try Publishers.make(target: PublishTarget(parsing: "s3://\(bucket)/\(prefix)"), options: options, environment: environment)
    }
}
