internal import TwinVoice
internal import CFFmpeg
internal import CTwinShims

/// The decoded audio of a video: loudness measured at the track's own rate and channels, and a mono copy at the
/// speech recogniser's rate (``SpeechRecogniser/sampleRate``, what its acoustic model was trained at).
struct AudioTrack {
    /// Channels beyond this are left out of the loudness measurement (phones record 1 or 2).
    static let maxChannels = 8

    let loudness: LoudnessMeter.Result
    let samples: [Int16]

    /// Decodes the best audio stream of `file`, at most `maxSeconds` of it.
    ///
    /// - Throws: ``MediaError`` when the file has no audio stream or FFmpeg cannot decode it.
    init(file: VideoFile, maxSeconds: Double, thresholds: VoiceThresholds) throws(MediaError) {
        guard let index = file.bestStream(AVMEDIA_TYPE_AUDIO) else { throw MediaError(.ffmpeg, "no audio stream") }
        for other in 0..<Int32(file.context.pointee.nb_streams) where other != index {
            file.stream(other).pointee.discard = AVDISCARD_ALL
        }
        let stream = file.stream(index)
        let decoder = try VideoDecoder(stream: stream, threads: 1, fast: false, maxPixels: 1)  // audio has no frame size
        let rate = Int(decoder.context.pointee.sample_rate)
        let channels = min(Self.maxChannels, Int(decoder.context.pointee.ch_layout.nb_channels))
        guard rate > 0, rate <= 768_000, channels > 0 else {
            throw MediaError(.ffmpeg, "the audio stream declares \(channels) channels at \(rate) Hz")
        }
        let meter: LoudnessMeter
        do {
            meter = try LoudnessMeter(channels: channels, sampleRate: rate,
                                      voiceLevel: thresholds.voiceLevelLUFS, clipLevel: thresholds.clippedDBTP)
        } catch {
            throw MediaError(.loudness, error.message)
        }
        let toMeter = Resampler(channels: channels, sampleRate: rate, format: AV_SAMPLE_FMT_FLT)
        let toRecogniser = Resampler(channels: 1, sampleRate: SpeechRecogniser.sampleRate, format: AV_SAMPLE_FMT_S16)
        let maxSamples = Int(maxSeconds * Double(SpeechRecogniser.sampleRate))
        var samples: [Int16] = []
        samples.reserveCapacity(min(maxSamples, 60 * SpeechRecogniser.sampleRate))
        func take(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
            try toMeter.convert(frame) { bytes, frames in
                meter.add(bytes.bindMemory(to: Float.self).baseAddress!, frames: frames)
                return true
            }
            // The recogniser's copy stops at its cap: the rest of a long frame is not even converted.
            guard samples.count < maxSamples else { return }
            try toRecogniser.convert(frame) { bytes, _ in
                samples.append(contentsOf: bytes.bindMemory(to: Int16.self).prefix(maxSamples - samples.count))
                return samples.count < maxSamples
            }
        }
        var failure: MediaError?
        decoder.onFrame = { frame in
            guard failure == nil else { return }
            do throws(MediaError) { try take(frame) } catch { failure = error }
        }
        while samples.count < maxSamples, failure == nil, try file.readPacket() {
            if file.packet.pointee.stream_index == index { decoder.decode(file.packet) }
            av_packet_unref(file.packet)
        }
        decoder.decode(nil)
        if let failure { throw failure }
        try take(nil)
        if decoder.tally.frames == 0, let message = decoder.tally.firstErrorMessage {
            throw MediaError(.ffmpeg, "cannot decode the audio: \(message)")
        }
        loudness = meter.result()
        self.samples = samples
    }
}
