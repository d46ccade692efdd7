internal import CTwinShims
public import Foundation
public import TwinFaces
internal import TwinPictures
internal import TwinVoice

/// What the HTML report shows of a file beyond its measurements and findings: thumbnails, face
/// landmarks, video frames, the loudness curve, speech intervals and the script's heard words.
///
/// Collected only when a report is asked for (``MediaValidator/collectReportData``); nil otherwise,
/// and never part of the JSON report.
public struct ReportDetail: Codable, Sendable, Hashable {
    /// The photo as displayed (EXIF orientation applied), greyscale.
    public var thumbnail: Thumbnail?
    /// The 68 landmarks (iBUG numbering) of each face in the report's `faces`, in displayed pixels.
    public var landmarks: [[FacePoint]] = []
    /// A video's first, middle and last pictures as displayed (rotation applied).
    public var frames: [VideoFrame] = []
    /// Momentary loudness (LUFS, 400 ms window) every 100 ms, floored at ``ReportDetail/loudnessFloor``.
    public var momentaryLUFS: [Double] = []
    /// Stretches (seconds) whose momentary loudness reaches the voice level, short gaps bridged.
    public var speechIntervals: [SpeechInterval] = []
    /// The frames the speaking check sampled while the voice was heard, with their mouth measures.
    public var speakingFrames: [SpeakingFrame] = []
    /// The script's words in order, each marked heard or not (empty when the script was not checked).
    public var scriptWords: [ScriptWord] = []
    /// The calibration slot the photo fills in its session (set by the session layer).
    public var slot: PoseSlot?

    /// The lowest loudness shown; libebur128 answers -inf for silence.
    public static let loudnessFloor = LoudnessMeter.floorLUFS
    /// At most this many 100 ms loudness blocks are kept (an hour).
    public static let maxLoudnessBlocks = LoudnessMeter.maxMomentaryBlocks

    public init() {}
}

/// A photo's place in the pose order.
public struct PoseSlot: Codable, Sendable, Hashable {
    /// 1-based position in the pose order.
    public var position: Int
    /// The pose id, e.g. `neutral`.
    public var pose: String

    public init(position: Int, pose: String) {
        self.position = position
        self.pose = pose
    }
}

/// A point in displayed pixels.
public struct FacePoint: Codable, Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A small colour JPEG (libjpeg) of a displayed picture.
public struct Thumbnail: Codable, Sendable, Hashable {
    /// The JPEG bytes.
    public var jpeg: Data
    /// The thumbnail's own size in pixels.
    public var width: Int
    public var height: Int

    /// The thumbnails' long side: 50 sessions of 5 photos and 3 frames stay under 20 MB of HTML
    /// (see docs/report.md for the measurement).
    public static let longSide = 320
    /// libjpeg quality.
    public static let quality = 75

    public init(jpeg: Data, width: Int, height: Int) {
        self.jpeg = jpeg
        self.width = width
        self.height = height
    }

    /// Shrinks a working-size picture to `longSide` (``longSide`` by default) and encodes it in colour; nil when
    /// libjpeg refuses.
    init?(_ picture: ColourImage, longSide: Int = Thumbnail.longSide) {
        guard picture.width > 0, picture.height > 0, picture.pixels.count >= picture.width * picture.height * 3 else { return nil }
        let small = picture.shrunk(toLongSide: longSide)
        var bytes: UnsafeMutableRawPointer?
        var count = 0
        var info = twin_image_info()
        let status = small.pixels.withUnsafeBytes { raw in
            twin_jpeg_encode(raw.baseAddress, raw.count, UInt32(clamping: small.width), UInt32(clamping: small.height), 3,
                             Int32(Self.quality), &bytes, &count, &info)
        }
        defer { twin_jpeg_free(bytes) }
        guard status == TWIN_IMAGE_OK, let bytes, count > 0 else { return nil }
        self.init(jpeg: Data(bytes: bytes, count: count), width: small.width, height: small.height)
    }
}

/// One picture of a video as displayed, with the faces found in it.
public struct VideoFrame: Codable, Sendable, Hashable {
    /// `first`, `middle` or `last`.
    public var label: String
    public var thumbnail: Thumbnail?
    /// Faces in displayed pixels of the video.
    public var faces: [Face]
    /// The landmarks of each face, in displayed pixels.
    public var landmarks: [[FacePoint]]

    public init(label: String, thumbnail: Thumbnail?, faces: [Face], landmarks: [[FacePoint]]) {
        self.label = label
        self.thumbnail = thumbnail
        self.faces = faces
        self.landmarks = landmarks
    }
}

/// A stretch of a recording, in seconds from its start.
public struct SpeechInterval: Codable, Sendable, Hashable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Runs of 100 ms blocks at or above `level`, gaps shorter than `bridge` seconds joined.
    static func voiced(momentary: [Double], level: Double, bridge: Double = 0.3) -> [SpeechInterval] {
        var intervals: [SpeechInterval] = []
        for (index, value) in momentary.enumerated() where value >= level {
            let start = Double(index) / 10, end = Double(index + 1) / 10
            if let last = intervals.last, start - last.end <= bridge {
                intervals[intervals.count - 1].end = end
            } else {
                intervals.append(SpeechInterval(start: start, end: end))
            }
        }
        return intervals
    }
}

/// A script word and whether the recogniser heard it (in order).
public struct ScriptWord: Codable, Sendable, Hashable {
    public var word: String
    public var heard: Bool

    public init(word: String, heard: Bool) {
        self.word = word
        self.heard = heard
    }
}
