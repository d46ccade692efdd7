public import Foundation
import TwinHTTP

/// The body of `/create`: a twin's name, its video and its calibration photos, all as public URLs.
public struct CreateTwinRequest: Codable, Sendable, Equatable {
    /// The twin's name; the service lists it as `twin-<n>-<name>`.
    public var name: String
    /// A public http(s) URL of the MP4/MOV training video.
    public var videoUrl: URL
    /// The script language, one of `/supported-languages`; the service defaults to English.
    public var language: String?
    /// Public http(s) URLs of the calibration photos, in pose order.
    public var calibrationImageUrls: [URL]

    public init(name: String, videoUrl: URL, language: String? = nil, calibrationImageUrls: [URL]) {
        self.name = name
        self.videoUrl = videoUrl
        self.language = language
        self.calibrationImageUrls = calibrationImageUrls
    }

    private enum CodingKeys: String, CodingKey {
        case name, videoUrl, language, calibrationImageUrls
    }

    // URLs go over the wire as plain strings whatever the encoder's defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        videoUrl = try Self.url(try container.decode(String.self, forKey: .videoUrl), key: .videoUrl, in: container)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        calibrationImageUrls = try container.decode([String].self, forKey: .calibrationImageUrls).map {
            try Self.url($0, key: .calibrationImageUrls, in: container)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(videoUrl.absoluteString, forKey: .videoUrl)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encode(calibrationImageUrls.map(\.absoluteString), forKey: .calibrationImageUrls)
    }

    private static func url(
        _ string: String, key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> URL {
        guard let url = URL(string: string) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a URL: \(string)")
        }
        return url
    }

    /// The checks the client makes before sending, as sentences; empty when the request is fine.
    ///
    /// - Parameter supportedLanguages: the service's languages, when known.
    public func problems(supportedLanguages: [String]? = nil) -> [String] {
        var problems: [String] = []
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("the twin name is empty")
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append("the twin name contains control characters")
        }
        if let problem = Self.urlProblem(videoUrl, role: "video URL") { problems.append(problem) }
        if calibrationImageUrls.isEmpty {
            problems.append("at least one calibration image URL is required")
        }
        for url in calibrationImageUrls {
            if let problem = Self.urlProblem(url, role: "image URL") { problems.append(problem) }
        }
        if let language, let supportedLanguages, !supportedLanguages.isEmpty,
           !supportedLanguages.contains(where: { $0.caseInsensitiveCompare(language) == .orderedSame }) {
            problems.append("language '\(language)' is not supported; choose one of: \(supportedLanguages.joined(separator: ", "))")
        }
        return problems
    }

    /// Why `url` cannot be a media URL (TwinHTTP's one http(s) check), or nil.
    static func urlProblem(_ url: URL, role: String) -> String? {
        url.isHTTP ? nil : "the \(role) \(url.absoluteString) is not an http(s) URL with a host; publish the file first"
    }
}
