import Foundation
import TwinHTTP
import TwinSettings

/// How to publish: endpoint, region, addressing, URL kind, multipart tuning, retries.
///
/// Build it from a `twin.toml` `[publish]` table and command-line flags with
/// ``init(toml:overrides:)``; flags override the file. Secrets never come from here.
public struct PublishOptions: Sendable {
    /// S3 addressing: `bucket.host` (virtual) or `host/bucket` (path).
    public enum Addressing: String, Sendable, CaseIterable, Codable { case path, virtual }

    /// A custom S3 endpoint (`http://127.0.0.1:9000`, `https://ACCOUNT.r2.cloudflarestorage.com`); nil for AWS.
    public var s3Endpoint: String?
    /// The S3 region; nil to resolve from `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile, else `us-east-1`.
    public var region: String?
    /// nil for automatic: path-style with a custom endpoint, virtual-host style on AWS.
    public var addressing: Addressing?
    /// How long presigned GET URLs stay valid (S3 allows at most 7 days).
    public var presignExpiry: Duration = .seconds(24 * 3600)
    /// Hand out public URLs under this base instead of presigned ones. It is the public URL of the
    /// target's root: the bucket (S3), the target collection (WebDAV), the folder (file).
    public var publicBaseURL: String?
    /// S3 multipart part size; files larger than this are uploaded in parts (at least 5 MiB).
    public var partSize: Int64 = 16 << 20
    /// How many parts upload at once.
    public var concurrency: Int = 4
    /// Attempts per request when the server answers 5xx/429 or the connection drops.
    public var maxAttempts: Int = 5
    /// The first retry waits about this long; each further one twice as long (with jitter, at most 10 s).
    public var retryBaseDelay: Duration = .milliseconds(250)
    /// Timeout of requests without a large body (HEAD, DELETE, MKCOL, verification GET).
    public var requestTimeout: Duration = .seconds(30)
    /// WebDAV files at least this large upload to a temporary name while they are hashed, then are
    /// moved onto their content address (hashing no longer adds to the upload time).
    public var overlapThreshold: Int64 = 64 << 20
    /// Verify each URL after publishing with an unauthenticated ranged GET, as the API will fetch it.
    public var verifiesURLs: Bool = true
    /// Called as bytes leave (for a progress bar).
    public var progress: (@Sendable (PublishProgress) -> Void)?

    public init() {}

    /// Options from a `twin.toml` text (its `[publish]` table, if any) overridden by `overrides` (flags).
    ///
    /// - Throws: `PublishError` `.invalidOption` naming the key and the accepted values.
    public init(toml: String?, overrides: PublishSettings = PublishSettings()) throws {
        let file = try toml.map(PublishSettings.init(toml:)) ?? PublishSettings()
        try self.init(settings: file.overriding(with: overrides))
    }

    /// Options from merged settings.
    public init(settings: PublishSettings) throws {
        s3Endpoint = settings.s3Endpoint
        region = settings.region
        if let value = settings.s3Addressing {
            guard let addressing = Addressing(rawValue: value.lowercased()) else {
                throw PublishError(.invalidOption, "s3-addressing '\(value)': expected path or virtual")
            }
            self.addressing = addressing
        }
        if let value = settings.presign { presignExpiry = try Self.parseDuration(value, option: "presign") }
        if let value = settings.publicBaseURL {
            guard URL.http(value) != nil else {
                throw PublishError(.invalidOption, "public-base-url '\(value)': expected an http(s):// URL")
            }
            publicBaseURL = value
        }
        if let value = settings.partSize { partSize = try Self.parseSize(value, option: "part-size") }
        if let value = settings.concurrency { concurrency = value }
        if let value = settings.verify { verifiesURLs = value }
        if let endpoint = s3Endpoint {
            guard URL.http(endpoint) != nil else {
                throw PublishError(.invalidOption, "s3-endpoint '\(endpoint)': expected an http(s):// URL such as http://127.0.0.1:9000")
            }
        }
        try validate()
    }

    /// Checks ranges: presign expiry 1 s…7 days, part size ≥ 5 MiB, concurrency 1…64, attempts ≥ 1.
    public func validate() throws {
        let seconds = presignExpiry.components.seconds
        guard (1...604_800).contains(seconds) else {
            throw PublishError(.invalidOption, "presign \(seconds)s: S3 presigned URLs last between 1 second and 7 days (7d)")
        }
        guard partSize >= 5 << 20 else {
            throw PublishError(.invalidOption, "part-size \(partSize) bytes: S3 parts must be at least 5 MiB")
        }
        guard (1...64).contains(concurrency) else {
            throw PublishError(.invalidOption, "concurrency \(concurrency): expected 1 to 64")
        }
        guard maxAttempts >= 1 else { throw PublishError(.invalidOption, "at least one attempt is needed") }
    }

    /// Parses `90`, `90s`, `15m`, `24h`, `7d` (seconds when unitless).
    public static func parseDuration(_ text: String, option: String = "duration") throws -> Duration {
        guard let value = scaled(text, units: [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]) else {
            throw PublishError(.invalidOption, "\(option) '\(text)': expected a duration such as 3600, 90m, 24h or 7d")
        }
        return .seconds(value)
    }

    /// Parses `16777216`, `16MiB`, `16MB`, `16M`, `512KiB` (binary units).
    public static func parseSize(_ text: String, option: String = "size") throws -> Int64 {
        let units: [(String, Int64)] = [
            ("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
            ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1),
        ]
        guard let value = scaled(text, units: units) else {
            throw PublishError(.invalidOption, "\(option) '\(text)': expected a size such as 16MiB or 8388608")
        }
        return value
    }

    /// A positive number with an optional unit suffix (the first matching one), times the unit; nil if malformed.
    private static func scaled(_ text: String, units: [(String, Int64)]) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var number = Substring(trimmed)
        var scale: Int64 = 1
        if let (suffix, factor) = units.first(where: { trimmed.hasSuffix($0.0) }) {
            number = trimmed.dropLast(suffix.count)
            scale = factor
        }
        guard let value = Int64(number.trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}

/// Publishing settings as written in `twin.toml` (`[publish]`) or given as flags; every field optional.
///
/// Keys in the file are the flag names: `to`, `s3-endpoint`, `region`, `s3-addressing`, `presign`,
/// `public-base-url`, `part-size`, `concurrency`, `verify`.
public struct PublishSettings: Sendable, Equatable, Codable {
    public var to: String?
    public var s3Endpoint: String?
    public var region: String?
    public var s3Addressing: String?
    public var presign: String?
    public var publicBaseURL: String?
    public var partSize: String?
    public var concurrency: Int?
    public var verify: Bool?

    enum CodingKeys: String, CodingKey {
        case to, region, presign, concurrency, verify
        case s3Endpoint = "s3-endpoint", s3Addressing = "s3-addressing", publicBaseURL = "public-base-url", partSize = "part-size"
    }

    public init(to: String? = nil, s3Endpoint: String? = nil, region: String? = nil, s3Addressing: String? = nil,
                presign: String? = nil, publicBaseURL: String? = nil, partSize: String? = nil,
                concurrency: Int? = nil, verify: Bool? = nil) {
        self.to = to
        self.s3Endpoint = s3Endpoint
        self.region = region
        self.s3Addressing = s3Addressing
        self.presign = presign
        self.publicBaseURL = publicBaseURL
        self.partSize = partSize
        self.concurrency = concurrency
        self.verify = verify
    }

    /// The `[publish]` table of a `twin.toml` text (empty settings when there is none).
    ///
    /// - Throws: `PublishError` `.invalidOption` when the TOML does not parse or a value has the wrong type.
    public init(toml: String) throws {
        self = try PublishSettings.decode(toml: toml)
    }

    /// Each field of `flags` that is set replaces this one's.
    public func overriding(with flags: PublishSettings) -> PublishSettings {
        PublishSettings(
            to: flags.to ?? to, s3Endpoint: flags.s3Endpoint ?? s3Endpoint, region: flags.region ?? region,
            s3Addressing: flags.s3Addressing ?? s3Addressing, presign: flags.presign ?? presign,
            publicBaseURL: flags.publicBaseURL ?? publicBaseURL, partSize: flags.partSize ?? partSize,
            concurrency: flags.concurrency ?? concurrency, verify: flags.verify ?? verify
        )
    }

    /// The parsed `to` target.
    ///
    /// - Throws: `PublishError` `.invalidTarget` when it is missing or malformed.
    public func target() throws -> PublishTarget {
        guard let to else {
            throw PublishError(.invalidTarget, "no target: set \(setting: .publishTarget), s3://BUCKET/PREFIX (or webdav+https://…, "
                + "file:///PATH), or `to` in twin.toml [publish]", setting: .publishTarget)
        }
        return try PublishTarget(parsing: to)
    }
}
