import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinMedia
import TwinPipeline
import TwinValidation

/// Poses judged from the face itself, against the session's neutral photo: the demo session's
/// warped portraits in their right slots, then swapped.
@Suite(.hangBackstop) struct PoseJudgeTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
    static let validator: SessionValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return SessionValidator(validator: MediaValidator(profile: profile))
    }()

    @Test func demoPhotosMatchTheirSlotsAndTheSessionListsTheMeasures() async throws {
        let check = try await Self.validator.check(Self.demo)
        let mismatches = check.fileReports.filter { $0.has(.poseMismatch) }.map(\.path)
        #expect(mismatches.isEmpty, "\(mismatches)")
        let notes = check.sessionReport.notes
        #expect(notes.contains { $0.hasPrefix("pose measures") })
        for pose in ["neutral", "ooh", "teeth", "aah", "pursed"] {
            #expect(notes.contains { $0.contains(". \(pose): opening ") }, "\(pose) missing from \(notes)")
        }
    }

    /// The measures have their own JSON keys: each photo's `"face"` (box, score, rotation, pose) and
    /// the session entry's `"poses"`, one per slot, with the mismatch reason (null when it fits).
    @Test func theMeasuresHaveTheirOwnJSONKeys() async throws {
        let check = try await Self.validator.check(Self.demo, displayPath: "demo")
        let json = ValidationReport(files: check.reports, strict: false).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        let sessionEntry = try #require(files.first { $0["kind"] as? String == "session" })
        let poses = try #require(sessionEntry["poses"] as? [[String: Any]])
        #expect(poses.map { $0["pose"] as? String } == ["neutral", "ooh", "teeth", "aah", "pursed"])
        #expect(poses.map { $0["position"] as? Int } == [1, 2, 3, 4, 5])
        for slot in poses {
            #expect(slot["mismatch"] is NSNull, "\(slot)")
            #expect((slot["file"] as? String) == "demo/\(slot["pose"] as? String ?? "").jpg")
        }
        let aah = try #require(poses.first { $0["pose"] as? String == "aah" })
        let neutral = try #require(poses.first { $0["pose"] as? String == "neutral" })
        #expect((aah["mouthOpening"] as? Double ?? 0) > (neutral["mouthOpening"] as? Double ?? 1))
        for photo in files where photo["kind"] as? String == "image" {
            let face = try #require(photo["face"] as? [String: Any], "\(photo["path"] ?? "")")
            let box = try #require(face["box"] as? [String: Any])
            #expect(Set(box.keys) == ["x", "y", "width", "height"])
            #expect((face["score"] as? Double ?? 0) > 0.15 && face["rotation"] as? Int == 0)
            let pose = try #require(face["pose"] as? [String: Any])
            let reported = try #require(poses.first { $0["file"] as? String == photo["path"] as? String })
            #expect(pose["mouthOpening"] as? Double == reported["mouthOpening"] as? Double)
            #expect(pose["mouthWidth"] as? Double == reported["mouthWidth"] as? Double)
            #expect(pose["teeth"] as? Double == reported["teeth"] as? Double)
        }
        // The notes the text report shows are kept.
        #expect(check.sessionReport.notes.contains { $0.hasPrefix("pose measures") })
    }

    @Test func aSwappedPhotoCarriesItsMismatchInTheSessionJSON() async throws {
        let workspace = try SessionWorkspace("poses-json")
        let folder = try workspace.copy(Self.demo, as: "s")
        let aah = folder.appendingPathComponent("aah.jpg"), teeth = folder.appendingPathComponent("teeth.jpg")
        let parked = folder.appendingPathComponent("parked.tmp")
        try FileManager.default.moveItem(at: aah, to: parked)
        try FileManager.default.moveItem(at: teeth, to: aah)
        try FileManager.default.moveItem(at: parked, to: teeth)
        let check = try await Self.validator.check(folder)
        let poses = try #require(check.sessionReport.poses)
        let flagged = poses.filter { $0.mismatch != nil }.map(\.pose)
        #expect(Set(flagged) == ["aah", "teeth"], "\(poses)")
    }

    @Test func withTheFaceChecksOffTheSessionHasNoPoses() async throws {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = false
        let check = try await SessionValidator(validator: MediaValidator(profile: profile)).check(Self.demo)
        #expect(check.sessionReport.poses == nil)
        #expect(check.fileReports.allSatisfy { $0.face == nil })
        let json = ValidationReport(files: check.reports, strict: false).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.first?["poses"] is NSNull)
        #expect(files.dropFirst().allSatisfy { $0["face"] is NSNull })
    }

    /// Swapping two photos' names puts each in the other's slot: both must be flagged, naming the pose they look like.
    @Test(arguments: [("aah.jpg", "teeth.jpg"), ("neutral.jpg", "ooh.jpg"), ("pursed.jpg", "aah.jpg")])
    func swappedPhotosAreFlagged(first: String, second: String) async throws {
        let workspace = try SessionWorkspace("poses")
        let folder = try workspace.copy(Self.demo, as: "s")
        let a = folder.appendingPathComponent(first), b = folder.appendingPathComponent(second)
        let parked = folder.appendingPathComponent("parked.tmp")
        try FileManager.default.moveItem(at: a, to: parked)
        try FileManager.default.moveItem(at: b, to: a)
        try FileManager.default.moveItem(at: parked, to: b)
        let check = try await Self.validator.check(folder)
        let flagged = check.fileReports.filter { $0.has(.poseMismatch) }.map { ($0.path as NSString).lastPathComponent }
        if first == "neutral.jpg" {
            // The neutral slot is the reference: an open mouth there is flagged, and the others are judged
            // against it.
            #expect(flagged.contains(first), "\(flagged)")
        } else {
            #expect(Set(flagged) == [first, second], "\(flagged)")
        }
        let finding = try #require(check.fileReports.first { $0.path.hasSuffix("/" + first) }?.findings.first { $0.code == .poseMismatch })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("'\((first as NSString).deletingPathExtension)' slot"))
        #expect(check.passes(strict: false) && !check.passes(strict: true))
    }

    /// `--order content`: the demo's photos under names that say nothing go to their poses by their mouths.
    @Test func contentOrderPlacesUnnamedPhotosByTheirMouths() throws {
        let workspace = try SessionWorkspace("content")
        let folder = try workspace.copy(Self.demo, as: "sam")
        let renamed = ["aah.jpg": "IMG_A.jpg", "neutral.jpg": "IMG_B.jpg", "pursed.jpg": "IMG_C.jpg",
                       "teeth.jpg": "IMG_D.jpg", "ooh.jpg": "IMG_E.jpg"]
        for (from, to) in renamed {
            try FileManager.default.moveItem(at: folder.appendingPathComponent(from), to: folder.appendingPathComponent(to))
        }
        let session = try SessionLoader(order: .content).load(folder)
        let placed = Dictionary(uniqueKeysWithValues: session.mapping.assignments.map { ($0.pose.id, $0.file.lastPathComponent) })
        #expect(placed == ["neutral": "IMG_B.jpg", "ooh": "IMG_E.jpg", "teeth": "IMG_D.jpg", "aah": "IMG_A.jpg", "pursed": "IMG_C.jpg"])
        #expect(session.mapping.assignments.allSatisfy { $0.source == .content })
        #expect(session.findings.isEmpty, "\(session.findings)")
    }

    /// Measured rows of the calibration (`fixtures/pose-calibration.sh`: 13 faces warped into the
    /// poses), relative to each face's neutral, at the edges of each rule: the weakest reading of a
    /// pose fits its slot, the nearest reading of another pose does not.
    struct CalibrationRow: Sendable, CustomStringConvertible {
        let slot: String
        let measured: String
        let opened: Double
        let widthShare: Double
        let teeth: Double
        let fits: Bool
        var description: String { "\(slot) ← \(measured)" }
    }

    static let calibrationRows: [CalibrationRow] = [
        .init(slot: "aah", measured: "the least open aah (2008_001009-0)", opened: 0.111, widthShare: 0.82, teeth: 0, fits: true),
        .init(slot: "aah", measured: "the most open ooh (2008_001009-1)", opened: 0.117, widthShare: 0.79, teeth: 0, fits: false),
        .init(slot: "aah", measured: "the astronaut's teeth", opened: 0.020, widthShare: 1.00, teeth: 0.82, fits: false),
        .init(slot: "ooh", measured: "the least open ooh (2008_001322-0)", opened: 0.050, widthShare: 0.84, teeth: 0.02, fits: true),
        .init(slot: "ooh", measured: "the widest ooh (2008_001322-2)", opened: 0.061, widthShare: 0.93, teeth: 0, fits: true),
        .init(slot: "ooh", measured: "the widest aah (2008_002506-2)", opened: 0.143, widthShare: 0.98, teeth: 0, fits: false),
        .init(slot: "pursed", measured: "the most open pursed (2008_001322-1)", opened: 0.064, widthShare: 0.73, teeth: 0.45,
              fits: true),
        .init(slot: "pursed", measured: "an ooh (2008_001009-0)", opened: 0.098, widthShare: 0.72, teeth: 0, fits: false),
        .init(slot: "teeth", measured: "the fewest teeth (2008_002470-0)", opened: 0.051, widthShare: 1.06, teeth: 0.80, fits: true),
        .init(slot: "teeth", measured: "a neutral (2008_002506-0)", opened: 0, widthShare: 1, teeth: 0.36, fits: false),
    ]

    @Test(arguments: calibrationRows)
    func calibratedThresholdsSeparateTheMeasuredFaces(_ row: CalibrationRow) {
        let neutral = PoseMeasures(mouthOpening: 0.066, mouthWidth: 0.479, teeth: 0.14)
        let measures = PoseMeasures(mouthOpening: neutral.mouthOpening + row.opened,
                                    mouthWidth: neutral.mouthWidth * row.widthShare, teeth: row.teeth)
        let mismatch = PoseJudge().mismatch(pose: row.slot, measures, neutral: neutral)
        #expect((mismatch == nil) == row.fits, "\(mismatch ?? "fits")")
    }

    @Test func judgeComparesWithNeutral() {
        let judge = PoseJudge()
        let neutral = PoseMeasures(mouthOpening: 0.066, mouthWidth: 0.479, teeth: 0.14)
        #expect(judge.mismatch(pose: "aah", PoseMeasures(mouthOpening: 0.225, mouthWidth: 0.436, teeth: 0), neutral: neutral) == nil)
        #expect(judge.mismatch(pose: "aah", PoseMeasures(mouthOpening: 0.12, mouthWidth: 0.45, teeth: 0), neutral: neutral) != nil)
        #expect(judge.mismatch(pose: "pursed", PoseMeasures(mouthOpening: 0.07, mouthWidth: 0.40, teeth: 0.1), neutral: neutral) == nil)
        #expect(judge.mismatch(pose: "pursed", PoseMeasures(mouthOpening: 0.07, mouthWidth: 0.46, teeth: 0.1), neutral: neutral) != nil)
        #expect(judge.mismatch(pose: "left-profile", PoseMeasures(mouthOpening: 0.5, mouthWidth: 0.1, teeth: 1), neutral: neutral) == nil)
    }
}
