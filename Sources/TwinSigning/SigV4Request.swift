/// The parts of an HTTP request that Signature V4 covers, before any encoding.
public struct SigV4Request: Sendable, Equatable {
    /// A header or query parameter; names may repeat.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method, e.g. `PUT`.
    public var method: String
    /// The `Host` header value: the host name, with `:port` when the port is not the scheme's default.
    public var host: String
    /// The path, not percent-encoded (`/bucket/my key.mp4`); the signer encodes it.
    public var path: String
    /// The query parameters, not percent-encoded.
    public var query: [Field]
    /// Headers to sign besides `host`. Hop-by-hop headers and `user-agent` are never signed.
    public var headers: [Field]

    public init(method: String, host: String, path: String, query: [Field] = [], headers: [Field] = []) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
    }
}
