import ArgumentParser
import Dispatch
import Foundation
import Logging
import TwinAPI
import TwinSandbox

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `twin sandbox`: run the offline stand-in for the AI Twin API.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local server that behaves like the AI Twin API (for offline work, demos and tests).",
        discussion: """
            Prints `sandbox listening on URL` once it listens; pass that URL as --api-url or CAPTIONS_API_URL. \
            Stops on Ctrl-C or SIGTERM.
            """
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on; 0 picks a free one.") var port = 8080
    @Option(name: .customLong("api-key-file"), help: ArgumentHelp(
        "A file holding the key clients must send (default: $TWIN_SANDBOX_API_KEY).", valueName: "path"))
    var apiKeyFile: String?

    @Option(name: .customLong("time-scale"), help: ArgumentHelp(
        "How much faster than real time a creation (120 s) runs; 100 makes it 1.2 s.", valueName: "x"))
    var timeScale: Double = 1
    @Option(name: .customLong("rate-limit"), help: ArgumentHelp(
        "Requests per minute per endpoint and key; 0 is unlimited, 5 mimics the service.", valueName: "n"))
    var rateLimit = 0
    @Flag(help: "Report each /create and its media verdict on standard error.") var verbose = false
    @Option(help: "Output format of the startup line.") var format: APIOutputFormat = .text

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        try OptionRange.check(timeScale, "--time-scale", in: OptionRange.timeScale)
        try OptionRange.check(rateLimit, "--rate-limit", in: OptionRange.requestsPerMinute)
    }

    func run() async throws {
        // The key comes from a file or the sandbox's own variable, never the command line, where `ps` shows it.
        let found: APIKey?
        do {
            found = try SandboxConfiguration.apiKey(file: apiKeyFile.map { URL(fileURLWithPath: $0) })
        } catch let error as TwinAPIError {
            throw ValidationError(error.message)
        }
        guard let key = found else {
            throw ValidationError(
                "no key for the sandbox: set \(SandboxConfiguration.keyEnvironmentVariable) or pass --api-key-file PATH"
                    + " (a throwaway key, not your \(APIKey.environmentVariable))"
            )
        }
        var configuration = SandboxConfiguration(apiKey: key, timeScale: timeScale, rateLimit: rateLimit)
        if verbose { configuration.logger = Logger(label: "twin.sandbox") { _ in NoteLogHandler() } }
        let sandbox = try await Sandbox.start(host: host, port: port, configuration: configuration)
        // Written unbuffered, so a parent process reading the port sees it at once.
        let line = switch format {
        case .text: "sandbox listening on \(sandbox.baseURL.absoluteString)\n"
        case .json: #"{"baseURL": "\#(sandbox.baseURL.absoluteString)"}"# + "\n"
        }
        FileHandle.standardOutput.write(Data(line.utf8))
        await Self.waitForTermination()
        await sandbox.shutdown()
    }

    /// Returns on SIGINT or SIGTERM.
    static func waitForTermination() async {
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}
