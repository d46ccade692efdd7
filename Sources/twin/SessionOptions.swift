public import ArgumentParser
import Foundation
import TwinPipeline

/// Options that decide how a session folder is read: the pose profile and the photo order.
struct SessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A TOML pose profile replacing the built-in one (see `twin poses`).", valueName: "file"))
    var poses: String?

    @Option(help: ArgumentHelp("How photos without a pose word in their name are ordered: file-name (numeric prefixes), "
                               + "capture-time (EXIF DateTimeOriginal) or content (the mouth in each photo, judged with the others).",
                               valueName: "order"))
    var order: PoseOrder = .fileName

    /// The active pose profile.
    func profile() throws -> PoseProfile {
        guard let poses else { return .builtIn }
        do {
            return try PoseProfile(contentsOf: URL(fileURLWithPath: poses))
        } catch {
            throw ValidationError(CommandFailure.message(for: error))
        }
    }

    /// A loader with these options.
    func loader() throws -> SessionLoader {
        SessionLoader(profile: try profile(), order: order)
    }
}

extension PoseOrder: ExpressibleByArgument {}
