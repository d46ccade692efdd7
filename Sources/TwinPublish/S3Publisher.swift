import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TwinSigning
import TwinSettings

/// Publishes to an S3-compatible bucket with SigV4-signed requests.
///
/// Objects carry their SHA-256 as `x-amz-meta-sha256` (the stored checksum the existence check
/// compares) and are sent with `x-amz-checksum-sha256` and a signed payload hash. Files larger than
/// the part size go up as a multipart upload, parts in parallel, aborted on failure.
struct S3Publisher: Publisher {
    let bucket: String
    let prefix: String
    let signer: SigV4Signer
    let scheme: String
    /// Host header of bucket requests (with the bucket in front for virtual-host addressing).
    let host: String
    /// Path before the key: `/BUCKET` (path style, plus any endpoint path) or empty (virtual).
    let basePath: String
    let options: PublishOptions
    let transport: Transport

    init(bucket: String, prefix: String, options: PublishOptions, environment: [String: String], transport: Transport) throws {
        let credentials = try AWSCredentialSources.credentials(environment: environment)
        let region = AWSCredentialSources.region(explicit: options.region, environment: environment)
        let endpoint = options.s3Endpoint ?? "https://s3.\(region).amazonaws.com"
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), let endpointHost = url.host else {
            throw PublishError(.invalidOption, "s3-endpoint '\(endpoint)': expected an http(s):// URL")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        let hostPort = endpointHost + (url.port.map { $0 == defaultPort ? "" : ":\($0)" } ?? "")
        // A custom endpoint is usually an IP or a single host name: `bucket.127.0.0.1` resolves nowhere.
        let addressing = options.addressing ?? (options.s3Endpoint == nil && !bucket.contains(".") ? .virtual : .path)
        var endpointPath = url.path
        while endpointPath.hasSuffix("/") { endpointPath.removeLast() }
        switch addressing {
        case .path:
            host = hostPort
            basePath = endpointPath + "/" + bucket
        case .virtual:
            host = bucket + "." + hostPort
            basePath = endpointPath
        }
        self.bucket = bucket
        self.prefix = prefix
        self.scheme = scheme
        self.signer = SigV4Signer(credentials: credentials, region: region, service: "s3")
        self.options = options
        var transport = transport
        transport.secrets = [credentials.secretAccessKey] + (credentials.sessionToken.map { [$0] } ?? [])
        self.transport = transport
    }

    /// The preferred part size, grown if needed to stay within S3's 10,000 parts.
    static func partSize(for size: Int64, preferred: Int64) -> Int64 {
        let maximumParts: Int64 = 10_000
        let needed = (size + maximumParts - 1) / maximumParts
        return Swift.max(preferred, (needed + (1 << 20) - 1) / (1 << 20) * (1 << 20))
    }

    func key(for name: String) -> String { prefix.isEmpty ? name : prefix + "/" + name }

    func plan(_ file: URL) async throws -> PublishPlan {
        let address = try ContentAddress.of(file)
        let key = key(for: address.name)
        return PublishPlan(localPath: file.path, key: key, destination: "s3://\(bucket)/\(key) via \(scheme)://\(host)",
                           sha256: address.digest.sha256, size: address.digest.size, contentType: address.contentType)
    }

    func publish(_ file: URL) async throws -> PublishedObject {
        try await publish(file, recordingIntent: { _ in })
    }

    func publish(_ file: URL, recordingIntent recordIntent: @Sendable (UploadIntent) async throws -> Void) async throws -> PublishedObject {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        let partSize = Self.partSize(for: size, preferred: options.partSize)
        let multipart = size > partSize
        let address = try ContentAddress.of(file, partSize: multipart ? partSize : nil)
        let key = key(for: address.name)
        let reused = try await isPresent(key: key, digest: address.digest)
        if !reused {
            let progress = ProgressCounter(path: file.path, total: address.digest.size, report: options.progress)
            try await recordIntent(UploadIntent(key: key))
            if multipart, address.digest.partSHA256.count > 1 {
                try await uploadMultipart(address, key: key, partSize: partSize, progress: progress, recordIntent: recordIntent)
            } else {
                try await uploadSingle(address, key: key, progress: progress)
            }
        }
        let (url, expiresAt) = signedURL(forKey: key)
        if options.publicBaseURL == nil {
            let seconds = Int(options.presignExpiry.components.seconds)
            if signer.credentials.isTemporary {
                transport.logger.warning("""
                    \(URLRedaction.redact(url)) was signed with temporary credentials (AWS_SESSION_TOKEN): \
                    it stops working when they expire, which may be before its stated \(seconds / 3600) h expiry
                    """)
            }
        }
        return try await transport.finish(address, key: key, url: url, reused: reused, expiresAt: expiresAt)
    }

    func fetchURL(forKey key: String) throws -> String { signedURL(forKey: key).url }

    /// The public URL of `key`, or a URL presigned now for `presignExpiry`, and when it expires.
    private func signedURL(forKey key: String) -> (url: String, expiresAt: Date?) {
        if let publicBaseURL = options.publicBaseURL { return (publicBaseURL.appendingURLPath(encodePath(key)), nil) }
        let now = Date()
        let seconds = Int(options.presignExpiry.components.seconds)
        let signature = signer.presign(SigV4Request(method: "GET", host: host, path: basePath + "/" + key), expires: seconds, date: now)
        return ("\(scheme)://\(host)\(signature.requestTarget)", now.addingTimeInterval(TimeInterval(seconds)))
    }

    func unpublish(_ keyOrURL: String) async throws {
        let key = key(for: try ContentAddress.requireName(in: keyOrURL))
        let response = try await send("DELETE", key: key)
        guard (200..<300).contains(response.status) || response.status == 404 else {
            throw failure(response, "DELETE", key: key)
        }
    }

    // MARK: Requests

    /// Signs and sends a request on `key`, with retries; `body` is built afresh for each attempt.
    func send(
        _ method: String, key: String, query: [SigV4Request.Field] = [], headers: [SigV4Request.Field] = [],
        payloadHash: String = SigV4Signer.emptyPayloadHash, size: Int64 = 0,
        body: (@Sendable () -> HTTPClientRequest.Body)? = nil
    ) async throws -> Transport.Response {
        let display = "s3://\(bucket)/\(key)"
        let timeout = body == nil ? options.requestTimeout : Transport.uploadTimeout(size)
        return try await transport.send(timeout: timeout, displayURL: display) { [signer, host, scheme, basePath] in
            // Signed per attempt: a retry much later still carries a fresh date.
            let request = SigV4Request(method: method, host: host, path: basePath + "/" + key, query: query, headers: headers)
            let signature = signer.signHeaders(request, payloadHash: payloadHash, date: Date())
            var http = HTTPClientRequest(url: "\(scheme)://\(host)\(signature.requestTarget)")
            http.method = HTTPMethod(rawValue: method)
            http.headers.add(name: "host", value: host)
            for field in headers + signature.headers { http.headers.add(name: field.name, value: field.value) }
            if let body { http.body = body() }
            return http
        }
    }

    private func isPresent(key: String, digest: FileDigest) async throws -> Bool {
        let response = try await send("HEAD", key: key)
        // 403 on a missing key when the user may not list the bucket: treat as absent; the PUT will tell.
        guard response.status == 200 else { return false }
        return response.headers.first(name: "content-length").flatMap { Int64($0) } == digest.size
            && response.headers.first(name: "x-amz-meta-sha256") == digest.sha256
    }

    private func uploadSingle(_ address: ContentAddress, key: String, progress: ProgressCounter?) async throws {
        let headers: [SigV4Request.Field] = [
            .init("content-type", address.contentType),
            .init("x-amz-meta-sha256", address.digest.sha256),
            .init("x-amz-checksum-sha256", address.digest.sha256Base64),
        ]
        let file = address.file
        let size = address.digest.size
        let response = try await send("PUT", key: key, headers: headers, payloadHash: address.digest.sha256, size: size) { [transport] in
            transport.body(file: file, length: size, progress: progress)
        }
        guard (200..<300).contains(response.status) else { throw failure(response, "PUT", key: key) }
    }

    func failure(_ response: Transport.Response, _ method: String, key: String) -> PublishError {
        let display = "s3://\(bucket)/\(key)"
        let code = Transport.Response.element("Code", in: response.body) ?? ""
        let detail = response.summary.isEmpty ? "" : " (\(response.summary))"
        let refusedCodes = ["SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "InvalidClientTokenId", "InvalidToken",
                            "ExpiredToken", "TokenRefreshRequired"]
        if response.status == 401 || response.status == 403 || refusedCodes.contains(code) {
            return PublishError(.accessDenied, "S3 refused \(method)\(detail): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / "
                + "AWS_SESSION_TOKEN or the AWS_PROFILE credentials, the region (\(signer.region)) and the bucket policy",
                                url: display, status: response.status)
        }
        if code == "AuthorizationHeaderMalformed" || code == "PermanentRedirect" || response.status == 301 {
            return PublishError(.httpStatus, "S3 refused \(method)\(detail): the bucket is probably in another region; set "
                                + "\(setting: .s3Region)", url: display, status: response.status, setting: .s3Region)
        }
        return PublishError(.httpStatus, "S3 answered \(response.status) to \(method)\(detail)", url: display, status: response.status)
    }
}
