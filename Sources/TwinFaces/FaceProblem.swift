/// One face check, named by the finding code it raises (`[faces] skip` names these).
public enum FaceCheck: String, CaseIterable, Sendable {
    case noFace = "no-face"
    case faceNotUpright = "face-not-upright"
    case multipleFaces = "multiple-faces"
    case faceTooSmall = "face-too-small"
    case faceOffCentre = "face-off-centre"
    case blurry
    case underexposed
    case overexposed
}

/// What the face checks found wrong with one picture, with the measures behind it; the validation layer words
/// it as a finding.
public enum FaceProblem: Sendable, Hashable {
    /// The engine could not search (a model missing or broken): nothing was looked at.
    case searchFailed(reason: String)
    /// The picture is too small at working size for a face of the detector's window to fit: not searched.
    case pictureTooSmall(width: Int, height: Int, window: Int)
    /// Searched upright and turned every way: no face scored `minScore` or more.
    case noFace(minScore: Double)
    /// The face stands upright only after turning the picture clockwise by `rotation` degrees.
    case notUpright(rotation: Int)
    /// More than one face.
    case multipleFaces(count: Int)
    /// The face's height is `share` of the picture's, under `minimum`.
    case faceTooSmall(share: Double, minimum: Double)
    /// The face's centre lies at `centre` of the width, outside `band`.
    case faceOffCentre(centre: Double, band: ClosedRange<Double>)
    /// The face region's normalised sharpness is under `minimum`.
    case blurry(sharpness: Double, minimum: Double)
    /// The face region's mean brightness (0–255) is under `minimum`.
    case underexposed(brightness: Double, minimum: Double)
    /// The face region's mean brightness (0–255) is over `maximum`.
    case overexposed(brightness: Double, maximum: Double)

    /// The check that raised it.
    public var check: FaceCheck {
        switch self {
        case .searchFailed, .pictureTooSmall, .noFace: .noFace
        case .notUpright: .faceNotUpright
        case .multipleFaces: .multipleFaces
        case .faceTooSmall: .faceTooSmall
        case .faceOffCentre: .faceOffCentre
        case .blurry: .blurry
        case .underexposed: .underexposed
        case .overexposed: .overexposed
        }
    }
}
