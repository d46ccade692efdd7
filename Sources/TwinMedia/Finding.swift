/// How bad a finding is: errors fail validation, warnings fail it only under `--strict`.
public enum Severity: String, Codable, Sendable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// A stable, machine-readable finding code such as `not-vertical`.
///
/// Codes are part of the public contract (JSON, JUnit, GitHub annotations): never rename one.
public struct FindingCode: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let unreadable: FindingCode = "unreadable"
    public static let unsupportedFormat: FindingCode = "unsupported-format"
    public static let unsupportedCodec: FindingCode = "unsupported-codec"
    public static let notVertical: FindingCode = "not-vertical"
    public static let corrupt: FindingCode = "corrupt"
    public static let noVideoStream: FindingCode = "no-video-stream"
    public static let noAudio: FindingCode = "no-audio"
    public static let tooLarge: FindingCode = "too-large"
    public static let extensionMismatch: FindingCode = "extension-mismatch"
    public static let lowResolution: FindingCode = "low-resolution"
    public static let duration: FindingCode = "duration"
    public static let variableFrameRate: FindingCode = "variable-frame-rate"
    public static let silentAudio: FindingCode = "silent-audio"
    public static let noSpeech: FindingCode = "no-speech"
    public static let quietAudio: FindingCode = "quiet-audio"
    public static let clippedAudio: FindingCode = "clipped-audio"
    public static let scriptMismatch: FindingCode = "script-mismatch"
    /// The speech recogniser could not run (its model is missing or broken): speech and script were not checked.
    public static let voiceNotChecked: FindingCode = "voice-not-checked"
    public static let noFace: FindingCode = "no-face"
    public static let faceNotUpright: FindingCode = "face-not-upright"
    public static let faceNotChecked: FindingCode = "face-not-checked"
    public static let cmykPhoto: FindingCode = "cmyk-photo"
    public static let faceMissingWhileSpeaking: FindingCode = "face-missing-while-speaking"
    public static let faceNotSpeaking: FindingCode = "face-not-speaking"
    public static let multipleFaces: FindingCode = "multiple-faces"
    public static let faceTooSmall: FindingCode = "face-too-small"
    public static let faceOffCentre: FindingCode = "face-off-centre"
    public static let blurry: FindingCode = "blurry"
    public static let underexposed: FindingCode = "underexposed"
    public static let overexposed: FindingCode = "overexposed"
}

/// One thing validation found wrong with a file (or a session).
public struct Finding: Codable, Sendable, Hashable {
    public var code: FindingCode
    public var severity: Severity
    /// A sentence a person can act on: what is wrong and what to do about it.
    public var message: String

    public init(code: FindingCode, severity: Severity, message: String) {
        self.code = code
        self.severity = severity
        self.message = message
    }

    public static func error(_ code: FindingCode, _ message: String) -> Finding {
        Finding(code: code, severity: .error, message: message)
    }

    public static func warning(_ code: FindingCode, _ message: String) -> Finding {
        Finding(code: code, severity: .warning, message: message)
    }
}
