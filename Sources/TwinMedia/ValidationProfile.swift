public import Foundation
internal import TOMLKit
public import TwinFaces
internal import TwinFiles
public import TwinVoice

/// The thresholds and allow-lists `twin validate` judges media against.
///
/// ``builtIn`` holds the defaults; a TOML file (``init(contentsOf:)``) overrides any subset:
///
/// ```toml
/// [video]
/// containers = ["mp4", "mov"]      # by content (ftyp brand), not by extension
/// codecs = ["h264", "hevc"]        # FFmpeg codec names
/// audio-codecs = ["aac", "mp3", "alac", "opus", "ac3", "eac3", "flac", "pcm_s16le", "pcm_s24le"]
/// require-audio = true
/// min-short-side = 480             # pixels, displayed; below it: low-resolution (warning)
/// min-duration = 1.0               # seconds; outside the range: duration (warning)
/// max-duration = 600.0
/// max-pixels = 35000000            # width * height of a frame; above it: too-large, nothing decoded
///
/// [image]
/// formats = ["png", "jpeg"]
/// min-short-side = 480
/// max-pixels = 100000000           # width * height from the header; above it: too-large
///
/// [voice]                          # the voice check (on by default in `twin validate`)
/// enabled = true                   # false: no voice check, as with --no-voice-check
/// silent-lufs = -50.0              # integrated loudness below it, or digital silence: silent-audio
/// quiet-lufs = -30.0               # below it: quiet-audio (warning)
/// min-speech-seconds = 3.0         # less recognised speech: no-speech
/// voice-level-lufs = -45.0         # momentary loudness of a 100 ms block that counts as voiced
/// clipped-dbtp = -0.5              # a 100 ms block peaking at or above it is clipped
/// clipped-share = 0.01             # more clipped blocks than this share: clipped-audio (warning)
/// script-error-coverage = 0.30     # script coverage below it: script-mismatch error
/// script-warning-coverage = 0.60   # below it: script-mismatch warning
///
/// [speaking]                       # does the video show the person speaking? (faces and voice checks on)
/// enabled = true
/// sample-spacing = 2.0             # a frame at least every this many seconds of voice-level speech
/// max-frames = 60
/// error-face-share = 0.5           # a face in fewer of those frames: face-missing-while-speaking error
/// warning-face-share = 0.8         # fewer: face-missing-while-speaking warning
/// min-mouth-variation = 0.02       # lip-gap spread (10th-90th percentile) below it: face-not-speaking
/// not-speaking = "warning"         # or "error"
/// ```
public struct ValidationProfile: Sendable, Hashable {
    /// Accepted video containers: `mp4`, `mov`.
    public var videoContainers: Set<String>
    /// Accepted video codecs, by FFmpeg codec name (`h264`, `hevc`, …).
    public var videoCodecs: Set<String>
    /// Accepted audio codecs, by FFmpeg codec name.
    public var audioCodecs: Set<String>
    /// Whether a video without an audio stream is an error (`no-audio`).
    public var requireAudio: Bool
    /// Minimum displayed short side of a video, in pixels (`low-resolution` warning below).
    public var minVideoShortSide: Int
    /// Accepted video duration, in seconds (`duration` warning outside).
    public var durationRange: ClosedRange<Double>
    /// The largest width × height a video's stream header may claim (`too-large` above, no frame
    /// decoded): a decoder allocates whole frames, so a forged size is a decompression bomb.
    public var maxVideoPixels: Int
    /// Accepted image formats: `png`, `jpeg`.
    public var imageFormats: Set<String>
    /// Minimum displayed short side of an image, in pixels (`low-resolution` warning below).
    public var minImageShortSide: Int
    /// The largest width × height an image header may claim (`too-large` above, nothing decoded).
    public var maxPixels: Int
    /// Thresholds of the voice check (`[voice]`), used when a ``VoiceSettings`` is asked for.
    public var voice = VoiceThresholds()
    /// The face checks' switches and thresholds (`[faces]`).
    public var faces: FaceProfile
    /// The speaking check's thresholds (`[speaking]`): run with the face checks and the voice check.
    public var speaking = SpeakingThresholds()

    /// The defaults: MP4/MOV with H.264 or HEVC and audio, 1 s to 10 min, frames of at most 35
    /// megapixels (8K UHD is 33), PNG/JPEG photos of at most 100 megapixels, short sides of at
    /// least 480 pixels.
    public static let builtIn = ValidationProfile(
        videoContainers: ["mp4", "mov"],
        videoCodecs: ["h264", "hevc"],
        audioCodecs: ["aac", "mp3", "alac", "opus", "ac3", "eac3", "flac", "pcm_s16le", "pcm_s16be", "pcm_s24le"],
        requireAudio: true,
        minVideoShortSide: 480,
        durationRange: 1...600,
        maxVideoPixels: 35_000_000,
        imageFormats: ["png", "jpeg"],
        minImageShortSide: 480,
        maxPixels: 100_000_000
    )

    public init(
        videoContainers: Set<String>, videoCodecs: Set<String>, audioCodecs: Set<String>, requireAudio: Bool,
        minVideoShortSide: Int, durationRange: ClosedRange<Double>, maxVideoPixels: Int = 35_000_000,
        imageFormats: Set<String>, minImageShortSide: Int, maxPixels: Int, faces: FaceProfile = .builtIn
    ) {
        self.videoContainers = videoContainers
        self.videoCodecs = videoCodecs
        self.audioCodecs = audioCodecs
        self.requireAudio = requireAudio
        self.minVideoShortSide = minVideoShortSide
        self.durationRange = durationRange
        self.maxVideoPixels = maxVideoPixels
        self.imageFormats = imageFormats
        self.minImageShortSide = minImageShortSide
        self.maxPixels = maxPixels
        self.faces = faces
    }

    /// The most a profile file may hold: a profile is a few lines.
    public static let maxFileBytes = 64 * 1024

    /// The built-in profile with the values of a TOML file laid over it.
    ///
    /// - Throws: ``MediaError`` (`invalid-profile`) when the file cannot be read, is not TOML,
    ///   or has an unknown key or a value of the wrong type, naming the key.
    public init(contentsOf tomlFile: URL) throws {
        let text: String
        do {
            text = try BoundedFile.readText(tomlFile, limit: Self.maxFileBytes)
        } catch {
            throw MediaError(.invalidProfile, "cannot read the profile: \(error)")
        }
        try self.init(toml: text, source: tomlFile.path)
    }

    /// The built-in profile with the values of TOML text laid over it (`source` names it in errors).
    public init(toml text: String, source: String = "profile") throws {
        if let problem = TOMLGuard.problem(in: text) {
            throw MediaError(.invalidProfile, "\(source): not valid TOML: \(problem)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw MediaError(.invalidProfile,
                             "\(source):\(error.source.begin.line): not valid TOML: \(error.description)")
        }
        var profile = ValidationProfile.builtIn
        let reader = ProfileReader(source: source)
        try reader.expectOnly(["video", "image", "voice", "faces", "speaking"], in: table, section: nil)
        if let video = try reader.section("video", in: table) {
            try reader.expectOnly(["containers", "codecs", "audio-codecs", "require-audio", "min-short-side",
                                   "min-duration", "max-duration", "max-pixels"], in: video, section: "video")
            profile.videoContainers = try reader.names("containers", in: video, section: "video") ?? profile.videoContainers
            profile.videoCodecs = try reader.names("codecs", in: video, section: "video") ?? profile.videoCodecs
            profile.audioCodecs = try reader.names("audio-codecs", in: video, section: "video") ?? profile.audioCodecs
            profile.requireAudio = try reader.bool("require-audio", in: video, section: "video") ?? profile.requireAudio
            profile.minVideoShortSide = try reader.int("min-short-side", in: video, section: "video")
                ?? profile.minVideoShortSide
            let low = try reader.seconds("min-duration", in: video, section: "video") ?? profile.durationRange.lowerBound
            let high = try reader.seconds("max-duration", in: video, section: "video") ?? profile.durationRange.upperBound
            guard low <= high else {
                throw MediaError(.invalidProfile, "\(source): [video] min-duration (\(low)) is above max-duration (\(high))")
            }
            profile.durationRange = low...high
            profile.maxVideoPixels = try reader.int("max-pixels", in: video, section: "video") ?? profile.maxVideoPixels
        }
        if let image = try reader.section("image", in: table) {
            try reader.expectOnly(["formats", "min-short-side", "max-pixels"], in: image, section: "image")
            profile.imageFormats = try reader.names("formats", in: image, section: "image") ?? profile.imageFormats
            profile.minImageShortSide = try reader.int("min-short-side", in: image, section: "image")
                ?? profile.minImageShortSide
            profile.maxPixels = try reader.int("max-pixels", in: image, section: "image") ?? profile.maxPixels
        }
        if let voice = try reader.section("voice", in: table) {
            profile.voice = try Self.voiceThresholds(voice, reader: reader, over: profile.voice)
        }
        if let faces = try reader.section("faces", in: table) {
            profile.faces = try reader.faceProfile(faces, over: profile.faces)
        }
        if let speaking = try reader.section("speaking", in: table) {
            profile.speaking = try reader.speakingThresholds(speaking, over: profile.speaking)
        }
        self = profile
    }

    private static func voiceThresholds(_ table: TOMLTable, reader: ProfileReader, over defaults: VoiceThresholds)
        throws -> VoiceThresholds {
        let keys: [(String, WritableKeyPath<VoiceThresholds, Double>)] = [
            ("silent-lufs", \.silentLUFS), ("quiet-lufs", \.quietLUFS), ("min-speech-seconds", \.minSpeechSeconds),
            ("voice-level-lufs", \.voiceLevelLUFS), ("clipped-dbtp", \.clippedDBTP), ("clipped-share", \.clippedShare),
            ("script-error-coverage", \.scriptErrorCoverage), ("script-warning-coverage", \.scriptWarningCoverage),
        ]
        try reader.expectOnly(keys.map(\.0) + ["enabled"], in: table, section: "voice")
        var thresholds = defaults
        thresholds.enabled = try reader.bool("enabled", in: table, section: "voice") ?? thresholds.enabled
        for (key, path) in keys {
            // Levels in LUFS and dBTP are negative: any finite number.
            if let value = try reader.number(key, in: table, section: "voice", minimum: nil, expected: "a number") {
                thresholds[keyPath: path] = value
            }
        }
        return thresholds
    }
}

/// Typed reads from a TOML table that name the offending key when a value has the wrong type.
private struct ProfileReader {
    let source: String

    private func wrongType(_ key: String, _ section: String?, _ expected: String) -> MediaError {
        MediaError(.invalidProfile, "\(source): \(section.map { "[\($0)] " } ?? "")\(key) must be \(expected)")
    }

    func expectOnly(_ known: [String], in table: TOMLTable, section: String?) throws {
        for key in table.keys where !known.contains(key) {
            let place = section.map { "[\($0)]" } ?? "the top level"
            throw MediaError(.invalidProfile,
                             "\(source): unknown key \"\(key)\" in \(place); known keys: \(known.joined(separator: ", "))")
        }
    }

    func section(_ key: String, in table: TOMLTable) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let section = value.table else { throw wrongType(key, nil, "a table ([\(key)])") }
        return section
    }

    func names(_ key: String, in table: TOMLTable, section: String) throws -> Set<String>? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw wrongType(key, section, "an array of strings") }
        var names: Set<String> = []
        for element in array {
            guard let name = element.string else { throw wrongType(key, section, "an array of strings") }
            names.insert(name.lowercased())
        }
        return names
    }

    func bool(_ key: String, in table: TOMLTable, section: String) throws -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw wrongType(key, section, "true or false") }
        return bool
    }

    func int(_ key: String, in table: TOMLTable, section: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int, int >= 0 else { throw wrongType(key, section, "a whole number ≥ 0") }
        return int
    }

    func seconds(_ key: String, in table: TOMLTable, section: String) throws -> Double? {
        try number(key, in: table, section: section, expected: "a number of seconds ≥ 0")
    }

    /// A finite number, at least `minimum` when one is given.
    func number(_ key: String, in table: TOMLTable, section: String, minimum: Double? = 0,
                expected: String = "a number ≥ 0") throws -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.double ?? value.int.map(Double.init), number.isFinite,
              minimum.map({ number >= $0 }) ?? true else {
            throw wrongType(key, section, expected)
        }
        return number
    }

    func string(_ key: String, in table: TOMLTable, section: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw wrongType(key, section, "a string") }
        return string
    }

    /// `[faces]` laid over `base`.
    func faceProfile(_ table: TOMLTable, over base: FaceProfile) throws -> FaceProfile {
        let section = "faces"
        try expectOnly(["enabled", "skip", "working-size", "min-score", "min-face-height", "centre-band",
                        "min-sharpness", "min-brightness", "max-brightness", "model", "identity-model",
                        "max-identity-distance"], in: table, section: section)
        var faces = base
        faces.enabled = try bool("enabled", in: table, section: section) ?? faces.enabled
        faces.skip = try names("skip", in: table, section: section) ?? faces.skip
        let known = FaceProfile.checkCodes.map(\.rawValue)
        for code in faces.skip where !known.contains(code) {
            throw MediaError(.invalidProfile, "\(source): [faces] skip names \"\(code)\", not a face check; "
                + "known: \(known.joined(separator: ", "))")
        }
        if let size = try int("working-size", in: table, section: section) {
            guard (200...4000).contains(size) else { throw wrongType("working-size", section, "between 200 and 4000") }
            faces.workingSize = size
        }
        faces.minScore = try number("min-score", in: table, section: section) ?? faces.minScore
        faces.minFaceHeight = try number("min-face-height", in: table, section: section) ?? faces.minFaceHeight
        faces.centreBand = try number("centre-band", in: table, section: section) ?? faces.centreBand
        faces.minSharpness = try number("min-sharpness", in: table, section: section) ?? faces.minSharpness
        let low = try number("min-brightness", in: table, section: section) ?? faces.brightnessRange.lowerBound
        let high = try number("max-brightness", in: table, section: section) ?? faces.brightnessRange.upperBound
        guard low <= high else {
            throw MediaError(.invalidProfile, "\(source): [faces] min-brightness (\(low)) is above max-brightness (\(high))")
        }
        faces.brightnessRange = low...high
        faces.modelPath = try string("model", in: table, section: section) ?? faces.modelPath
        faces.identityModel = try string("identity-model", in: table, section: section) ?? faces.identityModel
        faces.maxIdentityDistance = try number("max-identity-distance", in: table, section: section) ?? faces.maxIdentityDistance
        return faces
    }

    /// `[speaking]` laid over `base`.
    func speakingThresholds(_ table: TOMLTable, over base: SpeakingThresholds) throws -> SpeakingThresholds {
        let section = "speaking"
        try expectOnly(["enabled", "sample-spacing", "max-frames", "error-face-share", "warning-face-share",
                        "min-mouth-variation", "not-speaking"], in: table, section: section)
        var speaking = base
        speaking.enabled = try bool("enabled", in: table, section: section) ?? speaking.enabled
        if let spacing = try number("sample-spacing", in: table, section: section, minimum: 0.1,
                                    expected: "a number of seconds ≥ 0.1") {
            speaking.sampleSpacing = spacing
        }
        if let frames = try int("max-frames", in: table, section: section) {
            guard (1...600).contains(frames) else { throw wrongType("max-frames", section, "between 1 and 600") }
            speaking.maxFrames = frames
        }
        for (key, path) in [("error-face-share", \SpeakingThresholds.errorFaceShare),
                            ("warning-face-share", \SpeakingThresholds.warningFaceShare)] {
            if let share = try number(key, in: table, section: section) {
                guard share <= 1 else { throw wrongType(key, section, "a share between 0 and 1") }
                speaking[keyPath: path] = share
            }
        }
        speaking.minMouthVariation = try number("min-mouth-variation", in: table, section: section) ?? speaking.minMouthVariation
        if let name = try string("not-speaking", in: table, section: section) {
            guard let severity = Severity(rawValue: name) else { throw wrongType("not-speaking", section, "\"warning\" or \"error\"") }
            speaking.notSpeakingSeverity = severity
        }
        return speaking
    }
}
