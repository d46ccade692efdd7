internal import CFFmpeg
// CTwinShims' headers include FFmpeg's too: which module owns a struct like AVRational depends on the build (the
// sanitized fuzz build picks this one), so both are imported wherever FFmpeg's structs are used.
internal import CTwinShims

/// A libswresample converter from decoded audio frames to interleaved samples of one format,
/// rate and channel count; owns its `SwrContext`.
///
/// Each frame's own channel layout, sample format and rate drive the conversion, not what the
/// decoder opened with: a container may declare two channels for mono MP3, and a stream may
/// switch layout or rate midway. The converter is rebuilt whenever a frame's shape changes
/// (a converter fed a frame of another shape reads past its planes). Output is produced in
/// steps of at most ``stepFrames`` frames, so memory stays bounded whatever the frame size and
/// the rate ratio (a 16 Hz frame of 65,535 samples is over a minute of 16 kHz audio).
final class Resampler {
    /// The most output frames converted in one step.
    static let stepFrames = 8192
    /// The highest input rate accepted (FFmpeg's decoders go up to 768 kHz).
    static let maxInputRate = 768_000

    let channels: Int
    let sampleRate: Int
    private let sampleFormat: AVSampleFormat
    private let bytesPerSample: Int
    private var context: OpaquePointer?
    private var input: InputShape?
    private var buffer: [UInt8]

    /// The shape of the frames the current converter was built for.
    private struct InputShape {
        var layout: AVChannelLayout
        var format: AVSampleFormat
        var rate: Int32
    }

    /// A converter to `channels` × `sampleRate` interleaved `format` samples (`AV_SAMPLE_FMT_FLT`
    /// or `AV_SAMPLE_FMT_S16`).
    init(channels: Int, sampleRate: Int, format: AVSampleFormat) {
        self.channels = channels
        self.sampleRate = sampleRate
        self.sampleFormat = format
        bytesPerSample = Int(av_get_bytes_per_sample(format))
        buffer = []
    }

    deinit {
        swr_free(&context)
        if input != nil { av_channel_layout_uninit(&input!.layout) }
    }

    /// Converts a frame (nil drains what the converter holds back) and hands the interleaved
    /// output to `body`, a step at a time, as raw bytes with their frame count. `body` answers
    /// whether it wants more; when it does not, the rest of the frame is left unconverted.
    ///
    /// - Throws: ``MediaError`` when the frame's shape is out of bounds or libswresample fails.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>?,
                 _ body: (UnsafeRawBufferPointer, Int) -> Bool) throws(MediaError) {
        guard let frame else {
            if context != nil { _ = try drain(body) }
            return
        }
        let wanted = try adapt(to: frame, body)
        guard wanted, let input, let planes = frame.pointee.extended_data else { return }
        let inputChannels = Int(input.layout.nb_channels)
        let planar = av_sample_fmt_is_planar(input.format) != 0
        let inputBytes = Int(av_get_bytes_per_sample(input.format))
        let total = Int(frame.pointee.nb_samples)
        // Input frames per step: about `stepFrames` output frames' worth, at least one.
        let framesPerStep = max(1, Self.stepFrames * Int(input.rate) / sampleRate)
        var pointers = [UnsafePointer<UInt8>?](repeating: nil, count: planar ? inputChannels : 1)
        var offset = 0
        while offset < total {
            let count = min(framesPerStep, total - offset)
            for plane in pointers.indices {
                let skip = offset * inputBytes * (planar ? 1 : inputChannels)
                pointers[plane] = planes[plane].map { UnsafePointer($0 + skip) }
            }
            let more = try pointers.withUnsafeMutableBufferPointer { slice throws(MediaError) in
                try step(input: slice.baseAddress, count: count, body).more
            }
            guard more else { return }
            offset += count
        }
    }

    /// Rebuilds the converter when `frame`'s layout, format or rate differ from the last frame's
    /// (draining the old one first); returns whether `body` still wants output.
    private func adapt(to frame: UnsafeMutablePointer<AVFrame>,
                       _ body: (UnsafeRawBufferPointer, Int) -> Bool) throws(MediaError) -> Bool {
        var layout = AVChannelLayout()
        let declared = frame.pointee.ch_layout.nb_channels
        let rate = frame.pointee.sample_rate
        let format = AVSampleFormat(frame.pointee.format)
        guard declared > 0, declared <= 64, rate > 0, Int(rate) <= Self.maxInputRate,
              av_get_bytes_per_sample(format) > 0 else {
            throw MediaError(.ffmpeg, "an audio frame declares \(declared) channels at \(rate) Hz")
        }
        if av_channel_layout_check(&frame.pointee.ch_layout) != 0, frame.pointee.ch_layout.order != AV_CHANNEL_ORDER_UNSPEC {
            _ = av_channel_layout_copy(&layout, &frame.pointee.ch_layout)
        } else {
            av_channel_layout_default(&layout, declared)
        }
        if context != nil, var current = input, current.format == format, current.rate == rate,
           av_channel_layout_compare(&current.layout, &layout) == 0 {
            av_channel_layout_uninit(&layout)
            return true
        }
        var wanted = true
        if context != nil { wanted = try drain(body) }
        swr_free(&context)
        if input != nil { av_channel_layout_uninit(&input!.layout) }
        input = InputShape(layout: layout, format: format, rate: rate)
        var output = AVChannelLayout()
        av_channel_layout_default(&output, Int32(channels))
        defer { av_channel_layout_uninit(&output) }
        try FFmpeg.check(swr_alloc_set_opts2(&context, &output, sampleFormat, Int32(sampleRate), &input!.layout,
                                             format, rate, 0, nil),
                         "cannot set up the audio resampler")
        try FFmpeg.check(swr_init(context), "cannot start the audio resampler")
        return wanted
    }

    /// Flushes what the converter holds back, a step at a time.
    private func drain(_ body: (UnsafeRawBufferPointer, Int) -> Bool) throws(MediaError) -> Bool {
        while true {
            let (produced, more) = try step(input: nil, count: 0, body)
            if produced == 0 || !more { return more }
        }
    }

    /// Feeds `count` input frames (planes at `input`; nil flushes) and hands out what they produce.
    private func step(input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int,
                      _ body: (UnsafeRawBufferPointer, Int) -> Bool) throws(MediaError) -> (produced: Int, more: Bool) {
        let capacity = Int(swr_get_out_samples(context, Int32(count))) + 32
        guard capacity > 0 else { return (0, true) }
        let bytes = capacity * channels * bytesPerSample
        if buffer.count < bytes { buffer = [UInt8](repeating: 0, count: bytes) }
        let produced: Int32 = buffer.withUnsafeMutableBytes { raw in
            var output: UnsafeMutablePointer<UInt8>? = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return swr_convert(context, &output, Int32(capacity), input, Int32(count))
        }
        try FFmpeg.check(produced, "cannot resample the audio")
        guard produced > 0 else { return (0, true) }
        let more = buffer.withUnsafeBytes {
            body(UnsafeRawBufferPointer(rebasing: $0.prefix(Int(produced) * channels * bytesPerSample)), Int(produced))
        }
        return (Int(produced), more)
    }
}
