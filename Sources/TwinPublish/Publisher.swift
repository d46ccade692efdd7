public import AsyncHTTPClient
public import Foundation
public import Logging
import TwinHTTP

/// Turns local media files into URLs that provably serve them.
public protocol Publisher: Sendable {
    /// Publishes `file` as `PREFIX/<sha256>.<ext>`, or reuses the object already there (same size
    /// and stored checksum), then verifies the URL the way the API will fetch it.
    ///
    /// - Throws: `PublishError`.
    func publish(_ file: URL) async throws -> PublishedObject

    /// Removes a published object (and its checksum record), given its key or any URL to it.
    /// Removing an object that is already gone succeeds.
    ///
    /// - Throws: `PublishError` (`.invalidKey` for something this publisher did not create).
    func unpublish(_ keyOrURL: String) async throws

    /// What `publish` would do, without touching the network (for `--dry-run`).
    func plan(_ file: URL) async throws -> PublishPlan

    /// The URL the API fetches the published object `key` at, made afresh (a presigned URL is signed again, with
    /// a full expiry): so a presigned URL never has to be stored, only its key. No network.
    ///
    /// - Throws: `PublishError` when this publisher cannot make URLs (a folder target without a public base URL).
    func fetchURL(forKey key: String) throws -> String

    /// Like `publish(_:)`, but tells `recordIntent` what it is about to leave on the target BEFORE each step that
    /// could leave something behind if the process were killed (the final key; a temporary name; an S3 multipart
    /// upload id), so that a later run can sweep it with ``sweep(_:)``. `recordIntent` may be called several times,
    /// each time with more filled in.
    func publish(_ file: URL, recordingIntent recordIntent: @Sendable (UploadIntent) async throws -> Void) async throws -> PublishedObject

    /// Where intents of this publisher apply (the target, without credentials): an intent recorded for another
    /// target is not swept by this one.
    var intentTarget: String { get }

    /// Removes what a killed upload recorded in `intent` left behind: a WebDAV temporary, S3 multipart uploads
    /// (the recorded one and any other started on the same key). The final object is not touched (see
    /// `unpublish(_:)`). Anything already gone is fine.
    ///
    /// - Returns: How many leftovers were removed.
    func sweep(_ intent: UploadIntent) async throws -> Int
}

extension Publisher {
    /// A plan naming the content address only (for publishers that have no better description).
    public func plan(_ file: URL) async throws -> PublishPlan {
        let address = try ContentAddress.of(file)
        return PublishPlan(localPath: file.path, key: address.name, destination: address.name,
                           sha256: address.digest.sha256, size: address.digest.size, contentType: address.contentType)
    }
}

/// Makes the publisher for a target.
public enum Publishers {
    /// The publisher for `target`.
    ///
    /// - Parameters:
    ///   - environment: Where credentials come from (`AWS_*`, `TWIN_WEBDAV_USER`, `TWIN_WEBDAV_PASSWORD`, `HOME`).
    ///   - httpClient: The client for every request (not shut down by the publisher); by default `HTTPClient.publishing`.
    ///   - logger: Receives warnings (standard error by default) (temporary credentials signing presigned URLs) and retry notes.
    ///   - clock: What retries wait on (inject one in tests).
    /// - Throws: `PublishError` for invalid options or missing S3 credentials. (A folder target
    ///   without a public base URL can unpublish, but its `publish` throws.)
    public static func make(
        target: PublishTarget,
        options: PublishOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = .publishing,
        logger: Logger = Logger(label: "twin.publish", factory: { label in StreamLogHandler.standardError(label: label) }),
        clock: some Clock<Duration> = ContinuousClock()
    ) throws -> any Publisher {
        try options.validate()
        let transport = Transport(client: httpClient, options: options, logger: logger, clock: ClockBox(clock))
        switch target.kind {
        case let .s3(bucket, prefix):
            return try S3Publisher(bucket: bucket, prefix: prefix, options: options, environment: environment, transport: transport)
        case let .webDAV(collection):
            return WebDAVPublisher(collection: collection, options: options, environment: environment, transport: transport)
        case let .folder(path):
            return FolderPublisher(folder: path, options: options, transport: transport)
        }
    }
}

extension String {
    /// `base` and `path` joined by exactly one slash.
    func appendingURLPath(_ path: String) -> String {
        var base = self
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path.drop { $0 == "/" }
    }
}

/// Percent-encodes a URL path (keeps `/` and unreserved characters), as SigV4 does.
func encodePath(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
        segment.addingPercentEncoding(withAllowedCharacters: .urlUnreservedForTwin) ?? String(segment)
    }.joined(separator: "/")
}

extension CharacterSet {
    static let urlUnreservedForTwin = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
