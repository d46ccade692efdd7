public import Foundation
import Hummingbird
import Logging
import TwinFiles

/// Serves a folder over HTTP GET and HEAD, with `Range` requests and the right `Content-Type`
/// for video (`video/mp4`, `video/quicktime`) and photos (`image/jpeg`, `image/png`).
///
/// It is the "served folder" a session is published into for offline runs and tests.
public enum StaticFileServer {
    /// Starts serving `root` on `host:port` (0 picks a free port) and returns once it listens.
    public static func start(root: URL, host: String = "127.0.0.1", port: Int = 0) async throws -> RunningFileServer {
        let logger = Logger(label: "twin.files", factory: { _ in SwiftLogNoOpLogHandler() })
        let router = Router()
        router.add(
            middleware: FileMiddleware(root.standardizedFileURL.path, logger: logger)
                .withAdditionalMediaTypes(forFileExtensions: mediaTypes)
        )
        let server = try await LoopbackServer.start(router: router, host: host, port: port, logger: logger)
        return RunningFileServer(baseURL: loopbackURL(host: host, port: server.port), root: root, server: server)
    }

    /// TwinMedia's extension table, as Hummingbird media types.
    private static var mediaTypes: [String: MediaType] {
        InternetMediaType.extensions.reduce(into: [:]) { table, entry in
            table[entry.fileExtension] = MediaType(from: entry.mediaType)
        }
    }
}

/// A folder being served on a loopback port.
public final class RunningFileServer: Sendable {
    /// `http://host:port`; a file `root/a/b.mp4` is at `baseURL/a/b.mp4`.
    public let baseURL: URL
    /// The folder served.
    public let root: URL
    private let server: LoopbackServer

    fileprivate init(baseURL: URL, root: URL, server: LoopbackServer) {
        self.baseURL = baseURL
        self.root = root
        self.server = server
    }

    /// The URL of a file given by its path relative to ``root``.
    public func url(forRelativePath path: String) -> URL {
        path.split(separator: "/").reduce(baseURL) { $0.appendingPathComponent(String($1)) }
    }

    /// Stops serving.
    public func shutdown() async {
        await server.shutdown()
    }
}
