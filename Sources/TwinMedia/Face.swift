/// One face found in a photo or a video frame, in displayed pixels (after the EXIF orientation
/// or the display matrix).
public struct Face: Codable, Sendable, Hashable {
    /// The face box's left edge, top edge and size.
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// The HOG detector's score (higher is surer; see `[faces] min-score`).
    public var score: Double
    /// The clockwise turn (0, 90, 180, 270) the picture needed before the face stood upright.
    public var rotation: Int
    /// Inner-lip gap over face height (nose bridge to chin), from the landmarks.
    public var mouthOpening: Double?
    /// Mouth-corner distance over face width (jaw edge to jaw edge), from the landmarks.
    public var mouthWidth: Double?
    /// Share of the pixels inside the inner lips brighter than the face's mean: teeth showing.
    public var teeth: Double?

    public init(x: Int, y: Int, width: Int, height: Int, score: Double, rotation: Int,
                mouthOpening: Double? = nil, mouthWidth: Double? = nil, teeth: Double? = nil) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.score = score
        self.rotation = rotation
        self.mouthOpening = mouthOpening
        self.mouthWidth = mouthWidth
        self.teeth = teeth
    }

    private enum CodingKeys: String, CodingKey {
        case x, y, width, height, score, rotation, mouthOpening, mouthWidth, teeth
    }

    /// Encodes every key, `null` for measures that could not be taken.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(x, forKey: .x)
        try container.encode(y, forKey: .y)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(score, forKey: .score)
        try container.encode(rotation, forKey: .rotation)
        try container.encode(mouthOpening, forKey: .mouthOpening)
        try container.encode(mouthWidth, forKey: .mouthWidth)
        try container.encode(teeth, forKey: .teeth)
    }
}

/// A report's best face as its own JSON object (`"face"`): where it is, how sure the detector is,
/// how the picture had to be turned, and the mouth's pose measures, so a reader (an HTML report, CI)
/// need not parse notes. `null` when no face was found or the face checks did not run.
public struct FaceSummary: Codable, Sendable, Hashable {
    /// The face box in displayed pixels.
    public struct Box: Codable, Sendable, Hashable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// The mouth measures from the 68 landmarks (see ``Face``), judged per pose slot by the pipeline.
    public struct Pose: Codable, Sendable, Hashable {
        public var mouthOpening: Double
        public var mouthWidth: Double
        public var teeth: Double

        public init(mouthOpening: Double, mouthWidth: Double, teeth: Double) {
            self.mouthOpening = mouthOpening
            self.mouthWidth = mouthWidth
            self.teeth = teeth
        }
    }

    public var box: Box
    public var score: Double
    public var rotation: Int
    /// Nil when the landmark fit gave no measures.
    public var pose: Pose?

    public init(_ face: Face) {
        box = Box(x: face.x, y: face.y, width: face.width, height: face.height)
        score = face.score
        rotation = face.rotation
        if let opening = face.mouthOpening, let width = face.mouthWidth, let teeth = face.teeth {
            pose = Pose(mouthOpening: opening, mouthWidth: width, teeth: teeth)
        }
    }

    private enum CodingKeys: String, CodingKey { case box, score, rotation, pose }

    /// Encodes every key, `"pose": null` when there are no measures.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(box, forKey: .box)
        try container.encode(score, forKey: .score)
        try container.encode(rotation, forKey: .rotation)
        try container.encode(pose, forKey: .pose)
    }
}

/// One pose slot of a session with the mouth measures of the photo that fills it (a session
/// entry's `"poses"` in JSON), and why the photo contradicts the slot, if it does.
public struct SlotPose: Codable, Sendable, Hashable {
    /// 1-based position in the calibration order.
    public var position: Int
    /// The slot's pose id (`neutral`, `aah`, …).
    public var pose: String
    /// The photo's path as shown in the report.
    public var file: String
    public var mouthOpening: Double
    public var mouthWidth: Double
    public var teeth: Double
    /// The `pose-mismatch` reason, or nil when the photo fits the slot (or was not judged).
    public var mismatch: String?

    public init(position: Int, pose: String, file: String, measures: FaceSummary.Pose, mismatch: String?) {
        self.position = position
        self.pose = pose
        self.file = file
        mouthOpening = measures.mouthOpening
        mouthWidth = measures.mouthWidth
        teeth = measures.teeth
        self.mismatch = mismatch
    }

    private enum CodingKeys: String, CodingKey { case position, pose, file, mouthOpening, mouthWidth, teeth, mismatch }

    /// Encodes every key, `"mismatch": null` when the photo fits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position, forKey: .position)
        try container.encode(pose, forKey: .pose)
        try container.encode(file, forKey: .file)
        try container.encode(mouthOpening, forKey: .mouthOpening)
        try container.encode(mouthWidth, forKey: .mouthWidth)
        try container.encode(teeth, forKey: .teeth)
        try container.encode(mismatch, forKey: .mismatch)
    }
}
