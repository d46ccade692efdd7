import Foundation
public import TwinSettings

/// The one error type of the publishing layer: a stable `code`, and a message a user can act on.
///
/// It never holds credentials: URLs in it have their signature and token redacted.
public struct PublishError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable, machine-readable codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The `--to` target could not be parsed.
        public static let invalidTarget = Code("publish.invalid-target")
        /// An option (flag or `twin.toml`) has an unusable value.
        public static let invalidOption = Code("publish.invalid-option")
        /// The local file is missing or unreadable.
        public static let unreadableFile = Code("publish.unreadable-file")
        /// The file's extension is not a media type the API accepts.
        public static let unsupportedMediaType = Code("publish.unsupported-media-type")
        /// No credentials were found in the environment or credential files.
        public static let missingCredentials = Code("publish.missing-credentials")
        /// The server rejected the credentials (401/403, signature mismatch, unknown key).
        public static let accessDenied = Code("publish.access-denied")
        /// The server answered an unexpected status.
        public static let httpStatus = Code("publish.http-status")
        /// The server could not be reached, or the connection dropped, after every retry.
        public static let unreachable = Code("publish.unreachable")
        /// The published URL does not serve the file the way the API will fetch it.
        public static let verificationFailed = Code("publish.verification-failed")
        /// A local write (folder target) failed.
        public static let writeFailed = Code("publish.write-failed")
        /// The key or URL given to unpublish is not one this publisher created.
        public static let invalidKey = Code("publish.invalid-key")
    }

    public let code: Code
    /// What went wrong and what to do about it.
    public let message: String
    /// The URL involved, with any signature or token redacted.
    public let url: String?
    /// The HTTP status, when a server answered.
    public let status: Int?
    /// The setting the message asks to set or change (`.s3Region`, `.publishTarget`…); a front end says where it is set.
    public let setting: Setting?

    init(_ code: Code, _ message: String, url: String? = nil, status: Int? = nil, setting: Setting? = nil) {
        self.code = code
        self.message = message
        self.url = url.map(URLRedaction.redact)
        self.status = status
        self.setting = setting
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let status { text += " (HTTP \(status))" }
        if let url { text += " [\(url)]" }
        return text
    }
}

/// Hides the secret parts of URLs: presigned signatures, session tokens, user info.
public enum URLRedaction {
    static let secretParameters: Set<String> = ["x-amz-signature", "x-amz-security-token", "x-amz-credential", "signature"]

    /// `url` with the values of signature/token query parameters and any `user:password@` replaced.
    public static func redact(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
           !text[scheme.upperBound..<at].contains("/") {
            text.replaceSubrange(scheme.upperBound...at, with: "<redacted>@")
        }
        guard let question = text.firstIndex(of: "?") else { return text }
        let query = text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return secretParameters.contains(name.lowercased()) ? "\(name)=<redacted>" : String(pair)
        }
        return text[...question] + query.joined(separator: "&")
    }

    /// `text` (a message, a server's answer) with every URL in it redacted like ``redact(_:)``.
    public static func redactURLs(in text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.contains("://") || word.contains("?") ? redact(String(word)) : String(word)
        }.joined(separator: " ")
    }
}
