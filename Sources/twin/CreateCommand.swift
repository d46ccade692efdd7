import ArgumentParser
import Foundation
import TwinAPI
import TwinPipeline

/// `twin create`: start a twin from media already published at public URLs.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a twin from a published video and calibration photos.",
        discussion: "Prints the operation id at once; follow it with `twin status ID --wait` or pass --wait."
    )

    @OptionGroup var api: APIOptions
    @Option(help: "The twin's name.") var name: String
    @Option(name: .customLong("video-url"), help: ArgumentHelp("The public http(s) URL of the video.", valueName: "url"))
    var videoURL: String
    @Option(name: .customLong("image-url"), help: ArgumentHelp(
        "A public http(s) URL of a calibration photo, in pose order; repeat for each.", valueName: "url"))
    var imageURLs: [String] = []
    @Option(help: "The script language (see `twin languages`).") var language: String?
    @Flag(help: "Follow the operation until it completes or fails.") var wait = false
    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func validate() throws {
        guard !imageURLs.isEmpty else { throw ValidationError("pass at least one --image-url") }
        let problems = try request().problems()
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
    }

    func request() throws -> CreateTwinRequest {
        func parse(_ text: String) throws -> URL {
            guard let url = URL(string: text) else { throw ValidationError("'\(text)' is not a URL") }
            return url
        }
        return CreateTwinRequest(
            name: name, videoUrl: try parse(videoURL), language: language, calibrationImageUrls: try imageURLs.map(parse)
        )
    }

    func run() async throws {
        let request = try request()
        try await APIOutput.run(format: format) {
            try await api.withClient { client in
                if language != nil { _ = try await client.supportedLanguages() }
                let operationID = try await client.createTwin(request)
                guard wait else {
                    switch format {
                    case .text: print(operationID)
                    case .json: try APIOutput.printJSON(["operationId": operationID])
                    }
                    return
                }
                // Printed before waiting, so an interrupted wait still leaves the id behind.
                let status = try await OperationWaiter.wait(
                    client: client, operationID: operationID, schedule: api.pollingSchedule, timeout: api.waitTimeout,
                    note: "operation \(operationID) started; waiting (resume with: twin status \(operationID) --wait)"
                )
                let twin = status.state == .complete ? try? await Self.twinName(for: name, client: client) : nil
                try StatusCommand.report(operationID: operationID, status: status, twin: twin, format: format)
            }
        }
    }

    /// The newest twin named `twin-<n>-<name>`, once the creation completed.
    static func twinName(for name: String, client: TwinAPIClient) async throws -> String? {
        ListedTwins.newListing(of: name, in: try await client.listTwins(), excluding: [])
    }
}
