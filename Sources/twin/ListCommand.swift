import ArgumentParser
import TwinAPI

/// `twin list`: the twins that are ready.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List your twins (twin-<n>-<name>)."
    )

    @OptionGroup var api: APIOptions
    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func run() async throws {
        try await APIOutput.run(format: format) {
            let twins = try await api.withClient { try await $0.listTwins() }
            switch format {
            case .text: twins.forEach { print($0) }
            case .json: try APIOutput.printJSON(["twins": twins])
            }
        }
    }
}
