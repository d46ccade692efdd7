public import Foundation

extension URL {
    /// The URL `text` names when it is an absolute `http` or `https` URL with a host (any case of scheme): the
    /// only kind the API fetches media from, and the only kind our clients call. Nil for anything else.
    public static func http(_ text: String) -> URL? {
        guard let url = URL(string: text), url.isHTTP else { return nil }
        return url
    }

    /// True for an absolute `http` or `https` URL with a host.
    public var isHTTP: Bool {
        guard let scheme = scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return host.map { !$0.isEmpty } ?? false
    }
}
