import Foundation
import Hummingbird
import Logging

/// Runs a Hummingbird application in a task and reports the port it bound.
struct LoopbackServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    /// Starts `router` on `host:port` (0 lets the OS choose) and returns once it listens.
    static func start<Context: RequestContext>(
        router: Router<Context>, host: String, port: Int, logger: Logger
    ) async throws -> LoopbackServer where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "twin-sandbox"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? port) },
            logger: logger
        )
        let task = Task {
            defer { continuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        for await bound in ports {
            return LoopbackServer(port: bound, task: task)
        }
        // The stream ended without a port: the server failed to start.
        try await task.value
        throw CancellationError()
    }

    func shutdown() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// Builds `http://host:port` (IPv6 hosts bracketed).
func loopbackURL(host: String, port: Int) -> URL {
    let hostPart = host.contains(":") ? "[\(host)]" : host
    return URL(string: "http://\(hostPart):\(port)")!
}
