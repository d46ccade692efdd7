import ArgumentParser
import Foundation
import TwinMedia
import TwinPublish

/// `twin publish`: publishes media files and prints one verified URL per file.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish media files to S3, WebDAV or a served folder, and print one verified URL per file.",
        discussion: """
            Files are named by content (PREFIX/<sha256>.<ext>): publishing the same file again uploads nothing.
            S3 URLs are presigned for 24 h unless --public-base-url is given. Credentials come from AWS_* variables \
            or ~/.aws/credentials (S3) and TWIN_WEBDAV_USER / TWIN_WEBDAV_PASSWORD (WebDAV).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var publishing: PublishOptionsArguments

    @Flag(help: "Print what would be uploaded where, without uploading.")
    var dryRun = false

    @Option(help: "Output: text (one URL per line) or json.")
    var format: Format = .text

    @Argument(help: ArgumentHelp("Media files (.mp4, .mov, .jpg, .jpeg, .png).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to publish") }
    }

    func run() async throws {
        var (target, options) = try publishing.resolve(toml: try PublishOptionsArguments.loadConfig(publishing.config))
        let view = ProgressView.forStandardError()
        if view.isTerminal {
            options.progress = { @Sendable progress in view.show(progress) }
        }
        let publisher = try Publishers.make(target: target, options: options)
        let encoder = JSONEncoder.report()
        encoder.dateEncodingStrategy = .iso8601
        if dryRun {
            var plans: [PublishPlan] = []
            for file in files { plans.append(try await publisher.plan(URL(fileURLWithPath: file))) }
            switch format {
            case .text: for plan in plans { print("\(plan.localPath) -> \(plan.destination) (\(plan.size) bytes, \(plan.contentType))") }
            case .json: print(String(decoding: try encoder.encode(plans), as: UTF8.self))
            }
            return
        }
        var published: [PublishedObject] = []
        for file in files {
            let object = try await publisher.publish(URL(fileURLWithPath: file))
            view.finish()
            if format == .text { print(object.url) }
            published.append(object)
        }
        if format == .json { print(String(decoding: try encoder.encode(published), as: UTF8.self)) }
    }
}
