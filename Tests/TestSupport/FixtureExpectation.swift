/// What `twin validate` must say about one committed fixture (shared by the library and CLI tests).
public struct FixtureExpectation: Sendable, CustomStringConvertible {
    /// Path relative to `fixtures/`.
    public let path: String
    /// The exact set of finding codes.
    public let codes: Set<String>
    public let format: String?
    /// Displayed width x height, if known.
    public let size: (Int, Int)?
    /// Stored width x height (defaults to `size` when there is no rotation).
    public let stored: (Int, Int)?
    public let rotation: Int?
    public let videoCodec: String?
    public let audioCodec: String?

    public var description: String { path }

    /// Whether the fixture passes without `--strict` (no error-level codes).
    public var ok: Bool { codes.isSubset(of: FixtureExpectation.warningCodes) }

    public static let warningCodes: Set<String> = ["extension-mismatch", "low-resolution", "duration", "variable-frame-rate"]

    /// The codes the CLI's default voice check adds (the library's `MediaValidator()` runs none).
    /// The videos under `video/` are test patterns with a 440 Hz tone: each one whose audio is
    /// decoded gets `no-speech`; `too-long.mp4`'s audio is digital silence (`silent-audio`). The
    /// demo video recites a script and gets none. Nothing is added where the audio is never reached
    /// (no audio, not a video, too large, corrupt).
    public var voiceCodes: Set<String> {
        guard path.hasPrefix("video/"), audioCodec != nil, videoCodec != nil,
              codes.isDisjoint(with: ["too-large", "corrupt", "unsupported-format", "no-video-stream", "unreadable"]) else {
            return []
        }
        return path == "video/too-long.mp4" ? ["silent-audio"] : ["no-speech"]
    }

    init(_ path: String, _ codes: Set<String> = [], format: String?, size: (Int, Int)? = nil,
         stored: (Int, Int)? = nil, rotation: Int? = nil, video: String? = nil, audio: String? = nil) {
        self.path = path
        self.codes = codes
        self.format = format
        self.size = size
        self.stored = stored ?? (rotation.map { $0 % 180 != 0 } == true ? size.map { ($0.1, $0.0) } : size)
        self.rotation = rotation
        self.videoCodec = video
        self.audioCodec = audio
    }

    /// Every fixture file under `fixtures/video` and `fixtures/image`, with its verdict. The fixtures are test
    /// patterns, not faces: with the face checks on (the default) every one that decodes also gets `no-face`.
    public static let all: [FixtureExpectation] = videos + images + demo

    public static let videos: [FixtureExpectation] = [
        .init("video/vertical-h264-aac.mp4", ["no-face"], format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/vertical.mov", ["no-face"], format: "mov", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/vertical-hevc.mp4", ["no-face"], format: "mp4", size: (480, 848), rotation: 0, video: "hevc", audio: "aac"),
        .init("video/landscape.mp4", ["not-vertical", "no-face"], format: "mp4",
              size: (848, 480), rotation: 0, video: "h264", audio: "aac"),
        .init("video/too-large.mp4", ["too-large"], format: "mp4", rotation: 0, video: "h264", audio: "aac"),
        .init("video/square.mp4", ["not-vertical", "no-face"], format: "mp4", size: (480, 480), rotation: 0, video: "h264", audio: "aac"),
        .init("video/rotated-1920x1080-cw90.mp4", ["no-face"], format: "mp4",
              size: (1080, 1920), rotation: 90, video: "h264", audio: "aac"),
        .init("video/rotated-1920x1080-cw270.mp4", ["no-face"], format: "mp4",
              size: (1080, 1920), rotation: 270, video: "h264", audio: "aac"),
        .init("video/rotated-1080x1920-cw90.mp4", ["not-vertical", "no-face"], format: "mp4", size: (1920, 1080), rotation: 90,
              video: "h264", audio: "aac"),
        .init("video/rotated-cw180.mp4", ["no-face"], format: "mp4", size: (480, 848), rotation: 180, video: "h264", audio: "aac"),
        .init("video/no-audio.mp4", ["no-audio", "no-face"], format: "mp4", size: (480, 848), rotation: 0, video: "h264"),
        .init("video/audio-only.mp4", ["no-video-stream"], format: "mp4", audio: "aac"),
        .init("video/audio-cover-art.mp4", ["no-video-stream"], format: "mp4", audio: "aac"),
        .init("video/matroska-renamed.mp4", ["unsupported-format"], format: "matroska"),
        .init("video/webm-renamed.mp4", ["unsupported-format"], format: "webm"),
        .init("video/mpegts-renamed.mp4", ["unsupported-format"], format: "mpegts"),
        .init("video/text-renamed.mp4", ["unsupported-format"], format: "text"),
        .init("video/empty.mp4", ["unreadable"], format: nil),
        .init("video/mov-named.mp4", ["extension-mismatch", "no-face"], format: "mov",
              size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/codec-mpeg4.mp4", ["unsupported-codec", "no-face"], format: "mp4",
              size: (480, 848), rotation: 0, video: "mpeg4", audio: "aac"),
        .init("video/codec-vp9.mp4", ["unsupported-codec", "low-resolution", "no-face"], format: "mp4", size: (240, 424), rotation: 0,
              video: "vp9", audio: "aac"),
        .init("video/truncated.mp4", ["corrupt"], format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/truncated-no-index.mp4", ["corrupt"], format: "mp4"),
        .init("video/damaged-end.mp4", ["corrupt"], format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        // The face checks' middle keyframe lands in the burst (without them only --deep finds it).
        .init("video/garbage-burst.mp4", ["corrupt"], format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/vfr.mp4", ["variable-frame-rate", "no-face"], format: "mp4",
              size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/too-short.mp4", ["duration", "no-face"], format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/too-long.mp4", ["duration", "no-face"], format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
        .init("video/low-resolution.mp4", ["low-resolution", "no-face"], format: "mp4",
              size: (240, 424), rotation: 0, video: "h264", audio: "aac"),
    ]

    public static let images: [FixtureExpectation] = [
        .init("image/vertical.png", ["no-face"], format: "png", size: (480, 720), rotation: 0),
        .init("image/vertical.jpg", ["no-face"], format: "jpeg", size: (480, 720), rotation: 0),
        .init("image/landscape.png", ["not-vertical", "no-face"], format: "png", size: (720, 480), rotation: 0),
        .init("image/landscape.jpg", ["not-vertical", "no-face"], format: "jpeg", size: (720, 480), rotation: 0),
        .init("image/square.png", ["not-vertical", "no-face"], format: "png", size: (600, 600), rotation: 0),
        .init("image/square.jpg", ["not-vertical", "no-face"], format: "jpeg", size: (600, 600), rotation: 0),
        .init("image/low-resolution.jpg", ["low-resolution", "no-face"], format: "jpeg", size: (240, 320), rotation: 0),
        .init("image/exif-6-stored-landscape.jpg", ["no-face"], format: "jpeg", size: (480, 720), rotation: 90),
        .init("image/exif-8-stored-landscape.jpg", ["no-face"], format: "jpeg", size: (480, 720), rotation: 270),
        .init("image/exif-6-stored-portrait.jpg", ["not-vertical", "no-face"], format: "jpeg", size: (720, 480), rotation: 90),
        .init("image/png-exif-6.png", ["no-face"], format: "png", size: (480, 720), rotation: 90),
        .init("image/truncated.jpg", ["corrupt"], format: "jpeg", size: (480, 720), rotation: 0),
        .init("image/corrupt-crc.png", ["corrupt"], format: "png", size: (480, 720), rotation: 0),
        .init("image/corrupt-data.png", ["corrupt"], format: "png", size: (480, 720), rotation: 0),
        .init("image/empty.jpg", ["unreadable"], format: nil),
        .init("image/heic-renamed.jpg", ["unsupported-format"], format: "heic"),
        .init("image/photo.heic", ["unsupported-format"], format: "heic"),
        .init("image/webp-renamed.jpg", ["unsupported-format"], format: "webp"),
        .init("image/gif-renamed.jpg", ["unsupported-format"], format: "gif"),
        .init("image/tiff-renamed.jpg", ["unsupported-format"], format: "tiff"),
        .init("image/text-renamed.jpg", ["unsupported-format"], format: "text"),
        .init("image/png-named.jpg", ["extension-mismatch", "no-face"], format: "png", size: (480, 720), rotation: 0),
        .init("image/jpeg-named.png", ["extension-mismatch", "no-face"], format: "jpeg", size: (480, 720), rotation: 0),
        // A header over the pixel guard is not believed: no size is reported (the message quotes the claim).
        .init("image/too-large.png", ["too-large"], format: "png"),
        .init("image/too-large.jpg", ["too-large"], format: "jpeg"),
    ]

    public static let demo: [FixtureExpectation] = [
        .init("sessions/demo/video.mp4", format: "mp4", size: (480, 848), rotation: 0, video: "h264", audio: "aac"),
    ] + ["neutral", "ooh", "teeth", "aah", "pursed"].map {
        .init("sessions/demo/\($0).jpg", format: "jpeg", size: (600, 800), rotation: 0)
    }
}
