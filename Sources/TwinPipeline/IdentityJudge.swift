internal import Foundation
public import TwinFaces
public import TwinMedia

/// One person per session, and who each session holds: compares the faces' descriptors within a session
/// (`different-person`, `several-people-in-video`) and across the sessions of one run (`same-person`,
/// `shared-media`). Descriptors stay in memory; only distances reach the reports.
public struct IdentityJudge: Sendable {
    /// The largest descriptor distance at which two faces count as one person.
    public var maxDistance: Double

    public init(maxDistance: Double = FaceProfile.builtIn.maxIdentityDistance) {
        self.maxDistance = maxDistance
    }

    /// A session's reference face: the median descriptor of the video's analysed frames, or without them the
    /// neutral photo's descriptor.
    public struct Reference: Sendable, Hashable {
        /// The report path of the file the reference comes from.
        public var file: String
        public var descriptor: FaceDescriptor
        /// Whether the reference is the video's face (the notes then say "as the video").
        public var fromVideo: Bool
    }

    /// What judging one session's faces found.
    struct Verdict {
        var reference: Reference?
        var findings: [Finding] = []
    }

    /// The reference face of a video's frames: their element-wise median. Any list of analysed frames (the
    /// face check's keyframes, frames sampled while the person speaks) feeds it unchanged.
    public static func reference(ofFrames descriptors: [FaceDescriptor]) -> FaceDescriptor? {
        FaceDescriptor.median(descriptors)
    }

    /// Judges `session`'s files (their reports in `reports`, in `session.mediaFiles` order): sets each file's
    /// `identity`, adds `different-person` to photos of another person and `several-people-in-video` to a video
    /// whose frames disagree, and returns the session's reference with its findings.
    func judge(_ session: Session, reports: inout [FileReport]) -> Verdict {
        var verdict = Verdict()
        let identities = reports.compactMap(\.faceIdentity)
        guard !identities.isEmpty else { return verdict }  // the face checks are off: so is this one
        if let problem = identities.lazy.compactMap(\.problem).first {
            verdict.findings.append(.warning(.identityNotChecked, "Whether the video and every photo show one person "
                + "was not checked: \(problem)."))
            return verdict
        }
        var index: [URL: Int] = [:]
        for (position, file) in session.mediaFiles.enumerated() { index[file] = position }
        let videoIndex = session.video.flatMap { index[$0] }
        if let videoIndex, let frames = reports[videoIndex].faceIdentity?.descriptors,
           let median = Self.reference(ofFrames: frames) {
            verdict.reference = Reference(file: reports[videoIndex].path, descriptor: median, fromVideo: true)
            let spread = frames.map { $0.distance(to: median) }.max() ?? 0
            reports[videoIndex].identity = IdentityReport(reference: reports[videoIndex].path, distance: Self.rounded(spread))
            if spread > maxDistance {
                reports[videoIndex].findings.append(.warning(.severalPeopleInVideo, "The video's sampled frames do not all show one "
                    + "person: a frame's face lies \(Self.rounded(spread)) from their median face (over \(maxDistance)). "
                    + "Record the person alone in the frame for the whole video."))
            }
        } else if let neutral = session.mapping.assignments.first(where: { $0.pose.id == "neutral" }),
                  let position = index[neutral.file], let descriptor = reports[position].faceIdentity?.descriptors.first {
            verdict.reference = Reference(file: reports[position].path, descriptor: descriptor, fromVideo: false)
        }
        guard let reference = verdict.reference else {
            verdict.findings.append(.warning(.identityNotChecked, "Whether every photo shows the person of the video was "
                + "not checked: neither the video nor a neutral photo shows a face to compare with."))
            return verdict
        }
        let against = reference.fromVideo ? "the video" : "the neutral photo"
        for assignment in session.mapping.assignments {
            guard let position = index[assignment.file], let descriptor = reports[position].faceIdentity?.descriptors.first else {
                continue
            }
            let distance = Self.rounded(descriptor.distance(to: reference.descriptor))
            reports[position].identity = IdentityReport(reference: reference.file, distance: distance)
            if distance > maxDistance {
                reports[position].notes.append("not the same person as \(against) (distance \(distance), over \(maxDistance))")
                reports[position].findings.append(.error(.differentPerson, "The '\(assignment.pose.id)' photo "
                    + "(slot \(assignment.position), \(reports[position].path)) shows a different person from \(against) "
                    + "(\(reference.file)): face distance \(distance), over \(maxDistance). Every photo must show the person "
                    + "of the video: check it comes from this session's folder."))
            } else {
                reports[position].notes.append("same person as \(against) (distance \(distance))")
            }
        }
        return verdict
    }

    /// Compares the sessions of one run with each other: `same-person` (warning) on both sessions of a pair whose
    /// reference faces match, `shared-media` (error) on both sessions of a pair holding a byte-identical file.
    public func compare(_ checks: inout [SessionVerdict]) {
        for first in checks.indices {
            for second in checks.indices where second > first {
                compare(&checks, first, second)
            }
        }
    }

    /// Compares the sessions at `first` and `second`: their reference faces, then their files' bytes.
    func compare(_ checks: inout [SessionVerdict], _ first: Int, _ second: Int) {
        compareFaces(&checks, first, second)
        for (fileA, fileB) in Self.identicalFiles(checks[first].session.mediaFiles, checks[second].session.mediaFiles) {
            recordShared(&checks, first, fileA, second, fileB)
        }
    }

    /// `same-person` on both sessions when their reference faces match.
    func compareFaces(_ checks: inout [SessionVerdict], _ first: Int, _ second: Int) {
        let names = (checks[first].sessionReport.path, checks[second].sessionReport.path)
        guard let a = checks[first].reference, let b = checks[second].reference else { return }
        let distance = Self.rounded(a.descriptor.distance(to: b.descriptor))
        guard distance <= maxDistance else { return }
        for (mine, other) in [(first, names.1), (second, names.0)] {
            checks[mine].sessionReport.identity?.matches?.append(IdentityReport.Match(session: other, distance: distance))
            checks[mine].sessionReport.findings.append(.warning(.samePerson, "Session '\(other)' shows the same person (face "
                + "distance \(distance), at most \(maxDistance)): if both are one person's twin, submit only one of them."))
        }
    }

    /// `shared-media` on both sessions for a pair of byte-identical files, `fileA` of `first` and `fileB` of `second`.
    func recordShared(_ checks: inout [SessionVerdict], _ first: Int, _ fileA: URL, _ second: Int, _ fileB: URL) {
        let names = (checks[first].sessionReport.path, checks[second].sessionReport.path)
        for (mine, file, other, otherFile) in [(first, fileA, names.1, fileB), (second, fileB, names.0, fileA)] {
            checks[mine].sessionReport.findings.append(.error(.sharedMedia, "\(file.lastPathComponent) is byte for byte the "
                + "same file as \(otherFile.lastPathComponent) of session '\(other)': each session needs its own recordings."))
        }
    }

    /// Pairs of byte-identical files, one from each list (sizes compared first, SHA-256 digests of the contents
    /// only when they agree; each file is read once per process).
    static func identicalFiles(_ first: [URL], _ second: [URL]) -> [(URL, URL)] {
        let sizes = Dictionary(grouping: second.compactMap { file in fileSize(file).map { (file, $0) } }, by: \.1)
        var pairs: [(URL, URL)] = []
        for file in first {
            guard let length = fileSize(file), let candidates = sizes[length] else { continue }
            guard let digest = ContentDigests.shared.digest(of: file) else { continue }
            for (other, _) in candidates where ContentDigests.shared.digest(of: other) == digest {
                pairs.append((file, other))
            }
        }
        return pairs
    }

    /// The size of `file` in bytes (nil when it cannot be read).
    static func fileSize(_ file: URL) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.uint64Value
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

/// The sessions a `submit`/`batch` run has validated so far, for the checks across sessions (`same-person`,
/// `shared-media`): each session is compared, as it is validated, with those before it, so a later session that
/// shares a file with an earlier one fails before it is published. Sessions a resumed batch skips (already
/// submitted in an earlier run) are not validated again, so they are not compared. Memory only: descriptors
/// never reach the journal.
public final class IdentityRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var checked: [SessionVerdict] = []
    /// The registered sessions' files by size, with the index of their session in `checked`: a new session's files
    /// are looked at once, and compared only with same-sized files, not every earlier session's again.
    private var filesBySize: [UInt64: [(session: Int, file: URL)]] = [:]
    /// `same-person` warnings a later session raised about an earlier one, by the earlier session's report path.
    private var raisedLater: [String: [Finding]] = [:]

    public init() {}

    /// Compares `check` with every session registered before it, adds `same-person` and `shared-media` to its
    /// session entry, and remembers it (and the findings it raised about the earlier sessions).
    func register(_ check: inout SessionVerdict, judge: IdentityJudge) {
        lock.lock()
        defer { lock.unlock() }
        var all = checked.map { earlier in
            var bare = earlier
            bare.sessionReport.findings = []
            return bare
        } + [check]
        let newest = all.count - 1
        for earlier in all.indices.dropLast() { judge.compareFaces(&all, earlier, newest) }
        let sized = check.session.mediaFiles.compactMap { file in IdentityJudge.fileSize(file).map { (file, $0) } }
        for (file, length) in sized {
            guard let sameSize = filesBySize[length], let digest = ContentDigests.shared.digest(of: file) else { continue }
            for (earlier, other) in sameSize where ContentDigests.shared.digest(of: other) == digest {
                judge.recordShared(&all, earlier, other, newest, file)
            }
        }
        check = all[newest]
        for earlier in all.dropLast() where !earlier.sessionReport.findings.isEmpty {
            raisedLater[earlier.sessionReport.path, default: []] += earlier.sessionReport.findings
        }
        for (file, length) in sized { filesBySize[length, default: []].append((checked.count, file)) }
        checked.append(check)
    }

    /// The findings sessions validated later raised about the session shown as `path` (its `same-person` and
    /// `shared-media` partners that came after it).
    public func findingsRaisedLater(about path: String) -> [Finding] {
        lock.lock()
        defer { lock.unlock() }
        return raisedLater[path] ?? []
    }
}
