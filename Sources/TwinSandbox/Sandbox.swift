public import Foundation
import AsyncHTTPClient
import Hummingbird
import Logging

/// An offline stand-in for the AI Twin API: same paths, bodies and errors, creations that take
/// `creationDuration / timeScale`, and media checked with the same validator the CLI uses.
public enum Sandbox {
    /// Starts the sandbox API on `host:port` (0 picks a free port) and returns once it listens.
    ///
    /// Use ``RunningSandbox/baseURL`` as the client's base URL.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, configuration: SandboxConfiguration
    ) async throws -> RunningSandbox {
        let state = SandboxState(configuration: configuration)
        let httpClient = MediaFetcher.makeHTTPClient(
            maxRedirects: configuration.maxRedirects, timeout: configuration.downloadTimeout
        )
        let workspace = FileManager.default.temporaryDirectory
            .appendingPathComponent("twin-sandbox-\(UUID().uuidString)")
        let tasks = TaskRegistry()
        let controller = SandboxController(
            configuration: configuration, state: state,
            fetcher: MediaFetcher(httpClient: httpClient, timeout: configuration.downloadTimeout),
            mediaJudge: .validator, workspace: workspace, tasks: tasks
        )
        let router = Router(context: SandboxContext.self)
        router.add(middleware: SandboxGuard(configuration: configuration, state: state))
        controller.addRoutes(to: router)
        controller.addRoutes(to: router.group("api/twin"))
        do {
            let server = try await LoopbackServer.start(router: router, host: host, port: port, logger: configuration.logger)
            return RunningSandbox(
                baseURL: loopbackURL(host: host, port: server.port), server: server, state: state,
                httpClient: httpClient, tasks: tasks, workspace: workspace
            )
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}

/// A sandbox API listening on a loopback port.
public final class RunningSandbox: Sendable {
    /// `http://host:port`: the base URL to give the client.
    public let baseURL: URL
    private let server: LoopbackServer
    private let state: SandboxState
    private let httpClient: HTTPClient
    private let tasks: TaskRegistry
    private let workspace: URL

    fileprivate init(
        baseURL: URL, server: LoopbackServer, state: SandboxState, httpClient: HTTPClient, tasks: TaskRegistry,
        workspace: URL
    ) {
        self.baseURL = baseURL
        self.server = server
        self.state = state
        self.httpClient = httpClient
        self.tasks = tasks
        self.workspace = workspace
    }

    /// The `/create` requests received so far (what `POST /_sandbox/stats` answers).
    public func stats() async -> SandboxStats {
        await state.currentStats
    }

    /// Stops listening, cancels media checks in flight and removes downloaded media.
    public func shutdown() async {
        await server.shutdown()
        await tasks.cancelAll()
        try? await httpClient.shutdown()
        try? FileManager.default.removeItem(at: workspace)
    }
}
