public import TwinFaces

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
