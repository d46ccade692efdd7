import Foundation

/// The seam between the sandbox and the media validator: a file in, the reasons it would be refused out.
///
/// Until the validator lands this only refuses empty files; it then calls `MediaValidator`.
struct MediaCheck: Sendable {
    let problems: @Sendable (URL) async -> [String]

    static let validator = MediaCheck { file in
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        return size > 0 ? [] : ["the file is empty"]
    }
}
