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
