internal import Foundation
internal import TwinVoice

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
    func inspectVoice(file: VideoFile, check: VoiceSettings, into report: inout FileReport,
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
            let pieces = SpeechPieces(sampleCount: track.samples.count, sampleRate: SpeechRecogniser.sampleRate,
                                      momentary: track.loudness.momentaryLUFS, maxPieces: scriptText == nil ? 1 : SpeechPieces.maxPieces)
            let recognition = BackgroundRecognition(track.samples, in: pieces, script: scriptText)
            alongside(voiced)
            recognised = try recognition.result()
        } catch {
            // Could not listen is not "no speech": a warning of its own, and the speech and script stay unjudged.
            voice.scriptNote = "speech recognition failed: \(error.message)"
            // The recogniser's error says what to do: a model problem names the package to install.
            report.add(.warning(.voiceNotChecked, "The speech check could not run (\(error.message)): whether the video "
                + "holds speech and recites the script was not checked."))
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
