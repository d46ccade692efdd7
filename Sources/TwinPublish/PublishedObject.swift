public import Foundation

/// A file that now serves at a verified URL.
public struct PublishedObject: Codable, Sendable, Equatable {
    /// The local file that was published.
    public var localPath: String
    /// Its key in the target: `PREFIX/<sha256>.<ext>` (S3), `<sha256>.<ext>` (WebDAV collection, folder).
    public var key: String
    /// The full URL the API will fetch (a presigned URL carries its signature).
    public var url: String
    /// `url` with its signature and token redacted: for logs, reports and journals.
    public var displayURL: String
    /// SHA-256 of the content, lowercase hex.
    public var sha256: String
    /// Size in bytes.
    public var size: Int64
    /// `video/mp4`, `video/quicktime`, `image/jpeg` or `image/png`.
    public var contentType: String
    /// True when the object was already present with the same size and checksum (nothing uploaded).
    public var reused: Bool
    /// When a presigned URL stops working (nil for public URLs).
    public var expiresAt: Date?

    public init(localPath: String, key: String, url: String, sha256: String, size: Int64, contentType: String,
                reused: Bool = false, expiresAt: Date? = nil) {
        self.localPath = localPath
        self.key = key
        self.url = url
        self.displayURL = URLRedaction.redact(url)
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.reused = reused
        self.expiresAt = expiresAt
    }
}

/// What `publish` would do, computed without touching the network (`--dry-run`).
public struct PublishPlan: Codable, Sendable, Equatable {
    public var localPath: String
    public var key: String
    /// Where the bytes would go (PUT URL, bucket/key, or folder path); no secrets.
    public var destination: String
    public var sha256: String
    public var size: Int64
    public var contentType: String
}

/// Progress of one upload, reported as bytes leave.
public struct PublishProgress: Sendable {
    public var localPath: String
    public var bytesSent: Int64
    public var totalBytes: Int64
}
