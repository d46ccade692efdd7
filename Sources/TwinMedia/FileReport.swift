public import TwinFaces
public import TwinVoice

/// What a report entry describes.
public enum MediaKind: String, Codable, Sendable {
    case video
    case image
    /// A whole session folder (findings such as a missing pose), added by higher layers.
    case session
    case unknown
}

/// Everything validation learned about one file (or, with kind `.session`, one session folder).
///
/// Dimensions: `storedWidth`/`storedHeight` are the encoded picture; `width`/`height` are what a
/// viewer displays after applying `rotation`, the clockwise turn (0, 90, 180 or 270 degrees)
/// from the display matrix (video) or EXIF orientation (image). `nil` means unknown.
public struct FileReport: Codable, Sendable, Hashable {
    /// The path as given by the caller (kept relative when it was relative).
    public var path: String
    public var kind: MediaKind
    /// The format detected from the content: `mp4`, `mov`, `png`, `jpeg`, or another name.
    public var format: String?
    public var videoCodec: String?
    public var audioCodec: String?
    public var storedWidth: Int?
    public var storedHeight: Int?
    public var width: Int?
    public var height: Int?
    public var rotation: Int?
    public var durationSeconds: Double?
    /// Average frames per second (video).
    public var frameRate: Double?
    /// EXIF orientation value 1–8 (images that carry one).
    public var exifOrientation: Int?
    /// The voice check's measurements (videos checked with a ``VoiceSettings``; nil otherwise).
    public var voice: VoiceReport?
    /// The speaking check's measurements (videos checked with the voice and face checks; nil otherwise).
    public var speaking: SpeakingReport?
    /// Faces found, in displayed pixels (empty when none; nil when the face checks did not run).
    public var faces: [Face]?
    /// Variance of the Laplacian on the photo's best face (nil without a face).
    public var sharpness: Double?
    /// Mean luminance (0–255) of the photo's best face (nil without a face).
    public var brightness: Double?
    /// The mouth measures per pose slot (session entries judged by the pipeline; nil otherwise).
    public var poses: [SlotPose]?
    /// The face descriptors of the file's analysed pictures, for the identity checks of the pipeline.
    /// Biometric data: never encoded in the JSON report (nil when the face checks did not run).
    public var faceIdentity: FaceIdentity?
    /// The identity checks' result (`"identity"`): set by the pipeline for sessions and their files.
    public var identity: IdentityReport?
    public var findings: [Finding]
    /// The perceptual hash of a photo as displayed (nil for videos, or when the photo was not decoded to
    /// pixels): the session check compares photos with it (`duplicate-photo`). JSON: `"pictureHash"` (photos only).
    public var pictureHash: PictureHash?
    /// What only the HTML report shows (thumbnails, landmarks, frames, loudness curve); nil unless
    /// ``MediaValidator/collectReportData`` was set. Not encoded in the JSON report.
    public var detail: ReportDetail?
    /// Human reasoning lines, e.g. "stored 1920x1080, rotated 90° for display → 1080x1920, vertical".
    public var notes: [String]

    public init(path: String, kind: MediaKind, findings: [Finding] = [], notes: [String] = []) {
        self.path = path
        self.kind = kind
        self.findings = findings
        self.notes = notes
    }

    /// No error findings (warnings allowed).
    public var ok: Bool { !findings.contains { $0.severity == .error } }

    /// Whether the entry passes: no errors, and with `strict` no warnings either.
    public func passes(strict: Bool) -> Bool {
        strict ? findings.isEmpty : ok
    }

    /// Whether the displayed picture is taller than wide (nil when the size is unknown).
    public var isVertical: Bool? {
        guard let width, let height else { return nil }
        return height > width
    }

    /// The best face (the first of ``faces``) with its pose measures: the JSON's `"face"`.
    public var face: FaceSummary? { faces?.first.map(FaceSummary.init) }

    /// Whether a finding with this code is present.
    public func has(_ code: FindingCode) -> Bool { findings.contains { $0.code == code } }

    mutating func add(_ finding: Finding) { findings.append(finding) }
}

extension FileReport {
    // Decoding is synthesised (it ignores `ok`); encoding spells out every key, `ok` included.
    private enum EncodingKeys: String, CodingKey {
        case path, kind, ok, format, videoCodec, audioCodec, storedWidth, storedHeight, width, height, rotation
        case durationSeconds, frameRate, exifOrientation, voice, speaking, faces, face, sharpness, brightness, pictureHash, poses, identity, findings
        case notes
    }

    /// Encodes every documented key, with `null` for unknown values rather than leaving keys out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(kind, forKey: .kind)
        try container.encode(passes(strict: encoder.userInfo[Self.strictUserInfoKey] as? Bool ?? false), forKey: .ok)
        try container.encode(format, forKey: .format)
        try container.encode(videoCodec, forKey: .videoCodec)
        try container.encode(audioCodec, forKey: .audioCodec)
        try container.encode(storedWidth, forKey: .storedWidth)
        try container.encode(storedHeight, forKey: .storedHeight)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(rotation, forKey: .rotation)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(frameRate, forKey: .frameRate)
        try container.encode(exifOrientation, forKey: .exifOrientation)
        if kind == .video {
            try container.encode(voice, forKey: .voice)
            try container.encode(speaking, forKey: .speaking)
        }
        try container.encode(faces, forKey: .faces)
        if kind == .video || kind == .image { try container.encode(face, forKey: .face) }
        try container.encode(sharpness, forKey: .sharpness)
        try container.encode(brightness, forKey: .brightness)
        if kind == .image { try container.encode(pictureHash, forKey: .pictureHash) }
        if kind == .session { try container.encode(poses, forKey: .poses) }
        if kind != .unknown { try container.encode(identity, forKey: .identity) }
        try container.encode(findings, forKey: .findings)
        try container.encode(notes, forKey: .notes)
    }

    /// An encoder `userInfo` key: when set to `true` (``ValidationReport`` under `--strict`),
    /// the encoded `ok` means "passes strictly", so warnings make it `false`.
    public static let strictUserInfoKey = CodingUserInfoKey(rawValue: "twin.strict")!
}
