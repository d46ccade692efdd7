import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Uploads with HTTP PUT to a WebDAV collection (nginx `dav_methods`, Apache mod_dav, …).
///
/// Basic auth comes from `TWIN_WEBDAV_USER` and `TWIN_WEBDAV_PASSWORD`. The target collection and
/// its parents are created with MKCOL before an upload (servers answer a PUT into a missing
/// collection with 409 or even 500, so asking first is the portable way). A `<name>.sha256` record is PUT after the
/// object, so an object without one (or of another size) is uploaded again; a failed upload's partial object is deleted.
struct WebDAVPublisher: Publisher {
    let collection: String
    let authorization: String?
    let publicBaseURL: String?
    let transport: Transport

    init(collection: String, options: PublishOptions, environment: [String: String], transport: Transport) {
        self.collection = collection
        if let user = environment["TWIN_WEBDAV_USER"], let password = environment["TWIN_WEBDAV_PASSWORD"] {
            authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        } else {
            authorization = nil
        }
        publicBaseURL = options.publicBaseURL
        var transport = transport
        if let password = environment["TWIN_WEBDAV_PASSWORD"], let authorization {
            transport.secrets = [password, String(authorization.dropFirst("Basic ".count))]
        }
        self.transport = transport
    }

    private var authHeaders: [(String, String)] { authorization.map { [("authorization", $0)] } ?? [] }

    func plan(_ file: URL) async throws -> PublishPlan {
        let address = try ContentAddress.of(file)
        return PublishPlan(localPath: file.path, key: address.name,
                           destination: "PUT " + collection.appendingURLPath(encodePath(address.name)),
                           sha256: address.digest.sha256, size: address.digest.size, contentType: address.contentType)
    }

    func publish(_ file: URL) async throws -> PublishedObject {
        try await publish(file, recordingIntent: { _ in })
    }

    func publish(_ file: URL, recordingIntent recordIntent: @Sendable (UploadIntent) async throws -> Void) async throws -> PublishedObject {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        if size >= transport.options.overlapThreshold {
            return try await publishOverlapped(file, size: size, recordIntent: recordIntent)
        }
        let address = try ContentAddress.of(file)
        let objectURL = collection.appendingURLPath(encodePath(address.name))
        let recordURL = objectURL + ".sha256"
        let reused = try await isPresent(objectURL, recordURL: recordURL, digest: address.digest)
        if !reused {
            let progress = ProgressCounter(path: file.path, total: address.digest.size, report: transport.options.progress)
            try await makeCollections()
            try await recordIntent(UploadIntent(key: address.name))
            try await putFinal(address, objectURL: objectURL, progress: progress)
            try await putRecord(address, objectURL: objectURL)
        }
        return try await transport.finish(address, key: address.name, url: try fetchURL(forKey: address.name), reused: reused)
    }

    /// For large files: hashing and uploading overlap. The bytes go to a temporary name in the
    /// collection while the file is hashed; once the hash is known, the existence check runs as
    /// usual (a present object discards the upload), then the upload is moved onto its final name
    /// with MOVE (a server without MOVE gets a second, direct PUT).
    private func publishOverlapped(
        _ file: URL, size: Int64, recordIntent: @Sendable (UploadIntent) async throws -> Void
    ) async throws -> PublishedObject {
        let contentType = try MediaType.of(file)
        try await makeCollections()
        let temporary = Self.temporaryPrefix + "\(UUID().uuidString).\(file.pathExtension.lowercased())"
        let temporaryURL = collection.appendingURLPath(temporary)
        try await recordIntent(UploadIntent(temporary: temporary))
        let progress = ProgressCounter(path: file.path, total: size, report: transport.options.progress)
        let upload = Task {
            try await put(temporaryURL, contentType: contentType, size: size) {
                transport.body(file: file, length: size, progress: progress)
            }
        }
        func discardUpload() async {
            // Let the PUT end before deleting: a cancelled PUT whose body was already sent can still
            // land on the server after the DELETE, leaving a stray temporary file behind.
            _ = try? await upload.value
            _ = try? await transport.send(.DELETE, temporaryURL, headers: authHeaders)
        }
        let address: ContentAddress
        let objectURL: String
        do {
            address = try await Task.detached { try ContentAddress.of(file) }.value
            objectURL = collection.appendingURLPath(encodePath(address.name))
            try await recordIntent(UploadIntent(key: address.name, temporary: temporary))
            if try await isPresent(objectURL, recordURL: objectURL + ".sha256", digest: address.digest) {
                await discardUpload()
                return try await transport.finish(address, key: address.name, url: try fetchURL(forKey: address.name), reused: true)
            }
            try await upload.value
        } catch {
            await discardUpload()
            throw error
        }
        var headers = authHeaders
        headers.append(("destination", objectURL))
        headers.append(("overwrite", "T"))
        let moved = try await transport.send(.MOVE, temporaryURL, headers: headers)
        if !(200..<300).contains(moved.status) {
            _ = try? await transport.send(.DELETE, temporaryURL, headers: authHeaders)
            guard [405, 501].contains(moved.status) else { throw failure(moved, "MOVE", temporaryURL) }
            try await putFinal(address, objectURL: objectURL, progress: nil)
        }
        try await putRecord(address, objectURL: objectURL)
        return try await transport.finish(address, key: address.name, url: try fetchURL(forKey: address.name), reused: false)
    }

    func fetchURL(forKey key: String) throws -> String {
        publicBaseURL.map { $0.appendingURLPath(encodePath(key)) } ?? collection.appendingURLPath(encodePath(key))
    }

    private func putFinal(_ address: ContentAddress, objectURL: String, progress: ProgressCounter?) async throws {
        do {
            try await put(objectURL, contentType: address.contentType, size: address.digest.size) {
                transport.body(file: address.file, length: address.digest.size, progress: progress)
            }
        } catch {
            // Never leave a partial object under the final name.
            _ = try? await transport.send(.DELETE, objectURL, headers: authHeaders)
            throw error
        }
    }

    private func putRecord(_ address: ContentAddress, objectURL: String) async throws {
        let record = Data("\(address.digest.sha256)  \(address.name)\n".utf8)
        try await put(objectURL + ".sha256", contentType: "text/plain", size: Int64(record.count)) { .bytes(ByteBuffer(bytes: record)) }
    }

    func unpublish(_ keyOrURL: String) async throws {
        let name = try ContentAddress.requireName(in: keyOrURL)
        let objectURL = collection.appendingURLPath(encodePath(name))
        for url in [objectURL, objectURL + ".sha256"] {
            let response = try await transport.send(.DELETE, url, headers: authHeaders)
            guard (200..<300).contains(response.status) || response.status == 404 else {
                throw failure(response, "DELETE", url)
            }
        }
    }

    private func isPresent(_ objectURL: String, recordURL: String, digest: FileDigest) async throws -> Bool {
        let head = try await transport.send(.HEAD, objectURL, headers: authHeaders)
        guard head.status == 200, head.headers.first(name: "content-length").flatMap({ Int64($0) }) == digest.size else { return false }
        let record = try await transport.send(.GET, recordURL, headers: authHeaders)
        return record.status == 200 && record.body.hasPrefix(digest.sha256)
    }

    private func put(_ url: String, contentType: String, size: Int64, body: @escaping @Sendable () -> HTTPClientRequest.Body) async throws {
        let response = try await transport.send(timeout: Transport.uploadTimeout(size), displayURL: url) {
            var request = HTTPClientRequest(url: url)
            request.method = .PUT
            request.headers.add(name: "content-type", value: contentType)
            for (name, value) in authHeaders { request.headers.add(name: name, value: value) }
            request.body = body()
            return request
        }
        guard (200..<300).contains(response.status) else { throw failure(response, "PUT", url) }
    }

    /// MKCOL each collection from the root down; "already exists" answers (405, 301) are fine.
    private func makeCollections() async throws {
        guard let url = URL(string: collection), let scheme = url.scheme, let host = url.host else { return }
        let origin = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        var path = ""
        for segment in url.path.split(separator: "/") {
            path += "/" + segment
            let collectionURL = origin + encodePath(path) + "/"
            let response = try await transport.send(.MKCOL, collectionURL, headers: authHeaders)
            guard (200..<300).contains(response.status) || [301, 405].contains(response.status) else {
                throw failure(response, "MKCOL", collectionURL)
            }
        }
    }

    private func failure(_ response: Transport.Response, _ method: String, _ url: String) -> PublishError {
        if response.status == 401 || response.status == 403 {
            let hint = authorization == nil
                ? "set TWIN_WEBDAV_USER and TWIN_WEBDAV_PASSWORD"
                : "check TWIN_WEBDAV_USER and TWIN_WEBDAV_PASSWORD, and that this user may write there"
            return PublishError(.accessDenied, "the WebDAV server refused \(method): \(hint)", url: url, status: response.status)
        }
        let detail = response.summary.isEmpty ? "" : ": \(response.summary)"
        return PublishError(.httpStatus, "\(method) answered \(response.status)\(detail)", url: url, status: response.status)
    }
}
