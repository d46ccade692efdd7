import ArgumentParser
import Foundation
import TwinAPI
import TwinHTTP
import TwinMedia
import TwinOffline
import TwinPipeline
import TwinPublish

/// Options `submit` and `batch` share beyond the API and publishing flags.
struct PipelineOptions: ParsableArguments {
    @Flag(help: "Run offline: an in-process sandbox API and a static file server over a temporary folder (no credentials, no network).")
    var sandbox = false

    @Option(name: .customLong("sandbox-time-scale"), help: ArgumentHelp(
        "With --sandbox: how much faster than real time creations run (100 turns 120 s into 1.2 s); polling is scaled too.",
        valueName: "x"))
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
    /// With `collectingReportData`, the validator keeps the report page's pictures and the options' collector the reports.
    static func make(
        api: APIOptions, publishing: PublishOptionsArguments, pipeline: PipelineOptions, collectingReportData: Bool = false
    ) async throws -> PipelineContext {
        let loader = try pipeline.session.loader()
        let validator = SessionValidator(loader: loader, validator: MediaValidator(collectReportData: collectingReportData))
        var options = RunOptions()
        options.collector = collectingReportData ? ValidationCollector() : nil
        options.strict = pipeline.strict
        options.voiceCheck = !pipeline.noVoiceCheck
        options.statusTimeout = api.waitTimeout
        options.reconcileTimeout = .seconds(fractional: pipeline.reconcileTimeout)
        let running: RunningServices
        if pipeline.sandbox {
            let publisher = publishing.to != nil ? try makePublisher(publishing) : nil
            running = try await PipelineServices.offline(validator: validator, publisher: publisher,
                                                         timeScale: pipeline.sandboxTimeScale, polling: api.pollingSchedule)
        } else {
            guard publishing.to != nil || (try? PublishOptionsArguments.loadConfig(publishing.config)) != nil else {
                throw ValidationError(
                    "say where to publish the media with --to TARGET (s3://…, webdav+https://…, file:///…), "
                        + "or run offline with --sandbox")
            }
            let (url, key, rate) = (try api.baseURL(), try api.apiKey(), try api.requestsPerMinute())
            running = PipelineServices.live(validator: validator, publisher: try makePublisher(publishing),
                                            apiURL: url, apiKey: key, requestsPerMinute: rate, polling: api.pollingSchedule)
        }
        options.polling = running.polling
        return PipelineContext(services: running.services, options: options, loader: loader, close: running.shutdown)
    }

    private static func makePublisher(_ publishing: PublishOptionsArguments) throws -> any Publisher {
        do {
            let (target, options) = try publishing.resolve(toml: try PublishOptionsArguments.loadConfig(publishing.config))
            return try Publishers.make(target: target, options: options)
        } catch let error as PublishError {
            throw ValidationError(error.message)
        }
    }
}
