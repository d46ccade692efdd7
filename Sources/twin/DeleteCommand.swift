import ArgumentParser
import Foundation
import TwinAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `twin delete`: delete a twin by its full name.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a twin (asks first on a terminal unless --yes)."
    )

    @OptionGroup var api: APIOptions
    @Argument(help: "The twin's full name, twin-<n>-<name> (see `twin list`).") var name: String
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func validate() throws {
        guard TwinAPIClient.isTwinName(name) else {
            throw ValidationError("'\(name)' is not a twin name of the form twin-<n>-<name>; see `twin list`")
        }
    }

    func run() async throws {
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                APIOutput.printError("not deleting \(name) without confirmation; pass --yes when not on a terminal")
                throw ExitCode.failure
            }
            FileHandle.standardError.write(Data("Delete twin \(name)? This cannot be undone. [y/N] ".utf8))
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                APIOutput.printNote("not deleted")
                throw ExitCode.failure
            }
        }
        try await APIOutput.run(format: format) {
            try await api.withClient { try await $0.deleteTwin(name: name) }
            switch format {
            case .text: print("deleted \(name)")
            case .json: try APIOutput.printJSON(DeletedBody(name: name, success: true))
            }
        }
    }

    private struct DeletedBody: Encodable {
        let name: String
        let success: Bool
    }
}
