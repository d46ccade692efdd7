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

/// What the voice check asks of a video: the script to recite, and its language.
public struct VoiceCheck: Sendable, Hashable {
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

extension MediaValidator {
    /// Measures the audio of an opened video, recognises its speech and judges it against the
    /// profile's `[voice]` thresholds; adds the findings and the `voice` object to `report`.
    /// Returns the stretches of voice-level signal the speaking check samples (nil when the audio cannot be
    /// decoded or is silent).
    ///
    /// `alongside` runs while the speech is recognised (on other threads), with the stretches of voice-level signal:
    /// the speaking check, which needs them and not the words, overlaps the recognition. It runs exactly when this
    /// returns those stretches.
    @discardableResult
    func inspectVoice(file: VideoFile, check: VoiceCheck, into report: inout FileReport,
                      alongside: ([SpeechInterval]) -> Void = { _ in }) -> [SpeechInterval]? {
        let thresholds = profile.voice
        var voice = VoiceReport()
        let track: AudioTrack
        do {
            track = try AudioTrack(file: file, maxSeconds: profile.durationRange.upperBound + 60, thresholds: thresholds)
        } catch {
            report.add(.error(.corrupt, "The audio cannot be decoded for the voice check (\(error.message)): export the video again."))
            return nil
        }
        voice.loudnessLUFS = track.loudness.integratedLUFS.map { ($0 * 10).rounded() / 10 }
        voice.loudnessRangeLU = track.loudness.rangeLU.map { ($0 * 10).rounded() / 10 }
        voice.truePeakDBTP = track.loudness.truePeakDBTP.map { ($0 * 10).rounded() / 10 }
        let voiced = SpeechInterval.voiced(momentary: track.loudness.momentaryLUFS, level: thresholds.voiceLevelLUFS)
        if collectReportData {
            report.detail = report.detail ?? ReportDetail()
            report.detail?.momentaryLUFS = track.loudness.momentaryLUFS
            report.detail?.speechIntervals = voiced
        }
        defer {
            report.voice = voice
            report.notes.append(voice.summary)
        }
        if track.loudness.nonFiniteSamples > 0 {
            report.notes.append("\(track.loudness.nonFiniteSamples) audio samples are not finite numbers (Inf or NaN): "
                + "they were measured as silence, and a measure they spoil is left out (null)")
        }

        let loudness = track.loudness.integratedLUFS
        if loudness == nil || loudness! < thresholds.silentLUFS {
            voice.speechSeconds = 0
            voice.scriptNote = "the audio is silent"
            // libebur128 gates blocks below -70 LUFS out, so a muted microphone can have no integrated
            // loudness at all: only the true peak tells it from digital silence.
            let level = loudness.map {
                "The audio is almost silent (\(String(format: "%.1f", $0)) LUFS, below \(format(thresholds.silentLUFS)) LUFS)"
            } ?? track.loudness.truePeakDBTP.map {
                "The audio is almost silent (below -70 LUFS, peaking at \(String(format: "%.1f", $0)) dBTP)"
            } ?? "The audio track is digital silence"
            report.add(.error(.silentAudio, level + ": check the microphone is on and not muted, and record again."))
            return nil
        }
        if loudness! < thresholds.quietLUFS {
            report.add(.warning(.quietAudio, "The audio is quiet (\(String(format: "%.1f", loudness!)) LUFS, below "
                + "\(format(thresholds.quietLUFS)) LUFS): hold the phone closer or speak up, so the voice can be judged."))
        }
        if track.loudness.clippedShare > thresholds.clippedShare {
            report.add(.warning(.clippedAudio, "The audio clips: \(Int((track.loudness.clippedShare * 100).rounded()))% of it "
                + "peaks at or above \(format(thresholds.clippedDBTP)) dBTP (true peak "
                + "\(String(format: "%.1f", track.loudness.truePeakDBTP ?? 0)) dBTP), which distorts the voice: "
                + "lower the input gain or move the microphone away."))
        }

        let scriptText = check.recognisesScript ? check.script.map(ScriptText.init) : nil
        let recognised: (transcript: String, speechSeconds: Double)
        do {
            // In pieces only with a script (submit and batch always give one, and wait for its check): a second
            // recogniser costs about 110 MB, which a check of loudness and speech alone does not spend.
            let pieces = SpeechPieces(sampleCount: track.samples.count, sampleRate: AudioTrack.recogniserRate,
                                      momentary: track.loudness.momentaryLUFS, maxPieces: scriptText == nil ? 1 : SpeechPieces.maxPieces)
            let recognition = BackgroundRecognition(track.samples, in: pieces, script: scriptText)
            alongside(voiced)
            recognised = try recognition.result()
        } catch {
            voice.scriptNote = "speech recognition failed: \(error.message)"
            report.add(.error(.noSpeech, "The speech in the audio could not be recognised (\(error.message))."))
            return voiced
        }
        voice.transcript = recognised.transcript
        // Recognised words only count where the signal is at voice level (not a whisper of noise).
        let speech = min(recognised.speechSeconds, track.loudness.voicedSeconds)
        voice.speechSeconds = (speech * 10).rounded() / 10
        if speech < thresholds.minSpeechSeconds {
            report.add(.error(.noSpeech, "Only \(String(format: "%.1f", speech)) s of speech was heard (at least "
                + "\(format(thresholds.minSpeechSeconds)) s needed): the video must show you reciting the script aloud."))
        }
        guard let scriptText else {
            voice.scriptNote = !check.recognisesLanguage ? "the script is in \(check.language); only English speech is recognised"
                : "no script was given"
            return voiced
        }
        let coverage = ScriptCoverage(script: scriptText.words, heard: ScriptText.words(of: recognised.transcript))
        voice.scriptChecked = true
        voice.scriptCoverage = (coverage.coverage * 100).rounded() / 100
        if collectReportData {
            report.detail?.scriptWords = zip(scriptText.words, coverage.wordsHeard).map { ScriptWord(word: $0, heard: $1) }
        }
        guard coverage.coverage < thresholds.scriptWarningCoverage else { return voiced }
        let message = "Only \(Int((coverage.coverage * 100).rounded()))% of the script was heard in order"
            + (coverage.firstMissedPassage.map { "; not heard: \"\($0)\"" } ?? "")
            + ". Record the video reciting the script from /script, word for word."
        report.add(coverage.coverage < thresholds.scriptErrorCoverage
            ? .error(.scriptMismatch, message) : .warning(.scriptMismatch, message))
        return voiced
    }

    private func format(_ value: Double) -> String { String(format: "%g", value) }
}
