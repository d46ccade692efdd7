import ArgumentParser
import Foundation
import TwinMedia
import TwinPipeline

/// `twin poses`: print the active pose profile, the order of `calibrationImageUrls`.
struct PosesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poses",
        abstract: "Print the active pose profile: the order the calibration photos are sent in.",
        discussion: """
            Photos are mapped to poses by the session's twin.toml [poses] table first, then by a pose \
            id or alias appearing as a word of the file name (02-ooh.jpg, IMG_teeth.png), then by \
            numeric prefixes (1.jpg … 5.jpg), or with --order capture-time by EXIF DateTimeOriginal.
            `twin poses --format toml > poses.toml` writes a profile to edit and pass with --poses.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, toml, json
    }

    @Option(help: "Output format: text, toml (a profile --poses reads back) or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("A TOML pose profile to print instead of the built-in one.", valueName: "file"))
    var poses: String?

    func run() async throws {
        let profile = try SessionOptions.parse(poses.map { ["--poses", $0] } ?? []).profile()
        let output: String
        switch format {
        case .toml:
            output = profile.tomlText
        case .json:
            let encoder = JSONEncoder.report()
            let document = ProfileDocument(source: profile.source, poses: profile.poses)
            output = String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        case .text:
            let width = profile.poses.map(\.id.count).max() ?? 0
            let descriptionWidth = profile.poses.map(\.description.count).max() ?? 0
            var lines = ["Pose profile: \(profile.source) (\(profile.poses.count) poses, in calibrationImageUrls order)"]
            for (index, pose) in profile.poses.enumerated() {
                let aliases = pose.aliases.isEmpty ? "" : "  aliases: " + pose.aliases.joined(separator: ", ")
                lines.append("  \(index + 1). " + pose.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  " + pose.description.padding(toLength: descriptionWidth, withPad: " ", startingAt: 0) + aliases)
            }
            output = lines.joined(separator: "\n") + "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// The JSON shape of `twin poses --format json`.
private struct ProfileDocument: Encodable {
    let source: String
    let poses: [Pose]
}
