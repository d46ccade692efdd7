import ArgumentParser
import TwinAPI

/// `twin languages`: the languages the service accepts.
struct LanguagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "languages", abstract: "List the languages the AI Twin API supports."
    )

    @OptionGroup var api: APIOptions
    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func run() async throws {
        try await APIOutput.run(format: format) {
            let languages = try await api.withClient { try await $0.supportedLanguages() }
            switch format {
            case .text: languages.forEach { print($0) }
            case .json: try APIOutput.printJSON(["supportedLanguages": languages])
            }
        }
    }
}
