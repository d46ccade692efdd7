import ArgumentParser
import TwinAPI

/// `twin script`: the script to read while recording.
struct ScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script", abstract: "Print the script to read while recording the training video."
    )

    @OptionGroup var api: APIOptions
    @Option(help: "The script's language (see `twin languages`; default English).") var language: String?
    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func run() async throws {
        try await APIOutput.run(format: format) {
            let script = try await api.withClient { client in
                if language != nil { _ = try await client.supportedLanguages() }
                return try await client.script(language: language)
            }
            switch format {
            case .text: print(script)
            case .json: try APIOutput.printJSON(["language": language ?? "English", "script": script])
            }
        }
    }
}
