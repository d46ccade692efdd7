import Foundation

/// Where files are published: an S3 bucket and prefix, a WebDAV collection, or a served folder.
public struct PublishTarget: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `s3://BUCKET/PREFIX`
        case s3(bucket: String, prefix: String)
        /// `webdav+http(s)://HOST/PATH`: `collection` is the plain `http(s)://HOST/PATH` URL, without a trailing slash.
        case webDAV(collection: String)
        /// `file:///PATH`
        case folder(path: String)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// Parses `s3://BUCKET/PREFIX`, `webdav+http://…`, `webdav+https://…` or `file:///PATH`.
    ///
    /// - Throws: `PublishError` `.invalidTarget` with the accepted forms.
    public init(parsing text: String) throws {
        let accepted = "expected s3://BUCKET/PREFIX, webdav+https://HOST/PATH, webdav+http://HOST/PATH or file:///PATH"
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower.hasPrefix("s3://") {
            let rest = trimmed.dropFirst(5)
            let bucket = String(rest.prefix { $0 != "/" })
            let prefix = rest.dropFirst(bucket.count).split(separator: "/").joined(separator: "/")
            guard Self.isValidBucket(bucket) else {
                throw PublishError(.invalidTarget, "'\(bucket)' is not a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-'); "
                    + "\(accepted)")
            }
            kind = .s3(bucket: bucket, prefix: prefix)
        } else if lower.hasPrefix("webdav+http://") || lower.hasPrefix("webdav+https://") {
            let plain = String(trimmed.dropFirst("webdav+".count))
            guard let url = URL(string: plain), let host = url.host, !host.isEmpty, url.query == nil else {
                throw PublishError(.invalidTarget, "'\(URLRedaction.redact(trimmed))' is not a valid WebDAV URL; \(accepted)")
            }
            guard url.user == nil, url.password == nil else {
                throw PublishError(.invalidTarget, "put WebDAV credentials in TWIN_WEBDAV_USER and TWIN_WEBDAV_PASSWORD, not in the URL")
            }
            var collection = plain
            while collection.hasSuffix("/") { collection.removeLast() }
            kind = .webDAV(collection: collection)
        } else if lower.hasPrefix("file://") {
            guard let url = URL(string: trimmed), url.isFileURL, url.path.hasPrefix("/"),
                  url.host == nil || url.host == "" || url.host == "localhost" else {
                throw PublishError(.invalidTarget, "'\(trimmed)' is not a local folder URL; \(accepted)")
            }
            kind = .folder(path: url.path)
        } else {
            throw PublishError(.invalidTarget, "unknown target '\(URLRedaction.redact(trimmed))'; \(accepted)")
        }
    }

    static func isValidBucket(_ name: String) -> Bool {
        (3...63).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }
            && name.first!.isLetterOrDigit && name.last!.isLetterOrDigit
    }

    public var description: String {
        switch kind {
        case let .s3(bucket, prefix): prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)"
        case let .webDAV(collection): "webdav+\(collection)"
        case let .folder(path): "file://\(path)"
        }
    }
}

extension Character {
    fileprivate var isLetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
