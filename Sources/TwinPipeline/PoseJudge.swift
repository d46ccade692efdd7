public import Foundation
internal import TwinFaces
public import TwinMedia

extension FindingCode {
    /// A photo's mouth contradicts the pose of its slot (warning; `--strict` fails it).
    public static let poseMismatch: FindingCode = "pose-mismatch"
}

/// The mouth measures of a photo's face, judged against the same session's `neutral` photo.
public struct PoseMeasures: Sendable, Hashable, Codable {
    /// Inner-lip gap over face height.
    public var mouthOpening: Double
    /// Mouth-corner distance over face width.
    public var mouthWidth: Double
    /// Share of the inner-mouth pixels brighter than the face.
    public var teeth: Double

    /// The measures of a report's best face, when it has them.
    public init?(_ report: FileReport) {
        guard let face = report.faces?.first, let opening = face.mouthOpening, let width = face.mouthWidth,
              let teeth = face.teeth else { return nil }
        self.init(mouthOpening: opening, mouthWidth: width, teeth: teeth)
    }

    public init(mouthOpening: Double, mouthWidth: Double, teeth: Double) {
        self.mouthOpening = mouthOpening
        self.mouthWidth = mouthWidth
        self.teeth = teeth
    }

    /// The measures of a photo's best face, with the face checks on (nil without a face).
    public static func read(photo: URL) -> PoseMeasures? {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return PoseMeasures(MediaValidator(profile: profile).reportNow(file: photo))
    }

    /// "opening 0.012, width 0.412, teeth 0.05".
    public var summary: String { "opening \(mouthOpening), width \(mouthWidth), teeth \(teeth)" }
}

/// What each built-in pose's mouth must look like next to the neutral one. Calibrated on 13 faces
/// (dlib's labelled example faces warped into the poses by `fixtures/pose-faces.py`, and the demo's
/// astronaut; `fixtures/pose-calibration.sh` prints the table docs/faces-and-poses.md gives). Poses of other
/// profiles are not judged.
public struct PoseJudge: Sendable {
    /// `aah`: opening at least this much wider than neutral (share of face height)...
    public var aahOpening = 0.09
    /// ...and the mouth at least this share of neutral's width (an `ooh` is narrower).
    public var aahWidth = 0.8
    /// `ooh`: open at least this much more than neutral...
    public var oohOpening = 0.04
    /// ...and at most this share of neutral's width.
    public var oohWidth = 0.94
    /// `pursed`: at most this share of neutral's width...
    public var pursedWidth = 0.92
    /// ...and opened less than this more than neutral.
    public var pursedOpening = 0.07
    /// `teeth`: at least this share of the inner mouth bright.
    public var teeth = 0.7
    /// `neutral`: the mouth closed, opening under this (the landmark fit reads a closed mouth as
    /// up to about 0.105), and teeth under `teeth`.
    public var neutralOpening = 0.12

    public init() {}

    /// Why `measures` do not look like `pose` next to `neutral`, or nil when they do (or the pose
    /// is not one this judge knows).
    public func mismatch(pose: String, _ measures: PoseMeasures, neutral: PoseMeasures) -> String? {
        let opened = measures.mouthOpening - neutral.mouthOpening
        let widthShare = measures.mouthWidth / max(0.001, neutral.mouthWidth)
        switch pose {
        case "neutral" where measures.mouthOpening >= neutralOpening || measures.teeth >= teeth:
            return "the mouth is open (opening \(measures.mouthOpening), teeth \(measures.teeth); a closed mouth is under "
                + "\(neutralOpening) and \(teeth))"
        case "aah" where opened < aahOpening || widthShare < aahWidth:
            return "the mouth opens \(rounded(opened)) more than neutral (needs at least \(aahOpening)) and is "
                + "\(percent(widthShare)) of neutral's width ('aah' needs at least \(percent(aahWidth)))"
        case "ooh" where opened < oohOpening || widthShare > oohWidth:
            return "opening \(rounded(opened)) more than neutral (needs \(oohOpening)) and width \(percent(widthShare)) "
                + "of neutral's (needs at most \(percent(oohWidth)))"
        case "pursed" where opened >= pursedOpening || widthShare > pursedWidth:
            return "opening \(rounded(opened)) more than neutral (needs under \(pursedOpening)) and width "
                + "\(percent(widthShare)) of neutral's (needs at most \(percent(pursedWidth)))"
        case "teeth" where measures.teeth < teeth:
            return "teeth \(measures.teeth) of the inner mouth bright, 'teeth' needs at least \(teeth)"
        default:
            return nil
        }
    }

    /// The pose among `poses` the measures look most like (the first that does not mismatch), for messages.
    public func likeliest(_ measures: PoseMeasures, neutral: PoseMeasures, among poses: [String]) -> String? {
        poses.first { mismatch(pose: $0, measures, neutral: neutral) == nil }
    }

    /// Puts photos in poses by their mouths, over the whole set at once: of every way to place them
    /// (at most 8 photos), the one with the fewest mismatches, the first in file order on a tie.
    /// Without a `neutral` photo already placed, each placement's own neutral photo is the reference.
    /// - Returns: (photo, pose, the measures as a note), for the photos placed.
    public func assign(_ photos: [(URL, PoseMeasures)], to poses: [String],
                       neutral: PoseMeasures?) -> [(URL, String, String)] {
        let photos = Array(photos.sorted { $0.0.lastPathComponent < $1.0.lastPathComponent }.prefix(8))
        guard !photos.isEmpty, !poses.isEmpty else { return [] }
        let slots = min(photos.count, poses.count)
        var best: (mismatches: Int, choice: [Int])?
        var choice: [Int] = []
        var used = [Bool](repeating: false, count: photos.count)
        func cost(_ choice: [Int]) -> Int {
            let reference = neutral ?? poses.prefix(slots).firstIndex(of: "neutral").map { photos[choice[$0]].1 }
            guard let reference else { return 0 }
            return zip(poses.prefix(slots), choice).filter { mismatch(pose: $0, photos[$1].1, neutral: reference) != nil }.count
        }
        func search() {
            if choice.count == slots {
                let mismatches = cost(choice)
                if best == nil || mismatches < best!.mismatches { best = (mismatches, choice) }
                return
            }
            for index in photos.indices where !used[index] {
                used[index] = true
                choice.append(index)
                search()
                choice.removeLast()
                used[index] = false
            }
        }
        search()
        guard let best else { return [] }
        return zip(poses.prefix(slots), best.choice).map { pose, index in
            (photos[index].0, pose, "by its mouth: " + photos[index].1.summary)
        }
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
