import ArgumentParser
import Foundation

/// The `twin` command: a thin shell over the twin-preflight library.
@main
struct Twin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "Validate, publish and submit recorded sessions to the Captions AI Twin API.",
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self,
            LanguagesCommand.self, ScriptCommand.self, ListCommand.self, CreateCommand.self, StatusCommand.self,
            DeleteCommand.self, SandboxCommand.self,
            PublishCommand.self, UnpublishCommand.self,
            PosesCommand.self, SubmitCommand.self, BatchCommand.self,
        ]
    )

    /// Like ArgumentParser's own `main`, but a usage error exits with status 2 (not 64), so that
    /// 0 = passed, 1 = something failed, 2 = the command line was wrong.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
