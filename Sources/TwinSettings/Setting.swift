import Foundation

/// A setting that a message asks the user to check or change, or a follow-up it asks them to take, as a typed value.
///
/// The library names each in words (``phrase``), never by a flag or command: only a front end knows where a setting
/// comes from. A front end says so once, at start, through ``SettingNames/bootstrap(_:)`` (the way an executable
/// bootstraps swift-log), and from then on every message that names a setting names it that way too:
/// `check the API URL (--api-url or CAPTIONS_API_URL)`, in errors, findings, reports and the journal alike.
///
/// Errors that ask for a setting also carry it (`TwinAPIError.setting`, `PublishError.setting`), so a program can
/// act on it without reading the message.
public enum Setting: String, CaseIterable, Codable, Sendable {
    /// Where the AI Twin API is.
    case apiURL
    /// The key sent with every API call.
    case apiKey
    /// How many API requests are sent per second.
    case apiRequestRate
    /// The region an S3 bucket's requests are signed for.
    case s3Region
    /// Where files are published (an S3 bucket, a WebDAV server or a folder).
    case publishTarget
    /// The http(s) URL at which a web server serves a publish folder.
    case publicBaseURL
    /// The profile that lists the poses and their order.
    case poseProfile
    /// Ordering photos into poses by their EXIF capture time.
    case captureTimeOrder
    /// Ordering photos into poses by what their faces show.
    case contentOrder
    /// The twins the account holds (`/list`): where to look before creating a twin again.
    case twinList
    /// Taking failed sessions of a batch up again.
    case failedSessionsRetry

    /// How a message names it, without saying where it is set: "the API URL".
    public var phrase: String {
        switch self {
        case .apiURL: "the API URL"
        case .apiKey: "the API key"
        case .apiRequestRate: "the API request rate"
        case .s3Region: "the S3 region"
        case .publishTarget: "a publish target"
        case .publicBaseURL: "a public base URL"
        case .poseProfile: "the pose profile"
        case .captureTimeOrder: "the capture-time order"
        case .contentOrder: "the content order"
        case .twinList: "the list of twins"
        case .failedSessionsRetry: "retrying failed sessions"
        }
    }
}

/// Where each ``Setting`` is set, as the front end in this process tells it: read when a message names a setting.
public enum SettingNames {
    /// Says, for a setting, where it is set ("--api-url or CAPTIONS_API_URL"), or nil to name it by its phrase alone.
    public typealias Naming = @Sendable (Setting) -> String?

    private static let lock = NSLock()
    nonisolated(unsafe) private static var naming: Naming?

    /// Tells the library where this front end sets each setting. Call it once, at start, before any work; a later call
    /// replaces the naming. Without it, messages name settings by their phrase alone.
    public static func bootstrap(_ naming: @escaping Naming) {
        lock.withLock { self.naming = naming }
    }

    /// The setting as a message names it: its phrase, followed by where it is set when the front end said so.
    public static func mention(_ setting: Setting) -> String {
        mention(setting, naming: lock.withLock { naming })
    }

    /// The setting as a message names it under `naming`: "the API URL (--api-url or CAPTIONS_API_URL)".
    public static func mention(_ setting: Setting, naming: Naming?) -> String {
        guard let place = naming?(setting), !place.isEmpty else { return setting.phrase }
        return "\(setting.phrase) (\(place))"
    }
}

extension DefaultStringInterpolation {
    /// `"check \(setting: .apiURL)"`: the setting's phrase, and where it is set once the front end has said so.
    public mutating func appendInterpolation(setting: Setting) {
        appendLiteral(SettingNames.mention(setting))
    }
}
