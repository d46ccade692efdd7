import ArgumentParser
import Foundation
import TwinPublish

/// `twin unpublish`: removes published objects by key or URL.
struct UnpublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpublish",
        abstract: "Remove published objects, given their keys or URLs (objects already gone are fine)."
    )

    @OptionGroup var publishing: PublishOptionsArguments

    @Argument(help: ArgumentHelp("Keys (PREFIX/<sha256>.<ext>) or URLs printed by `twin publish`.", valueName: "key-or-url"))
    var keysOrURLs: [String]

    func validate() throws {
        if keysOrURLs.isEmpty { throw ValidationError("give at least one key or URL to remove") }
    }

    func run() async throws {
        let (target, options) = try publishing.resolve(toml: try PublishOptionsArguments.loadConfig(publishing.config))
        let publisher = try Publishers.make(target: target, options: options)
        for item in keysOrURLs {
            try await publisher.unpublish(item)
            print("removed \(URLRedaction.redact(item))")
        }
    }
}
