public import Foundation
internal import TOMLKit
internal import TwinFiles

/// One calibration pose: a stable id, the other words a file name may use for it, and what the
/// person does in the photo.
public struct Pose: Sendable, Hashable, Codable {
    /// The pose id, a lower-case word such as `teeth`.
    public var id: String
    /// Other words that name this pose in a file name, such as `grin` for `teeth`.
    public var aliases: [String]
    /// One line telling the person in front of the camera what to do.
    public var description: String

    public init(id: String, aliases: [String] = [], description: String) {
        self.id = id
        self.aliases = aliases
        self.description = description
    }
}

/// The ordered sequence of poses that `calibrationImageUrls` follows.
///
/// The API takes the calibration photos as an ordered list; the order is the profile's. A profile
/// is TOML (an array of `[[pose]]` tables, in order), and `--poses FILE` replaces the built-in one.
public struct PoseProfile: Sendable, Hashable {
    /// The poses, in the order the API expects their photos.
    public let poses: [Pose]
    /// Where the profile came from: `built-in` or a file path.
    public let source: String

    private let lookup: [String: Int]

    /// The built-in five mouth poses: neutral, ooh, teeth, aah, pursed.
    public static let builtIn: PoseProfile = {
        do {
            return try PoseProfile(poses: [
                Pose(id: "neutral", aliases: ["rest", "relaxed", "closed"], description: "neutral face"),
                Pose(id: "ooh", aliases: ["oo", "ooo", "oooh", "ou"], description: "saying \"ooh\""),
                Pose(id: "teeth", aliases: ["grin", "smile", "teethy"], description: "top and bottom teeth showing"),
                Pose(id: "aah", aliases: ["ah", "aa", "aaa", "aaah", "open"], description: "saying \"aah\""),
                Pose(id: "pursed", aliases: ["purse", "pucker", "puckered", "kiss"], description: "lips fully pursed"),
            ], source: "built-in")
        } catch {
            preconditionFailure("the built-in pose profile is invalid: \(error)")
        }
    }()

    /// Makes a profile, checking that ids and aliases are unique words.
    ///
    /// - Throws: ``PipelineError`` with code `invalid-pose-profile` naming the offending entry.
    public init(poses: [Pose], source: String = "custom") throws(PipelineError) {
        func fail(_ reason: String) -> PipelineError {
            PipelineError(.invalidPoseProfile, "pose profile \(source): \(reason)")
        }
        guard !poses.isEmpty else { throw fail("it has no poses; add at least one [[pose]] table") }
        var lookup: [String: Int] = [:]
        for (index, pose) in poses.enumerated() {
            for word in [pose.id] + pose.aliases {
                let key = word.lowercased()
                guard Self.isPoseWord(key) else {
                    throw fail("'\(word)' (pose \(index + 1)) must be one word of letters and digits starting with a letter, "
                               + "since it is matched as a word of a file name")
                }
                if let other = lookup[key] {
                    throw fail("'\(word)' names both pose '\(poses[other].id)' and pose '\(pose.id)'; every id and alias must be unique")
                }
                lookup[key] = index
            }
            guard !pose.description.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("pose '\(pose.id)' needs a description (one line telling the person what to do)")
            }
        }
        self.poses = poses
        self.source = source
        self.lookup = lookup
    }

    /// Parses a profile from TOML text.
    ///
    /// ```toml
    /// [[pose]]
    /// id = "neutral"
    /// aliases = ["rest"]
    /// description = "neutral face"
    /// ```
    public init(toml: String, source: String = "custom") throws(PipelineError) {
        if let problem = TOMLGuard.problem(in: toml) {
            throw PipelineError(.invalidPoseProfile, "pose profile \(source): not valid TOML: \(problem)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw PipelineError(.invalidPoseProfile,
                                "pose profile \(source): not valid TOML: \(error.description) at line \(error.source.begin.line)")
        } catch {
            throw PipelineError(.invalidPoseProfile, "pose profile \(source): not valid TOML: \(error)")
        }
        func fail(_ reason: String) -> PipelineError {
            PipelineError(.invalidPoseProfile, "pose profile \(source): \(reason)")
        }
        for key in table.keys where key != "pose" && key != "name" {
            throw fail("unknown key '\(key)'; a profile is a list of [[pose]] tables")
        }
        guard let array = table["pose"]?.array else {
            throw fail("no [[pose]] tables; each pose needs id, description and optional aliases")
        }
        var poses: [Pose] = []
        for (index, element) in array.enumerated() {
            guard let entry = element.table else { throw fail("pose \(index + 1) is not a table") }
            for key in entry.keys where !["id", "aliases", "description"].contains(key) {
                throw fail("pose \(index + 1) has unknown key '\(key)' (expected id, aliases, description)")
            }
            guard let id = entry["id"]?.string else { throw fail("pose \(index + 1) needs id = \"…\"") }
            guard let description = entry["description"]?.string else {
                throw fail("pose '\(id)' needs description = \"…\"")
            }
            var aliases: [String] = []
            if let value = entry["aliases"] {
                guard let list = value.array else { throw fail("pose '\(id)': aliases must be an array of strings") }
                for alias in list {
                    guard let text = alias.string else { throw fail("pose '\(id)': aliases must be an array of strings") }
                    aliases.append(text)
                }
            }
            poses.append(Pose(id: id.lowercased(), aliases: aliases.map { $0.lowercased() }, description: description))
        }
        try self.init(poses: poses, source: source)
    }

    /// Reads a profile from a TOML file (`--poses FILE`).
    public init(contentsOf file: URL) throws(PipelineError) {
        let text: String
        do {
            text = try BoundedFile.readText(file, limit: 64 * 1024)
        } catch {
            throw PipelineError(.invalidPoseProfile, "pose profile: \(error); check the path")
        }
        try self.init(toml: text, source: file.path)
    }

    /// The pose whose id or alias is `word` (case-insensitive), if any.
    public func pose(named word: String) -> Pose? {
        lookup[word.lowercased()].map { poses[$0] }
    }

    /// The 0-based position of the pose in the profile's order.
    public func position(of pose: Pose) -> Int? {
        lookup[pose.id]
    }

    /// The profile as TOML that `--poses` reads back.
    public var tomlText: String {
        var lines = ["# Pose profile (\(source)): calibrationImageUrls follow this order."]
        for pose in poses {
            lines.append("")
            lines.append("[[pose]]")
            lines.append("id = \(Self.quoted(pose.id))")
            lines.append("aliases = [\(pose.aliases.map(Self.quoted).joined(separator: ", "))]")
            lines.append("description = \(Self.quoted(pose.description))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func == (lhs: PoseProfile, rhs: PoseProfile) -> Bool { lhs.poses == rhs.poses }
    public func hash(into hasher: inout Hasher) { hasher.combine(poses) }

    static func isPoseWord(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first.isASCIILetter else { return false }
        return word.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
