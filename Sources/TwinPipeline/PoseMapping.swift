public import Foundation
public import TwinMedia
import TwinSettings

/// How photos that the manifest and their names leave unmapped are put in pose order.
public enum PoseOrder: String, Sendable, CaseIterable, Codable {
    /// Numeric prefixes of the file names (`1.jpg` … `5.jpg`).
    case fileName = "file-name"
    /// EXIF `DateTimeOriginal`: the photos were taken in the profile's order.
    case captureTime = "capture-time"
    /// The faces themselves: mouth measures, assigned over the whole session (``PoseJudge``).
    case content
}

/// One photo put in one pose's place, and why.
public struct PoseAssignment: Sendable, Hashable {
    /// What decided the mapping, in order of precedence.
    public enum Source: String, Sendable, Codable {
        /// The `[poses]` table of `twin.toml`.
        case manifest
        /// The pose id or an alias is a word of the file name.
        case fileName = "file-name"
        /// The file name starts with a number.
        case numericPrefix = "numeric-prefix"
        /// The photo's place among the others by EXIF capture time.
        case captureTime = "capture-time"
        /// The photo's mouth, judged with the others (`--order content`).
        case content
    }

    /// The pose.
    public let pose: Pose
    /// The 1-based position of the pose in the profile (and of the photo in `calibrationImageUrls`).
    public let position: Int
    /// The photo.
    public let file: URL
    /// What decided it.
    public let source: Source
    /// A short note for people, such as `captured 2024:05:01 10:00:03`.
    public let note: String?
}

/// A finding about a session as a whole, optionally about one of its files.
public struct SessionFinding: Sendable, Hashable {
    /// The finding (code, severity, message).
    public let finding: Finding
    /// The file it concerns, if one.
    public let file: URL?

    public init(_ finding: Finding, file: URL? = nil) {
        self.finding = finding
        self.file = file
    }
}

/// The result of mapping a session's photos to the poses of a profile.
public struct PoseMapping: Sendable {
    /// The poses that have a photo, in profile order.
    public let assignments: [PoseAssignment]
    /// `missing-pose`, `duplicate-pose`, `unexpected-file` and manifest problems.
    public let findings: [SessionFinding]
    /// Photos that ended up mapped to no pose.
    public let unmatched: [URL]
    /// The profile the photos were mapped to.
    public let profile: PoseProfile

    /// The photos in `calibrationImageUrls` order, or nil unless every pose has exactly one photo.
    public var orderedPhotos: [URL]? {
        guard assignments.count == profile.poses.count else { return nil }
        return assignments.map(\.file)
    }
}

/// Maps photos to poses: the manifest first, then pose words in file names, then numeric prefixes
/// (or, with `--order capture-time`, EXIF capture times).
public struct PoseMapper: Sendable {
    /// The poses, in order.
    public let profile: PoseProfile
    /// How photos that neither the manifest nor their names map are ordered.
    public let order: PoseOrder

    public init(profile: PoseProfile = .builtIn, order: PoseOrder = .fileName) {
        self.profile = profile
        self.order = order
    }

    /// Maps `photos` (files of one session folder) to the profile's poses.
    ///
    /// - Parameters:
    ///   - photos: the session's image files.
    ///   - manifestPoses: the manifest's `[poses]` table resolved to files (pose word → file).
    ///   - captureTime: reads a photo's capture time; only called with `--order capture-time`.
    public func map(
        photos: [URL],
        manifestPoses: [(key: String, file: URL)] = [],
        captureTime: (URL) -> CaptureTime? = CaptureTime.read(from:),
        mouth: (URL) -> PoseMeasures? = PoseMeasures.read(photo:)
    ) -> PoseMapping {
        let poses = profile.poses
        var assigned: [Int: PoseAssignment] = [:]
        var contested: [Int: [URL]] = [:]  // pose → every photo that claims it
        var notes: [URL: String] = [:]     // why a photo ended up unused
        var findings: [SessionFinding] = []

        func assign(_ index: Int, _ file: URL, _ source: PoseAssignment.Source, note: String? = nil) {
            assigned[index] = PoseAssignment(pose: poses[index], position: index + 1, file: file, source: source, note: note)
        }
        func contest(_ index: Int, _ files: [URL]) {
            var claimants = contested[index] ?? assigned[index].map { [$0.file] } ?? []
            claimants.append(contentsOf: files.filter { !claimants.contains($0) })
            contested[index] = claimants
            assigned[index] = nil
        }
        func isTaken(_ file: URL) -> Bool {
            assigned.values.contains { $0.file == file } || contested.values.contains { $0.contains(file) }
        }
        func label(_ index: Int) -> String { "\(index + 1) '\(poses[index].id)' (\(poses[index].description))" }

        // 1. The manifest.
        for (key, file) in manifestPoses {
            guard let pose = profile.pose(named: key), let index = profile.position(of: pose) else {
                findings.append(SessionFinding(.error(.invalidManifest,
                    "\(SessionManifest.fileName) [poses] has '\(key)', which is no pose of the \(profile.source) profile (poses: "
                        + "\(poses.map(\.id).joined(separator: ", "))). Fix the key or choose \(setting: .poseProfile) that defines it.")))
                continue
            }
            if let earlier = assigned[index] {
                findings.append(SessionFinding(.error(.invalidManifest,
                    "\(SessionManifest.fileName) [poses] maps pose '\(pose.id)' twice (\(earlier.file.lastPathComponent) and "
                        + "\(file.lastPathComponent)); keep one line per pose.")))
                continue
            }
            if isTaken(file) {
                findings.append(SessionFinding(.error(.invalidManifest,
                    "\(SessionManifest.fileName) [poses] maps \(file.lastPathComponent) to more than one pose; each pose needs its own "
                        + "photo."), file: file))
                continue
            }
            assign(index, file, .manifest)
        }

        // 2. Pose words in file names.
        var leftover: [URL] = []
        var claims: [Int: [URL]] = [:]
        for photo in photos.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) where !isTaken(photo) {
            let matched = Set(Self.words(inStem: photo.deletingPathExtension().lastPathComponent)
                .compactMap { profile.pose(named: $0).flatMap(profile.position(of:)) })
            if matched.count == 1, let index = matched.first {
                if let manifest = assigned[index] {
                    notes[photo] = "its name says pose '\(poses[index].id)', but \(SessionManifest.fileName) maps that pose to "
                        + "\(manifest.file.lastPathComponent)"
                } else {
                    claims[index, default: []].append(photo)
                }
            } else if matched.count > 1 {
                notes[photo] = "its name matches several poses (\(matched.sorted().map { poses[$0].id }.joined(separator: ", ")))"
            } else {
                leftover.append(photo)
            }
        }
        for (index, files) in claims {
            if files.count == 1 { assign(index, files[0], .fileName) } else { contest(index, files) }
        }

        // 3. The order of the photos still left.
        switch order {
        case .captureTime:
            let open = poses.indices.filter { assigned[$0] == nil && contested[$0] == nil }
            var timed: [(URL, CaptureTime)] = []
            for photo in leftover {
                if let time = captureTime(photo) { timed.append((photo, time)) } else {
                    notes[photo] = "it has no EXIF DateTimeOriginal for \(setting: .captureTimeOrder)"
                }
            }
            timed.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.lastPathComponent < $1.0.lastPathComponent }
            for ((photo, time), index) in zip(timed, open) {
                assign(index, photo, .captureTime, note: "captured \(time)")
            }
        case .content:
            let open = poses.indices.filter { assigned[$0] == nil && contested[$0] == nil }
            var measured: [(URL, PoseMeasures)] = []
            for photo in leftover.prefix(8) {
                if let measures = mouth(photo) { measured.append((photo, measures)) } else {
                    // Its own findings say which: no face found, or a face check that could not run (never claimed as none).
                    notes[photo] = "no mouth could be measured in it for \(setting: .contentOrder) (see its face findings)"
                }
            }
            let neutral = assigned.values.first { $0.pose.id == "neutral" }.flatMap { mouth($0.file) }
            for (photo, pose, summary) in PoseJudge().assign(measured, to: open.map { poses[$0].id }, neutral: neutral) {
                if let index = open.first(where: { poses[$0].id == pose }) { assign(index, photo, .content, note: summary) }
            }
        case .fileName:
            let numbered = leftover.compactMap { photo in Self.numericPrefix(of: photo).map { (photo, $0) } }
            if numbered.allSatisfy({ (1...poses.count).contains($0.1) }) {
                // Numbers within 1…N are positions, so a gap shows up as the pose that is missing.
                for (number, group) in Dictionary(grouping: numbered, by: \.1).sorted(by: { $0.key < $1.key }) {
                    let index = number - 1
                    let files = group.map(\.0).sorted { $0.lastPathComponent < $1.lastPathComponent }
                    if let owner = assigned[index] {
                        for file in files {
                            notes[file] = "its number says pose '\(poses[index].id)', which \(owner.file.lastPathComponent) already has by "
                                + "\(owner.source == .manifest ? SessionManifest.fileName : "name")"
                        }
                    } else if contested[index] != nil {
                        for file in files { notes[file] = "its number says pose '\(poses[index].id)', which several photos claim" }
                    } else if files.count == 1 {
                        assign(index, files[0], .numericPrefix, note: "number \(number)")
                    } else {
                        contest(index, files)
                    }
                }
            } else {
                let open = poses.indices.filter { assigned[$0] == nil && contested[$0] == nil }
                let sorted = numbered.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.lastPathComponent < $1.0.lastPathComponent }
                for ((photo, number), index) in zip(sorted, open) {
                    assign(index, photo, .numericPrefix, note: "number \(number), in order")
                }
            }
        }

        // 4. What is contested, missing, and left over.
        let unused = photos.filter { !isTaken($0) }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        for (index, files) in contested.sorted(by: { $0.key < $1.key }) {
            findings.append(SessionFinding(.error(.duplicatePose,
                "pose \(label(index)) is claimed by \(files.count) photos: \(files.map(\.lastPathComponent).joined(separator: ", ")). Keep "
                    + "one, or say which in \(SessionManifest.fileName) [poses].")))
        }
        for index in poses.indices where assigned[index] == nil && contested[index] == nil {
            let example = "\(String(format: "%02d", index + 1))-\(poses[index].id).jpg"
            let hint = unused.isEmpty
                ? "Add a photo named after the pose, such as \(example)."
                : "Unmatched photos: \(unused.map(\.lastPathComponent).joined(separator: ", ")). Name the photo after the pose (such as "
                    + "\(example)), map it in \(SessionManifest.fileName) [poses]"
                    + (order == .fileName ? ", or choose \(setting: .captureTimeOrder), by the photos' EXIF time." : ".")
            findings.append(SessionFinding(.error(.missingPose, "no photo for pose \(label(index)). \(hint)")))
        }
        for photo in unused {
            let reason = notes[photo] ?? "it matches no pose of the \(profile.source) profile by name or number"
            findings.append(SessionFinding(.warning(.unexpectedFile, "\(photo.lastPathComponent) is not used: \(reason)."), file: photo))
        }
        let assignments = poses.indices.compactMap { assigned[$0] }
        return PoseMapping(assignments: assignments, findings: findings, unmatched: unused, profile: profile)
    }

    /// The words of a file stem, lower-cased: split at anything not a letter or digit, between
    /// letters and digits, and before an upper-case letter that follows a lower-case one.
    public static func words(inStem stem: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in stem {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previous = nil
                continue
            }
            if let previous, !current.isEmpty,
               previous.isNumber != character.isNumber || (previous.isLowercase && character.isUppercase) {
                words.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    /// The number a file stem starts with (`02-ooh` → 2), if it starts with a digit.
    public static func numericPrefix(of file: URL) -> Int? {
        let digits = file.deletingPathExtension().lastPathComponent.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        return Int(digits)
    }
}
