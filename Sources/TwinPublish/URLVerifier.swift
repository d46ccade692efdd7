import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TwinHTTP
import TwinFiles

extension Transport {
    /// Fetches `url` the way the AI Twin API will: an unauthenticated GET with `Range: bytes=0-0`.
    ///
    /// It must answer 200 or 206, with `size` as the total length and `contentType` as the type.
    /// - Throws: `PublishError` `.verificationFailed` naming the URL (signature redacted) and the status.
    func verify(url: String, size: Int64, contentType: String) async throws {
        let display = URLRedaction.redact(url)
        let response: CollectedResponse
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "range", value: "bytes=0-0")
            // Only the head matters: a 200 would carry the whole file, so keep at most a little of it.
            response = try await client.exchange(request, timeout: options.requestTimeout, maxBodyBytes: 4096, overflow: .truncate)
        } catch {
            throw PublishError(.verificationFailed, "the published URL cannot be fetched: \(Self.describe(error)); the API will not reach "
                + "it either", url: display)
        }
        let status = response.status
        let start = String(buffer: response.body)
        guard status == 200 || status == 206 else {
            let hint = status == 403 || status == 401
                ? "the object is not publicly readable: use a presigned URL (the default for S3) or make the location public"
                : "the API would get this status too"
            throw PublishError(.verificationFailed, "GET answered \(status) instead of 200/206: "
                + "\(hint)\(start.isEmpty ? "" : " — \(start.prefix(120))")", url: display, status: status)
        }
        let total: Int64?
        if status == 206 {
            total = response.headers.first(name: "content-range").flatMap { $0.split(separator: "/").last }.flatMap { Int64($0) }
        } else {
            total = response.headers.first(name: "content-length").flatMap { Int64($0) }
        }
        guard total == size else {
            throw PublishError(.verificationFailed, "the URL serves \(total.map(String.init) ?? "an unknown number of") bytes, the file "
                + "has \(size)", url: display, status: status)
        }
        let received = response.headers.first(name: "content-type")
        guard InternetMediaType.matches(received, contentType) else {
            throw PublishError(.verificationFailed, "the URL serves Content-Type '\(received ?? "none")', expected '\(contentType)' (some "
                + "providers reject other types); configure the server's MIME types", url: display, status: status)
        }
    }
}

extension Transport {
    /// Verifies `url` (unless turned off) and describes the published object.
    func finish(_ address: ContentAddress, key: String, url: String, reused: Bool, expiresAt: Date? = nil) async throws -> PublishedObject {
        if options.verifiesURLs {
            try await verify(url: url, size: address.digest.size, contentType: address.contentType)
        }
        return PublishedObject(localPath: address.file.path, key: key, url: url, sha256: address.digest.sha256,
                               size: address.digest.size, contentType: address.contentType, reused: reused, expiresAt: expiresAt)
    }
}
