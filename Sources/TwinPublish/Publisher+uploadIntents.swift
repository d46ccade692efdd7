public import Foundation

/// What an upload may leave on a target if the process is killed while it runs, recorded before it starts.
public struct UploadIntent: Sendable, Hashable, Codable {
    /// The object's final key, once known (it is the content address, so it needs the file hashed first).
    public var key: String?
    /// A temporary name in the target (WebDAV `.incoming-*`), relative to the collection.
    public var temporary: String?
    /// The S3 multipart upload id, once CreateMultipartUpload answered.
    public var uploadID: String?

    public init(key: String? = nil, temporary: String? = nil, uploadID: String? = nil) {
        self.key = key
        self.temporary = temporary
        self.uploadID = uploadID
    }
}

extension Publisher {
    /// For publishers that record no intent: they leave nothing a later run could find and sweep.
    public func publish(
        _ file: URL, recordingIntent recordIntent: @Sendable (UploadIntent) async throws -> Void
    ) async throws -> PublishedObject {
        try await publish(file)
    }

    public var intentTarget: String { "\(type(of: self))" }

    public func sweep(_ intent: UploadIntent) async throws -> Int { 0 }
}
