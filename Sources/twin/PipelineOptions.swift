import ArgumentParser
import AsyncHTTPClient
import Foundation
import TwinAPI
import TwinMedia
import TwinPipeline
import TwinPublish
import TwinSandbox

/// Options `submit` and `batch` share beyond the API and publishing flags.
struct PipelineOptions: ParsableArguments {
    @Flag(help: "Run offline: an in-process sandbox API and a static file server over a temporary folder (no credentials, no network).")
    var sandbox = false

    @Option(name: .customLong("sandbox-time-scale"), help: ArgumentHelp(
        "With --sandbox: how much faster than real time creations run (100 turns 120 s into 1.2 s); polling is scaled too.", valueName: "x"))
    var sandboxTimeScale: Double = 100

    @Flag(help: "Fail validation on warnings too.")
    var strict = false

    @Flag(name: .customLong("no-voice-check"), help: """
        Skip the voice check (loudness, speech, and the /script text in English) that runs on every \
        video before anything is uploaded.
        """)
    var noVoiceCheck = false

    @Flag(help: "Delete the published media once the operation reaches COMPLETE or FAILED (recommended: it is biometric data).")
    var cleanup = false

    @Option(name: .customLong("reconcile-timeout"), help: ArgumentHelp(
        "Seconds to watch /list for a twin whose /create outcome is unknown before sending /create again.", valueName: "seconds"))
    var reconcileTimeout: Double = 15 * 60

    @Option(help: ArgumentHelp("twin.toml to read the [publish] table from (default ./twin.toml when present).", valueName: "path"))
    var config: String?

    @OptionGroup(title: "Session folders")
    var session: SessionOptions

    func validate() throws {
        try OptionRange.check(sandboxTimeScale, "--sandbox-time-scale", in: OptionRange.timeScale)
        try OptionRange.check(reconcileTimeout, "--reconcile-timeout", in: OptionRange.secondsOrZero, unit: " seconds")
    }
}

/// The services of a `submit` or `batch` run and what to shut down afterwards.
struct PipelineContext {
    let services: PipelineServices
    let options: RunOptions
    let loader: SessionLoader
    let close: @Sendable () async -> Void

    /// Builds the validator, publisher and API client from the flags: the real ones, or with
    /// `--sandbox` an in-process sandbox API and static file host.
    static func make(api: APIOptions, publishing: PublishOptionsArguments, pipeline: PipelineOptions) async throws -> PipelineContext {
        let loader = try pipeline.session.loader()
        let validator = SessionValidator(loader: loader, validator: MediaValidator())
        var options = RunOptions()
        options.strict = pipeline.strict
        options.voiceCheck = !pipeline.noVoiceCheck
        options.statusTimeout = api.waitTimeout
        options.reconcileTimeout = .seconds(fractional: pipeline.reconcileTimeout)
        let apiHTTP = TwinAPIClient.makeHTTPClient()
        var closers: [@Sendable () async -> Void] = [{ try? await apiHTTP.shutdown() }]
        do {
            let client: TwinAPIClient
            let publisher: any Publisher
            if pipeline.sandbox {
                let scale = pipeline.sandboxTimeScale
                let key = try APIKey("sandbox-\(UUID().uuidString.lowercased())")
                let sandbox = try await Sandbox.start(configuration: SandboxConfiguration(apiKey: key, timeScale: scale))
                closers.append { await sandbox.shutdown() }
                client = TwinAPIClient(baseURL: sandbox.baseURL, apiKey: key, httpClient: apiHTTP, rateLimiter: RateLimiter(requestsPerMinute: 0))
                options.polling = PollingSchedule(firstCheckAfter: .seconds(fractional: api.pollAfter / scale),
                                                  interval: .seconds(fractional: api.pollEvery / scale))
                if publishing.to != nil {
                    publisher = try makePublisher(publishing, config: pipeline.config)
                } else {
                    let host = try await OfflineHost.start()
                    closers.append { await host.shutdown() }
                    publisher = host.publisher
                }
            } else {
                guard publishing.to != nil || (try? PublishOptionsArguments.loadConfig(pipeline.config)) != nil else {
                    throw ValidationError("say where to publish the media with --to TARGET (s3://…, webdav+https://…, file:///…), or run offline with --sandbox")
                }
                let limiter = RateLimiter(requestsPerMinute: try api.requestsPerMinute())
                client = TwinAPIClient(baseURL: try api.baseURL(), apiKey: try api.apiKey(), httpClient: apiHTTP, rateLimiter: limiter)
                options.polling = api.pollingSchedule
                publisher = try makePublisher(publishing, config: pipeline.config)
            }
            let services = PipelineServices(validator: validator, publisher: publisher, client: client)
            return PipelineContext(services: services, options: options, loader: loader, close: { [closers] in
                for closer in closers.reversed() { await closer() }
            })
        } catch {
            for closer in closers.reversed() { await closer() }
            throw error
        }
    }

    private static func makePublisher(_ publishing: PublishOptionsArguments, config: String?) throws -> any Publisher {
        do {
            let (target, options) = try publishing.resolve(toml: try PublishOptionsArguments.loadConfig(config))
            return try Publishers.make(target: target, options: options)
        } catch let error as PublishError {
            throw ValidationError(error.message)
        }
    }
}
