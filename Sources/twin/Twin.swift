import ArgumentParser
import Foundation
import TwinDoctor
import TwinSettings

/// The `twin` command: a thin shell over the twin-preflight library.
@main
struct Twin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "Validate, publish and submit recorded sessions to the Captions AI Twin API.",
        version: TwinVersion.current,
        subcommands: [
            ValidateCommand.self,
            LanguagesCommand.self, ScriptCommand.self, ListCommand.self, CreateCommand.self, StatusCommand.self,
            DeleteCommand.self, SandboxCommand.self,
            PublishCommand.self, UnpublishCommand.self,
            PosesCommand.self, SubmitCommand.self, BatchCommand.self,
            DoctorCommand.self,
        ]
    )

    /// Like ArgumentParser's own `main`, but a usage error exits with status 2 (not 64), so that
    /// 0 = passed, 1 = something failed, 2 = the command line was wrong.
    static func main() async {
        // From here on every message of the library that names a setting names its flag as well.
        SettingNames.bootstrap { $0.commandLine }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // The parser knows which subcommand was meant: its usage goes with the message.
            exitOnUsageError(error, message: fullMessage(for: error))
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Thrown by run() (an option combination, a missing setting): the message says what to do.
            exitOnUsageError(error, message: "Error: " + message(for: error)
                + "\nSee 'twin \(type(of: command).configuration.commandName ?? "") --help'.")
            exit(withError: error)
        }
    }

    private static func exitOnUsageError(_ error: any Error, message: String) {
        guard exitCode(for: error) == .validationFailure else { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(2)
    }
}
