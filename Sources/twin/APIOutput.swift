import ArgumentParser
import Foundation
import TwinAPI
import TwinMedia

/// `--format` of the API commands.
enum APIOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// Printing results and errors of the API commands.
enum APIOutput {
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder.report()
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Runs an API command's body; a `TwinAPIError` becomes a message (JSON too with `--format json`)
    /// and exit code 1 (3 when waiting timed out).
    static func run(format: APIOutputFormat, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as TwinAPIError {
            if format == .json {
                try? printJSON(["error": ErrorBody(error)])
            }
            printError(error.description
                + (error == .pollingTimedOut ? error.operationID.map { "; resume with `twin status \($0) --wait`" } ?? "" : ""))
            throw ExitCode(error == .pollingTimedOut ? 3 : 1)
        }
    }

    struct ErrorBody: Encodable {
        let code: String
        let message: String
        let statusCode: Int?
        let operationId: String?
        let outcomeUnknown: Bool

        init(_ error: TwinAPIError) {
            code = error.codeName
            message = error.description
            statusCode = error.statusCode
            operationId = error.operationID
            outcomeUnknown = error.isOutcomeUnknown
        }
    }
}

/// An operation's status as `--format json` prints it.
struct OperationStatusBody: Encodable {
    let operationId: String
    let state: String
    let progress: Double
    let detail: String?
    var twin: String?

    init(operationID: String, status: OperationStatus, twin: String? = nil) {
        operationId = operationID
        state = status.state.rawValue
        progress = status.progress
        detail = status.detail
        self.twin = twin
    }
}
