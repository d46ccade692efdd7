/// The thresholds of the face checks (`[faces]` in a profile). See docs/faces-and-poses.md for the calibration.
public struct FaceProfile: Sendable, Hashable {
    /// Whether photos are checked for faces at all.
    public var enabled: Bool
    /// Checks turned off one by one, by their finding codes (``FaceCheck``: `face-off-centre`, `blurry`, …).
    public var skip: Set<String>
    /// The long side, in pixels, photos are decoded to for the checks.
    public var workingSize: Int
    /// The lowest detector score that counts as a face.
    public var minScore: Double
    /// The smallest face height, as a share of the displayed height (`face-too-small` below).
    public var minFaceHeight: Double
    /// The face centre must lie in the middle band of this share of the width (`face-off-centre`).
    public var centreBand: Double
    /// The lowest variance of the Laplacian on the face region, normalised to a mean brightness of
    /// 128 (`blurry` below).
    public var minSharpness: Double
    /// The accepted mean luminance (0–255) of the face region (`underexposed` / `overexposed`).
    public var brightnessRange: ClosedRange<Double>
    /// dlib's 68-point landmark model (Debian's libdlib-data).
    public var modelPath: String
    /// dlib's face-recognition model (`[faces] identity-model`); nil finds it (``IdentityModelLocator``).
    public var identityModel: String?
    /// The largest descriptor distance at which two faces count as one person (`[faces] max-identity-distance`;
    /// docs/identity.md has the calibration).
    public var maxIdentityDistance: Double

    /// The calibrated defaults (docs/faces-and-poses.md).
    public static let builtIn = FaceProfile(
        enabled: true, skip: [], workingSize: 800, minScore: 0.15, minFaceHeight: 0.15, centreBand: 1.0 / 3.0,
        minSharpness: 15, brightnessRange: 60...215,
        modelPath: "/usr/share/dlib/shape_predictor_68_face_landmarks.dat", identityModel: nil, maxIdentityDistance: 0.55
    )

    public init(enabled: Bool, skip: Set<String>, workingSize: Int, minScore: Double, minFaceHeight: Double,
                centreBand: Double, minSharpness: Double, brightnessRange: ClosedRange<Double>, modelPath: String,
                identityModel: String? = nil, maxIdentityDistance: Double = 0.55) {
        self.enabled = enabled
        self.skip = skip
        self.workingSize = workingSize
        self.minScore = minScore
        self.minFaceHeight = minFaceHeight
        self.centreBand = centreBand
        self.minSharpness = minSharpness
        self.brightnessRange = brightnessRange
        self.modelPath = modelPath
        self.identityModel = identityModel
        self.maxIdentityDistance = maxIdentityDistance
    }

    /// Whether `check` is on.
    package func checks(_ check: FaceCheck) -> Bool { enabled && !skip.contains(check.rawValue) }
}
