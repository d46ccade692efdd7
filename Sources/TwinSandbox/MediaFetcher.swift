import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TwinAPI
import TwinHTTP
import TwinFiles
import TwinMedia

/// Downloads the media a `/create` names, with the limits a public service would apply:
/// http(s) only, a size cap, one total deadline for the whole download (TwinHTTP's, as for every request twin
/// makes: a server that sends a head and then trickles or stalls the body cannot hold a `/create` forever), a
/// bounded number of redirects.
struct MediaFetcher: Sendable {
    let httpClient: HTTPClient
    let timeout: Duration

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func makeHTTPClient(maxRedirects: Int, timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: maxRedirects, allowCycles: false)
        )
        configuration.timeout.connect = .seconds(10)
        configuration.timeout.read = .milliseconds(Int64(timeout.seconds * 1000))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Downloads `url` into `folder`, keeping its file name (the validator reads the extension), within `timeout`.
    func download(_ url: URL, into folder: URL, index: Int, maxBytes: Int) async throws -> URL {
        do {
            return try await HTTPClient.withDeadline(timeout) {
                try await downloadWithoutDeadline(url, into: folder, index: index, maxBytes: maxBytes)
            }
        } catch let error as ExchangeError {
            throw Failure(description: "downloading \(url.absoluteString) failed: \(error)")
        }
    }

    private func downloadWithoutDeadline(_ url: URL, into folder: URL, index: Int, maxBytes: Int) async throws -> URL {
        guard url.isHTTP else {
            throw Failure(description: "\(url.absoluteString) is not an http(s) URL")
        }
        let request = HTTPClientRequest(url: url.absoluteString)
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .milliseconds(Int64(timeout.seconds * 1000)))
        } catch {
            throw Failure(description: "\(url.absoluteString) is unreachable (\(error))")
        }
        guard response.status == .ok else {
            throw Failure(description: "\(url.absoluteString) answered HTTP \(response.status.code), not 200")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw Failure(description: "\(url.absoluteString) is \(length) bytes, more than the \(maxBytes) bytes allowed")
        }
        let contentType = response.headers.first(name: "Content-Type")
        let file = folder.appendingPathComponent(Self.fileName(for: url, index: index, contentType: contentType))
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw Failure(description: "the sandbox cannot store \(url.absoluteString) in \(folder.path)")
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var received = 0
        do {
            for try await chunk in response.body {
                received += chunk.readableBytes
                if received > maxBytes {
                    throw Failure(description: "\(url.absoluteString) is more than the \(maxBytes) bytes allowed")
                }
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "downloading \(url.absoluteString) failed (\(error))")
        }
        return file
    }

    /// `index-name.ext`, the extension from the URL or else from the Content-Type.
    static func fileName(for url: URL, index: Int, contentType: String?) -> String {
        var name = url.lastPathComponent.filter { $0.isLetter || $0.isNumber || "._-".contains($0) }
        if name.isEmpty || name == "." || name == ".." { name = "media" }
        if (name as NSString).pathExtension.isEmpty {
            if let ext = contentType.flatMap(InternetMediaType.preferredExtension(forContentType:)) { name += "." + ext }
        }
        return "\(index)-\(name)"
    }
}
