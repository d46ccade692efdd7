/// An AWS access key pair, optionally with the session token of temporary credentials.
///
/// Its `description` never shows the secret or the token.
public struct SigV4Credentials: Sendable, Equatable, CustomStringConvertible {
    /// The access key ID (not a secret on its own; it appears in every `Authorization` header).
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary (STS) credentials, if any.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// True for temporary credentials: a presigned URL dies with them, whatever its stated expiry.
    public var isTemporary: Bool { sessionToken != nil }

    public var description: String {
        "SigV4Credentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }
}
