import ArgumentParser
import Foundation
import TwinAPI
import TwinDoctor
import TwinMedia
import TwinPublish

/// `twin doctor`: checks up front what a submission needs, and prints a checklist with the fix for each ✗.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the libraries, models, cache folder, API key and publish target a submission needs.",
        discussion: """
            Checks, in order: the libraries found at run time; each model (found, readable, loadable, and where it came \
            from); that the cache folder can be written; the API (the URL, and whether the key works, by calling \
            /supported-languages; the key is never printed); the publish target (a probe picture is published, fetched \
            back byte for byte from its URL, and deleted). The API is checked when a key is set, the target when one is \
            given (--to or twin.toml). Exits 1 at the first failing required item, with its fix.
            """
    )

    @OptionGroup var api: APIEndpointOptions

    @OptionGroup var publishing: PublishOptionsArguments

    @Option(help: ArgumentHelp("A TOML profile naming other model files ([faces] model).", valueName: "file"))
    var profile: String?

    @Option(help: ArgumentHelp("Stop waiting for the API or the publish target after this many seconds.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func validate() throws {
        try OptionRange.check(timeout, "--timeout", in: OptionRange.seconds, unit: " seconds")
    }

    func run() async throws {
        let loadedProfile = try profile.map { try ValidationProfile(contentsOf: URL(fileURLWithPath: $0)) } ?? .builtIn
        let doctor = Doctor(
            models: Doctor.models(profile: loadedProfile, profileSource: profile),
            api: try apiSetting(), publish: publishSetting(), timeout: .seconds(timeout)
        )
        let report = await doctor.run()
        switch format {
        case .text: print(report.text)
        case .json: try APIOutput.printJSON(report)
        }
        if !report.passed { throw ExitCode.failure }
    }

    private func apiSetting() throws -> Doctor.APISetting {
        let baseURL = try api.baseURL()
        guard api.hasKey() else { return .notConfigured(baseURL: baseURL) }
        do {
            return .configured(baseURL: baseURL, key: try api.apiKey(),
                               keySource: api.apiKeyFile.map { "the key file \($0)" } ?? APIKey.environmentVariable)
        } catch {
            return .unusable(baseURL: baseURL, reason: "\(error)")
        }
    }

    private func publishSetting() -> Doctor.PublishSetting {
        do {
            let toml = try PublishOptionsArguments.loadConfig(publishing.config)
            let settings = try toml.map(PublishSettings.init(toml:)) ?? PublishSettings()
            guard publishing.to != nil || settings.to != nil else { return .notConfigured }
            let (target, options) = try publishing.resolve(toml: toml)
            return .target(target, options, environment: ProcessInfo.processInfo.environment)
        } catch {
            return .invalid("\(error)")
        }
    }
}
