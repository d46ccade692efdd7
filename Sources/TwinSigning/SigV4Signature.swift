/// The result of signing a request: what to send, and the intermediate steps (for tests and debugging).
///
/// Its `description` shows neither the signature nor any credential.
public struct SigV4Signature: Sendable, Equatable, CustomStringConvertible {
    /// The canonical request, exactly as hashed.
    public let canonicalRequest: String
    /// The string to sign, exactly as signed.
    public let stringToSign: String
    /// The signature, lowercase hex.
    public let signature: String
    /// Headers to add to the request (header signing: `x-amz-date`, `x-amz-content-sha256`,
    /// `x-amz-security-token`, `authorization`; query signing: none).
    public let headers: [SigV4Request.Field]
    /// The percent-encoded path, exactly as signed: send this one.
    public let encodedPath: String
    /// The percent-encoded query string to send (query signing: including `X-Amz-Signature`).
    public let encodedQuery: String

    /// The `Authorization` header value (header signing only).
    public var authorization: String? {
        headers.first { $0.name == "authorization" }?.value
    }

    /// The path and query to put on the request line, e.g. `/bucket/key?X-Amz-Algorithm=…`.
    public var requestTarget: String {
        encodedQuery.isEmpty ? encodedPath : encodedPath + "?" + encodedQuery
    }

    public var description: String {
        "SigV4Signature(path: \(encodedPath), signature: <redacted>)"
    }
}
