import ArgumentParser

/// The `twin` command: a thin shell over the twin-preflight library.
@main
struct Twin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "Validate, publish and submit recorded sessions to the Captions AI Twin API.",
        version: "0.1.0",
        subcommands: [PublishCommand.self, UnpublishCommand.self]
    )
}
