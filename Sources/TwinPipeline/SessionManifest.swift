internal import Foundation
internal import TOMLKit
internal import TwinFiles

/// The optional `twin.toml` in a session folder.
///
/// ```toml
/// name = "sam"
/// language = "English"
/// video = "take-2.mov"
///
/// [poses]
/// neutral = "IMG_0101.jpg"
/// teeth = "IMG_0104.jpg"
/// ```
///
/// Every key is optional. Other tables (such as `[publish]`) are left to the layers that own them.
public struct SessionManifest: Sendable, Equatable {
    /// The manifest's file name inside a session folder.
    public static let fileName = "twin.toml"
    /// The most a manifest may hold: it is a few lines.
    public static let maxFileBytes = 64 * 1024

    /// The twin's name; the folder's name when absent.
    public var name: String?
    /// The language passed to `/create`.
    public var language: String?
    /// The video's file name, relative to the session folder.
    public var video: String?
    /// Pose id (or alias) to file name, relative to the session folder.
    public var poses: [String: String]

    public init(name: String? = nil, language: String? = nil, video: String? = nil, poses: [String: String] = [:]) {
        self.name = name
        self.language = language
        self.video = video
        self.poses = poses
    }

    /// Whether `text` is a session's manifest: TOML with any session key (`name`, `language`, `video`, `[poses]`).
    ///
    /// A session folder comes from someone else; its `[publish]` table must never choose where credentials go.
    public static func describesSession(_ text: String) -> Bool {
        guard TOMLGuard.problem(in: text) == nil, let table = try? TOMLTable(string: text) else { return false }
        return ["name", "language", "video", "poses"].contains { table.contains(key: $0) }
    }

    /// Parses manifest text; problems come back as human-readable reasons, not a throw, so that a
    /// broken manifest becomes an `invalid-manifest` finding of its session.
    static func parse(_ text: String) -> Result<SessionManifest, ManifestProblem> {
        if let problem = TOMLGuard.problem(in: text) {
            return .failure(ManifestProblem(reason: "not valid TOML: \(problem)"))
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return .failure(ManifestProblem(reason: "not valid TOML: \(error.description) at line \(error.source.begin.line)"))
        } catch {
            return .failure(ManifestProblem(reason: "not valid TOML: \(error)"))
        }
        var manifest = SessionManifest()
        for key in ["name", "language", "video"] {
            guard let value = table[key] else { continue }
            guard let string = value.string, !string.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .failure(ManifestProblem(reason: "\(key) must be a non-empty string, like \(key) = \"…\""))
            }
            switch key {
            case "name": manifest.name = string
            case "language": manifest.language = string
            default: manifest.video = string
            }
        }
        if let value = table["poses"] {
            guard let poses = value.table else {
                return .failure(ManifestProblem(reason: "poses must be a table: [poses] then lines like neutral = \"photo.jpg\""))
            }
            for key in poses.keys {
                guard let file = poses[key]?.string, !file.isEmpty else {
                    return .failure(ManifestProblem(reason: "[poses] \(key) must be a file name string, like \(key) = \"photo.jpg\""))
                }
                manifest.poses[key] = file
            }
        }
        return .success(manifest)
    }
}

struct ManifestProblem: Error {
    let reason: String
}
