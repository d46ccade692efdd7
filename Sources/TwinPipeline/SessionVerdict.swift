public import Foundation
internal import TwinFaces
public import TwinMedia

/// The verdict on a validated session: the session's own findings plus every media file's report.
public struct SessionVerdict: Sendable {
    /// The loaded session.
    public let session: Session
    /// The session as a report entry (kind `.session`): its findings, and notes that show the
    /// resolved video and pose order.
    public internal(set) var sessionReport: FileReport
    /// The reports of the video and the mapped photos, in pose order.
    public let fileReports: [FileReport]
    /// The session's reference face (nil when the identity checks did not run or found no face):
    /// compared with other sessions' by ``IdentityJudge/compare(_:)``. Kept in memory only.
    public var reference: IdentityJudge.Reference?

    /// Every report entry: the session first, then its files.
    public var reports: [FileReport] { [sessionReport] + fileReports }

    /// True when nothing failed (with `strict`, when nothing warned either).
    public func passes(strict: Bool) -> Bool {
        reports.allSatisfy { $0.passes(strict: strict) }
    }

    /// Every finding, each with the file it belongs to.
    public var reportedFindings: [ReportedFinding] {
        sessionReport.findings.map { ReportedFinding(file: nil, finding: $0) }
            + fileReports.flatMap { report in report.findings.map { ReportedFinding(file: report.path, finding: $0) } }
    }
}

/// Loads a session folder and validates its media: step 1 and 2 of `twin submit`.
public struct SessionValidator: Sendable {
    /// Reads the folder, the manifest and the pose order.
    public var loader: SessionLoader
    /// Judges each media file.
    public var validator: MediaValidator

    public init(loader: SessionLoader = SessionLoader(), validator: MediaValidator = MediaValidator()) {
        self.loader = loader
        self.validator = validator
    }

    /// Loads and validates `folder`.
    ///
    /// - Parameter displayPath: how to show the folder in reports (the path as the user gave it);
    ///   file paths in the reports start with it.
    public func check(_ folder: URL, displayPath: String? = nil) async throws(PipelineError) -> SessionVerdict {
        let session = try loader.load(folder)
        let root = displayPath ?? folder.path
        var reports = await validator.validate(files: session.mediaFiles)
        for index in reports.indices {
            reports[index].path = Self.display(session.mediaFiles[index], in: session.folder, root: root)
        }
        if validator.collectReportData {
            for assignment in session.mapping.assignments {
                guard let index = session.mediaFiles.firstIndex(of: assignment.file) else { continue }
                reports[index].detail = reports[index].detail ?? ReportDetail()
                reports[index].detail?.slot = PoseSlot(position: assignment.position, pose: assignment.pose.id)
            }
        }
        var entry = FileReport(path: root, kind: .session, findings: session.findings.map(\.finding))
        Self.judgeDuplicates(session, reports: &reports)
        let judged = Self.judgePoses(session, reports: &reports)
        entry.notes = Self.orderNotes(session, root: root) + judged.notes
        entry.poses = validator.profile.faces.enabled ? judged.poses : nil
        let identity = IdentityJudge(maxDistance: validator.profile.faces.maxIdentityDistance).judge(session, reports: &reports)
        entry.findings += identity.findings
        if let reference = identity.reference { entry.identity = IdentityReport(reference: reference.file, matches: []) }
        return SessionVerdict(session: session, sessionReport: entry, fileReports: reports, reference: identity.reference)
    }

    /// The resolved order as report notes: the twin's name, the video, then pose by pose.
    static func orderNotes(_ session: Session, root: String) -> [String] {
        let profile = session.mapping.profile
        var notes = ["session '\(session.id)' → twin name '\(session.name)'" + (session.language.map { ", language \($0)" } ?? "")]
        notes.append("video: " + (session.video.map { display($0, in: session.folder, root: root) } ?? "(none)"))
        notes.append("calibration order (\(profile.source) pose profile):")
        let byPose = Dictionary(uniqueKeysWithValues: session.mapping.assignments.map { ($0.pose.id, $0) })
        let width = profile.poses.map(\.id.count).max() ?? 0
        for (index, pose) in profile.poses.enumerated() {
            let label = "  \(index + 1). \(pose.id.padding(toLength: width, withPad: " ", startingAt: 0))"
            if let assignment = byPose[pose.id] {
                let how = assignment.source.rawValue + (assignment.note.map { ", \($0)" } ?? "")
                notes.append("\(label) ← \(assignment.file.lastPathComponent) (\(how))")
            } else {
                notes.append("\(label) ← (no photo: \(pose.description))")
            }
        }
        return notes
    }

    /// Adds `pose-mismatch` to photos whose mouth contradicts their slot (judged against the
    /// session's neutral photo) and returns the per-slot measures as session notes and as entries
    /// for the session's JSON `"poses"`.
    static func judgePoses(_ session: Session, reports: inout [FileReport],
                           judge: PoseJudge = PoseJudge()) -> (notes: [String], poses: [SlotPose]) {
        var reportIndex: [URL: Int] = [:]
        for (index, file) in session.mediaFiles.enumerated() { reportIndex[file] = index }
        let measured = session.mapping.assignments.compactMap { assignment -> (PoseAssignment, Int, PoseMeasures)? in
            guard let index = reportIndex[assignment.file], let measures = PoseMeasures(reports[index]) else { return nil }
            return (assignment, index, measures)
        }
        guard !measured.isEmpty else { return ([], []) }
        var notes = ["pose measures (mouth opening / face height, mouth width / face width, teeth):"]
        notes += measured.map { "  \($0.0.position). \($0.0.pose.id): \($0.2.summary)" }
        let neutral = measured.first(where: { $0.0.pose.id == "neutral" })?.2
        let known = ["neutral", "ooh", "teeth", "aah", "pursed"]
        var poses: [SlotPose] = []
        for (assignment, index, measures) in measured {
            let reason = neutral.flatMap { judge.mismatch(pose: assignment.pose.id, measures, neutral: $0) }
            poses.append(SlotPose(position: assignment.position, pose: assignment.pose.id, file: reports[index].path,
                                  measures: FaceSummary.Pose(mouthOpening: measures.mouthOpening,
                                                             mouthWidth: measures.mouthWidth, teeth: measures.teeth),
                                  mismatch: reason))
            guard let reason, let neutral else { continue }
            let likeliest = judge.likeliest(measures, neutral: neutral, among: known.filter { $0 != assignment.pose.id })
            reports[index].findings.append(.warning(.poseMismatch, "This photo fills the '\(assignment.pose.id)' slot, "
                + "but \(reason)" + (likeliest.map { "; it looks more like '\($0)'" } ?? "")
                + ". Check the photo is in the right slot (rename it or set [poses] in twin.toml), or take it again."))
        }
        return (notes, poses)
    }

    /// Photos whose perceptual hashes differ in at most this many of ``PictureHash/bitCount`` bits are one picture
    /// (docs/phone-formats.md: re-encoded copies of one photo measured 0-8 bits apart, the demo's warped poses of one
    /// face 9-34, photos of other people 74 and more).
    static let duplicateHashDistance = 6

    /// Adds `duplicate-photo` to each photo that repeats an earlier slot's picture: an error for the same bytes, a
    /// warning for a perceptual hash within ``duplicateHashDistance`` bits. Near-identical pixels stay a warning because
    /// two real pose photos against one plain background can hash that close: the calibration photos of one person
    /// from `faces/identities/`, each on the same grey canvas, measured 1 bit apart (docs/phone-formats.md).
    static func judgeDuplicates(_ session: Session, reports: inout [FileReport]) {
        var reportIndex: [URL: Int] = [:]
        for (index, file) in session.mediaFiles.enumerated() { reportIndex[file] = index }
        let photos = session.mapping.assignments.compactMap { assignment in
            reportIndex[assignment.file].map { (assignment: assignment, index: $0) }
        }
        for (later, photo) in photos.enumerated() {
            for earlier in photos[..<later] where earlier.assignment.file != photo.assignment.file {
                let slots = "\(photo.assignment.file.lastPathComponent) (the '\(photo.assignment.pose.id)' slot)"
                let earlierSlot = "\(earlier.assignment.file.lastPathComponent) (the '\(earlier.assignment.pose.id)' slot)"
                let retake = "Each pose needs its own photo: take the '\(photo.assignment.pose.id)' photo again"
                if sameBytes(earlier.assignment.file, photo.assignment.file) {
                    reports[photo.index].findings.append(.error(.duplicatePhoto,
                        "\(slots) is the same picture as \(earlierSlot): the same bytes. \(retake)."))
                } else if let a = reports[earlier.index].pictureHash, let b = reports[photo.index].pictureHash,
                          a.distance(to: b) <= duplicateHashDistance {
                    reports[photo.index].findings.append(.warning(.duplicatePhoto,
                        "\(slots) looks like the same picture as \(earlierSlot): near-identical pixels (perceptual hashes "
                        + "\(a.distance(to: b)) of \(PictureHash.bitCount) bits apart). If it is one photo, \(retake.prefix(1).lowercased())"
                        + "\(retake.dropFirst()); if the mouths differ, nothing is wrong."))
                } else {
                    continue
                }
                break
            }
        }
    }

    /// Whether two files hold the same bytes (sizes first, then contents).
    private static func sameBytes(_ a: URL, _ b: URL) -> Bool {
        let manager = FileManager.default
        guard let sizeA = (try? manager.attributesOfItem(atPath: a.path))?[.size] as? Int,
              let sizeB = (try? manager.attributesOfItem(atPath: b.path))?[.size] as? Int, sizeA == sizeB else { return false }
        return manager.contentsEqual(atPath: a.path, andPath: b.path)
    }

    static func display(_ file: URL, in folder: URL, root: String) -> String {
        let folderPath = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        guard file.path.hasPrefix(folderPath) else { return file.path }
        let trimmedRoot = root.hasSuffix("/") ? String(root.dropLast()) : root
        return trimmedRoot + "/" + file.path.dropFirst(folderPath.count)
    }
}

extension SessionLoader {
    /// True when `folder` looks like one session rather than a folder of sessions: it holds a
    /// `twin.toml`, or at least one video and one photo directly.
    public static func looksLikeSession(_ folder: URL) -> Bool {
        guard let entries = try? entries(of: folder) else { return false }
        if entries.contains(where: { $0.lastPathComponent == SessionManifest.fileName }) { return true }
        let extensions = Set(entries.filter { !$0.hasDirectoryPath }.map { $0.pathExtension.lowercased() })
        return !extensions.isDisjoint(with: videoExtensions) && !extensions.isDisjoint(with: photoExtensions)
    }
}

/// The former name of ``SessionVerdict``.
@available(*, deprecated, renamed: "SessionVerdict")
public typealias SessionCheck = SessionVerdict
