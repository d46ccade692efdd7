/// The six documented endpoints, each a `POST <base URL>/<rawValue>` with a JSON body.
public enum TwinEndpoint: String, Sendable, CaseIterable, Codable {
    case supportedLanguages = "supported-languages"
    case script
    case list
    case create
    case status
    case delete

    /// Whether sending the same request twice has the same effect as once.
    ///
    /// `/create` is the one that is not: a repeated request creates a second twin.
    public var isIdempotent: Bool { self != .create }
}
