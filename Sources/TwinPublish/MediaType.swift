import Foundation
import TwinFiles

/// The media type a file is published with (TwinFiles' ``InternetMediaType`` table), as a publishing error.
enum MediaType {
    /// The content type for `file`'s extension.
    ///
    /// - Throws: `PublishError` `.unsupportedMediaType` for anything else.
    static func of(_ file: URL) throws -> String {
        let ext = file.pathExtension
        guard let type = InternetMediaType.forExtension(ext) else {
            throw PublishError(.unsupportedMediaType, "\(file.path): '.\(ext.lowercased())' is not a supported media file"
                               + " (use \(InternetMediaType.extensionList))")
        }
        return type
    }
}
