import Foundation

/// The media types the AI Twin API accepts, by file extension.
enum MediaType {
    static let byExtension: [String: String] = [
        "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
    ]

    /// The content type for `file`'s extension.
    ///
    /// - Throws: `PublishError` `.unsupportedMediaType` for anything else.
    static func of(_ file: URL) throws -> String {
        let ext = file.pathExtension.lowercased()
        guard let type = byExtension[ext] else {
            throw PublishError(.unsupportedMediaType,
                               "\(file.path): '.\(ext)' is not a supported media file (use .mp4, .mov, .jpg, .jpeg or .png)")
        }
        return type
    }

    /// Whether `received` (a `Content-Type` header) names `expected`, ignoring parameters and case.
    static func matches(_ received: String?, _ expected: String) -> Bool {
        guard let received else { return false }
        let type = received.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == expected.lowercased()
    }
}
