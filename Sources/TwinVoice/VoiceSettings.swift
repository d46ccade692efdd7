internal import Foundation

/// The thresholds of the voice check (`[voice]` in a profile), calibrated on the fixture matrix
/// (see docs/voice.md).
public struct VoiceThresholds: Sendable, Hashable {
    /// Whether the CLI runs the voice check by default (`[voice] enabled = false` turns it off, as
    /// `--no-voice-check` does).
    public var enabled = true
    /// Integrated loudness below this (LUFS), or digital silence: `silent-audio`.
    public var silentLUFS = -50.0
    /// Integrated loudness below this (LUFS): `quiet-audio`.
    public var quietLUFS = -30.0
    /// Fewer seconds of recognised speech than this: `no-speech`.
    public var minSpeechSeconds = 3.0
    /// A 100 ms block whose momentary loudness reaches this (LUFS) carries voice-level signal.
    public var voiceLevelLUFS = -45.0
    /// A 100 ms block whose true peak reaches this (dBTP) is clipped.
    public var clippedDBTP = -0.5
    /// A larger share (0…1) of clipped blocks than this: `clipped-audio`.
    public var clippedShare = 0.01
    /// Script coverage below this: `script-mismatch` error.
    public var scriptErrorCoverage = 0.30
    /// Script coverage below this (and at or above the error level): `script-mismatch` warning.
    public var scriptWarningCoverage = 0.60

    public init() {}
}

/// The voice check's settings for a video: the script to recite, and its language.
public struct VoiceSettings: Sendable, Hashable {
    /// The text the speaker should recite; nil checks loudness and speech only.
    public var script: String?
    /// The script's language as the API names it (`English`); only English is recognised.
    public var language: String

    public init(script: String? = nil, language: String = "English") {
        self.script = script
        self.language = language
    }

    /// Whether speech in the script's language is recognised (English only).
    public var recognisesLanguage: Bool { language.caseInsensitiveCompare("English") == .orderedSame }

    /// Whether the script can be compared with what was said (a script in English).
    public var recognisesScript: Bool { script != nil && recognisesLanguage }
}

/// What the voice check measured in a video's audio (the `voice` object of a JSON report).
public struct VoiceReport: Codable, Sendable, Hashable {
    /// Integrated loudness (EBU R 128) in LUFS; nil for digital silence.
    public var loudnessLUFS: Double?
    /// Loudness range in LU.
    public var loudnessRangeLU: Double?
    /// The highest true peak in dBTP; nil for digital silence.
    public var truePeakDBTP: Double?
    /// Seconds of recognised speech: words PocketSphinx heard in blocks with voice-level signal.
    public var speechSeconds: Double?
    /// The share (0…1) of the script's words heard in order; nil when the script was not checked.
    public var scriptCoverage: Double?
    /// What the recogniser heard (English words), nil when recognition did not run.
    public var transcript: String?
    /// Whether the words were compared with the script.
    public var scriptChecked: Bool
    /// Why the script was not checked, when it was not.
    public var scriptNote: String?

    public init(scriptChecked: Bool = false) { self.scriptChecked = scriptChecked }

    /// One line for the text report: "voice: -16.2 LUFS, true peak -1.0 dBTP, 15.3 s of speech, script 98% heard".
    public var summary: String {
        var parts = [loudnessLUFS.map { String(format: "%.1f LUFS", $0) } ?? (truePeakDBTP == nil ? "digital silence" : "below -70 LUFS")]
        if let truePeakDBTP { parts.append(String(format: "true peak %.1f dBTP", truePeakDBTP)) }
        if let speechSeconds { parts.append(String(format: "%.1f s of speech", speechSeconds)) }
        if let scriptCoverage {
            parts.append("script \(Int((scriptCoverage * 100).rounded()))% heard")
        } else {
            parts.append("script not checked" + (scriptNote.map { ": \($0)" } ?? ""))
        }
        return "voice: " + parts.joined(separator: ", ")
    }

    private enum CodingKeys: String, CodingKey {
        case loudnessLUFS, loudnessRangeLU, truePeakDBTP, speechSeconds, scriptCoverage, transcript, scriptChecked, scriptNote
    }

    /// Encodes every key, `null` for unknown values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(loudnessLUFS, forKey: .loudnessLUFS)
        try container.encode(loudnessRangeLU, forKey: .loudnessRangeLU)
        try container.encode(truePeakDBTP, forKey: .truePeakDBTP)
        try container.encode(speechSeconds, forKey: .speechSeconds)
        try container.encode(scriptCoverage, forKey: .scriptCoverage)
        try container.encode(transcript, forKey: .transcript)
        try container.encode(scriptChecked, forKey: .scriptChecked)
        try container.encode(scriptNote, forKey: .scriptNote)
    }
}

/// The former name of ``VoiceSettings``.
@available(*, deprecated, renamed: "VoiceSettings")
public typealias VoiceCheck = VoiceSettings
