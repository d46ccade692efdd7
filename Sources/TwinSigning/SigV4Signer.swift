public import Foundation
internal import Crypto

/// AWS Signature Version 4 as a pure value: no networking, no clock (the date is injected).
///
/// Signing follows the AWS SigV4 specification, proven against the AWS signing test suite and
/// against botocore. S3 does not normalize paths, so `normalizesPath` defaults to `false`.
public struct SigV4Signer: Sendable, CustomStringConvertible {
    /// The payload hash to sign when the body is not hashed (always so for presigned URLs).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty body, lowercase hex.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// Headers never signed (hop-by-hop, or rewritten by proxies), as in botocore.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public var credentials: SigV4Credentials
    public var region: String
    /// The service name in the credential scope, e.g. `s3`.
    public var service: String
    /// Whether to remove `.`/`..` segments and repeated slashes before encoding (not for S3).
    public var normalizesPath: Bool

    public init(credentials: SigV4Credentials, region: String, service: String = "s3", normalizesPath: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath
    }

    public var description: String {
        "SigV4Signer(region: \(region), service: \(service), credentials: \(credentials))"
    }

    /// Signs a request with an `Authorization` header.
    ///
    /// - Parameters:
    ///   - payloadHash: The body's SHA-256 (lowercase hex), or ``unsignedPayload``.
    ///   - addsPayloadHashHeader: Whether to send and sign `x-amz-content-sha256` (S3 requires it).
    ///   - omitsSessionToken: Add the session token after signing instead of signing it (some services).
    ///   - date: The signing time.
    public func signHeaders(
        _ request: SigV4Request,
        payloadHash: String,
        addsPayloadHashHeader: Bool = true,
        omitsSessionToken: Bool = false,
        date: Date
    ) -> SigV4Signature {
        let timestamp = SigV4Timestamp(date)
        var headers = request.headers
        headers.append(.init("x-amz-date", timestamp.dateTime))
        if addsPayloadHashHeader { headers.append(.init("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken, !omitsSessionToken {
            headers.append(.init("x-amz-security-token", token))
        }
        let canonicalHeaders = Self.canonicalHeaders(host: request.host, headers)
        let encodedPath = canonicalPath(request.path)
        let encodedQuery = Self.canonicalQuery(request.query)
        let canonicalRequest = [
            request.method.uppercased(), encodedPath, encodedQuery,
            canonicalHeaders.block, canonicalHeaders.signedNames, payloadHash,
        ].joined(separator: "\n")
        let (stringToSign, signature) = sign(canonicalRequest, timestamp)
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(canonicalHeaders.signedNames), Signature=\(signature)"
        var added: [SigV4Request.Field] = [.init("x-amz-date", timestamp.dateTime)]
        if addsPayloadHashHeader { added.append(.init("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken { added.append(.init("x-amz-security-token", token)) }
        added.append(.init("authorization", authorization))
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            headers: added, encodedPath: encodedPath, encodedQuery: encodedQuery
        )
    }

    /// Signs a request with query parameters: a presigned URL valid for `expires` seconds.
    ///
    /// - Parameters:
    ///   - expires: Seconds the URL stays valid (S3 allows at most 7 days).
    ///   - payloadHash: Usually ``unsignedPayload``: a presigned URL does not know its body.
    ///   - omitsSessionToken: Append the session token after signing instead of signing it.
    ///   - date: The signing time.
    public func presign(
        _ request: SigV4Request,
        expires: Int,
        payloadHash: String = SigV4Signer.unsignedPayload,
        omitsSessionToken: Bool = false,
        date: Date
    ) -> SigV4Signature {
        let timestamp = SigV4Timestamp(date)
        let canonicalHeaders = Self.canonicalHeaders(host: request.host, request.headers)
        var query = request.query
        query.append(.init("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        query.append(.init("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"))
        query.append(.init("X-Amz-Date", timestamp.dateTime))
        query.append(.init("X-Amz-Expires", String(expires)))
        query.append(.init("X-Amz-SignedHeaders", canonicalHeaders.signedNames))
        if let token = credentials.sessionToken, !omitsSessionToken {
            query.append(.init("X-Amz-Security-Token", token))
        }
        let encodedPath = canonicalPath(request.path)
        let signedQuery = Self.canonicalQuery(query)
        let canonicalRequest = [
            request.method.uppercased(), encodedPath, signedQuery,
            canonicalHeaders.block, canonicalHeaders.signedNames, payloadHash,
        ].joined(separator: "\n")
        let (stringToSign, signature) = sign(canonicalRequest, timestamp)
        var sentQuery = signedQuery
        if let token = credentials.sessionToken, omitsSessionToken {
            sentQuery += "&X-Amz-Security-Token=" + Self.percentEncode(token)
        }
        sentQuery += "&X-Amz-Signature=" + signature
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            headers: [], encodedPath: encodedPath, encodedQuery: sentQuery
        )
    }

    // MARK: Steps

    private func scope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.date)/\(region)/\(service)/aws4_request"
    }

    private func sign(_ canonicalRequest: String, _ timestamp: SigV4Timestamp) -> (stringToSign: String, signature: String) {
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp.dateTime, scope(timestamp),
            Self.hexSHA256(Data(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [timestamp.date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)
        return (stringToSign, Self.hex(mac))
    }

    private func canonicalPath(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if normalizesPath { path = Self.normalize(path) }
        return Self.percentEncode(path, keepingSlashes: true)
    }

    /// Removes dot segments and empty segments, keeping a leading and a trailing slash.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last
        let trailing = path.hasSuffix("/") || last == "." || last == ".."
        let joined = "/" + segments.joined(separator: "/")
        return trailing && !segments.isEmpty ? joined + "/" : joined
    }

    static func canonicalQuery(_ query: [SigV4Request.Field]) -> String {
        query.map { (percentEncode($0.name), percentEncode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    static func canonicalHeaders(host: String, _ headers: [SigV4Request.Field]) -> (block: String, signedNames: String) {
        var values: [String: [String]] = [:]
        for field in [SigV4Request.Field("host", host)] + headers {
            let name = field.name.lowercased().trimmingCharacters(in: .whitespaces)
            if unsignedHeaders.contains(name) { continue }
            if name == "host", values["host"] != nil { continue }
            values[name, default: []].append(trimAll(field.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims a header value and collapses each run of whitespace (folded lines included) to one space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// Percent-encodes every byte but the RFC 3986 unreserved characters (and `/` when asked), uppercase hex.
    public static func percentEncode(_ string: String, keepingSlashes: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                out.append("/")
            default:
                out += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return out
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    /// SHA-256 of `data`, lowercase hex.
    public static func hexSHA256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// Lowercase hex of any byte sequence (a digest, a MAC).
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `YYYYMMDD'T'HHMMSS'Z'` and `YYYYMMDD` in UTC, computed without a formatter or locale.
struct SigV4Timestamp {
    let date: String
    let dateTime: String

    init(_ instant: Date) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        date = pad(year, 4) + pad(month, 2) + pad(day, 2)
        dateTime = date + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2) + "Z"
    }
}
