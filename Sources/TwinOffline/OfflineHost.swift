public import Foundation
public import TwinPublish
internal import TwinSandbox

/// A static host inside this process: a temporary folder served over HTTP on a loopback port, and
/// the folder publisher that writes into it. What `--sandbox` publishes to when no target is given.
public final class OfflineHost: Sendable {
    /// Publishes into ``folder``; its URLs are served by this host.
    public let publisher: any Publisher
    /// The temporary folder being served; removed by ``shutdown()``.
    public let folder: URL
    private let server: RunningFileServer

    private init(publisher: any Publisher, folder: URL, server: RunningFileServer) {
        self.publisher = publisher
        self.folder = folder
        self.server = server
    }

    /// Creates the folder and starts serving it on an ephemeral loopback port.
    public static func start() async throws -> OfflineHost {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-sandbox-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            let server = try await StaticFileServer.start(root: folder)
            var options = PublishOptions()
            options.publicBaseURL = server.baseURL.absoluteString
            let publisher = try Publishers.make(target: try PublishTarget(parsing: "file://" + folder.path), options: options)
            return OfflineHost(publisher: publisher, folder: folder, server: server)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Stops serving and deletes the folder with everything published into it.
    public func shutdown() async {
        await server.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}
