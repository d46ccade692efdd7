internal import CFFmpeg

/// A libswresample converter from decoded audio frames to interleaved samples of one format,
/// rate and channel count; owns its `SwrContext`.
final class Resampler {
    private var context: OpaquePointer?
    let channels: Int
    let sampleRate: Int
    private let sampleFormat: AVSampleFormat
    private let bytesPerSample: Int

    /// A converter from the decoder's layout, format and rate to `channels` × `sampleRate`
    /// interleaved `format` samples (`AV_SAMPLE_FMT_FLT` or `AV_SAMPLE_FMT_S16`).
    init(from decoder: UnsafeMutablePointer<AVCodecContext>, channels: Int, sampleRate: Int,
         format: AVSampleFormat) throws(MediaError) {
        self.channels = channels
        self.sampleRate = sampleRate
        self.sampleFormat = format
        bytesPerSample = Int(av_get_bytes_per_sample(format))
        var input = AVChannelLayout()
        if av_channel_layout_check(&decoder.pointee.ch_layout) != 0, decoder.pointee.ch_layout.order != AV_CHANNEL_ORDER_UNSPEC {
            _ = av_channel_layout_copy(&input, &decoder.pointee.ch_layout)
        } else {
            av_channel_layout_default(&input, max(1, decoder.pointee.ch_layout.nb_channels))
        }
        var output = AVChannelLayout()
        av_channel_layout_default(&output, Int32(channels))
        defer {
            av_channel_layout_uninit(&input)
            av_channel_layout_uninit(&output)
        }
        try FFmpeg.check(swr_alloc_set_opts2(&context, &output, format, Int32(sampleRate), &input,
                                             decoder.pointee.sample_fmt, decoder.pointee.sample_rate, 0, nil),
                         "cannot set up the audio resampler")
        try FFmpeg.check(swr_init(context), "cannot start the audio resampler")
    }

    deinit { swr_free(&context) }

    /// Converts a frame (nil drains what the resampler holds back) and hands the interleaved
    /// output to `body` as raw bytes with its frame count.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>?, _ body: (UnsafeRawBufferPointer, Int) -> Void) throws(MediaError) {
        let inputCount = frame.map { Int32($0.pointee.nb_samples) } ?? 0
        let capacity = Int(swr_get_out_samples(context, inputCount)) + 32
        guard capacity > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: capacity * channels * bytesPerSample)
        let produced: Int32 = buffer.withUnsafeMutableBytes { bytes in
            var output: UnsafeMutablePointer<UInt8>? = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            if let frame, let planes = frame.pointee.extended_data {
                let planeCount = max(1, Int(frame.pointee.ch_layout.nb_channels))
                return planes.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: planeCount) { input in
                    swr_convert(context, &output, Int32(capacity), input, inputCount)
                }
            }
            return swr_convert(context, &output, Int32(capacity), nil, 0)
        }
        try FFmpeg.check(produced, "cannot resample the audio")
        buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0.prefix(Int(produced) * channels * bytesPerSample)),
                                      Int(produced)) }
    }
}
