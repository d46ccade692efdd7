import ArgumentParser
import TwinAPI

/// `twin status`: where an operation is, or follow it to the end with `--wait`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show an operation's state, or follow it with --wait."
    )

    @OptionGroup var api: APIOptions
    @Argument(help: "The operation id `twin create` printed.") var operationID: String
    @Flag(help: "Follow the operation until it completes or fails (checks at once, then every --poll-every).")
    var wait = false
    @Option(help: "Output format.") var format: APIOutputFormat = .text

    func run() async throws {
        try await APIOutput.run(format: format) {
            try await api.withClient { client in
                let status = if wait {
                    try await OperationWaiter.wait(
                        client: client, operationID: operationID, schedule: api.resumingSchedule, timeout: api.waitTimeout
                    )
                } else {
                    try await client.status(operationID: operationID)
                }
                try Self.report(operationID: operationID, status: status, twin: nil, format: format)
            }
        }
    }

    /// Prints a status; a FAILED operation exits with 1.
    static func report(operationID: String, status: OperationStatus, twin: String?, format: APIOutputFormat) throws {
        switch format {
        case .json:
            try APIOutput.printJSON(OperationStatusBody(operationID: operationID, status: status, twin: twin))
        case .text:
            var line = "\(operationID): \(status.state.rawValue) \(Int(status.progress)) %"
            if let twin { line += " (\(twin))" }
            if let detail = status.detail { line += ": \(detail)" }
            print(line)
        }
        if status.state == .failed { throw ExitCode.failure }
    }
}
