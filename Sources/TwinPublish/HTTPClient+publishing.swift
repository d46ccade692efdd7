public import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The client publishers use by default: shared for the process, a 10 s connect timeout, and no
    /// silent connection retries inside the client (the publishers' own retries back off and give
    /// up, so an unreachable host fails in seconds, not at the request deadline). It follows no redirect: a
    /// signed request or its credentials must reach only the host the user configured.
    public static let publishing: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
