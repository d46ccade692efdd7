internal import TwinFaces

/// The media layer's error: a bad profile file, a media library failure, a folder that
/// cannot be listed. (Problems *with a media file* are ``Finding``s, not errors.)
public struct MediaError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A `--profile` file that is missing, not TOML, or has unknown keys or wrong types.
        public static let invalidProfile = Code("invalid-profile")
        /// FFmpeg returned an error code.
        public static let ffmpeg = Code("ffmpeg")
        /// The loudness meter (libebur128) could not be set up for the audio's channels and rate.
        public static let loudness = Code("loudness")
        /// The speech recogniser (PocketSphinx) could not be loaded or failed.
        public static let speech = Code("speech")
        /// A file or folder could not be read.
        public static let unreadable = Code("unreadable")
        /// The face shim (dlib) failed: the landmark model is missing or dlib threw.
        public static let faceCheckFailed = Code("face-check-failed")
    }

    public let code: Code
    /// What went wrong and what to do about it.
    public let message: String
    /// FFmpeg's numeric error code, when the failure came from FFmpeg.
    public let ffmpegStatus: Int32?

    init(_ code: Code, _ message: String, ffmpegStatus: Int32? = nil) {
        self.code = code
        self.message = message
        self.ffmpegStatus = ffmpegStatus
    }

    public var description: String { message }
}

extension MediaError {
    /// The face engine's failure, as the media layer reports it.
    init(_ error: FaceError) {
        self.init(.faceCheckFailed, error.message)
    }
}
