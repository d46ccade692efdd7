import Foundation

/// The Internet media types (`Content-Type`) of the files the AI Twin API takes, by file extension: the one table
/// the publishers, the static file server and the sandbox's downloader share.
public enum InternetMediaType {
    /// Every extension (lower-case) a published file may have, with its media type; the first extension of a type
    /// is the one a file of that type is given.
    public static let extensions: [(fileExtension: String, mediaType: String)] = [
        ("mp4", "video/mp4"), ("m4v", "video/mp4"), ("mov", "video/quicktime"),
        ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("png", "image/png"),
    ]

    /// The media type of a file extension (any case), or nil for a file the API does not take.
    public static func forExtension(_ fileExtension: String) -> String? {
        let lowered = fileExtension.lowercased()
        return extensions.first { $0.fileExtension == lowered }?.mediaType
    }

    /// The extension (without the dot) a file of `contentType` is given; parameters and case are ignored.
    public static func preferredExtension(forContentType contentType: String) -> String? {
        let type = essence(of: contentType)
        return extensions.first { $0.mediaType == type }?.fileExtension
    }

    /// Whether `received` (a `Content-Type` header) names `expected`, ignoring parameters and case.
    public static func matches(_ received: String?, _ expected: String) -> Bool {
        guard let received else { return false }
        return essence(of: received) == expected.lowercased()
    }

    /// The accepted extensions for a message: `.mp4, .m4v, .mov, .jpg, .jpeg or .png`.
    public static var extensionList: String {
        let names = extensions.map { ".\($0.fileExtension)" }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    /// `type/subtype` of a `Content-Type`, lower-case, without parameters.
    private static func essence(of contentType: String) -> String {
        (contentType.split(separator: ";").first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}
