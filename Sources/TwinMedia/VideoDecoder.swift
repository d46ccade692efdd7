internal import CFFmpeg
internal import CTwinShims

/// Counts of one decode pass: frames out, and errors with the first one's time and text.
struct DecodeTally: Sendable {
    var packets = 0
    var frames = 0
    var errors = 0
    var firstErrorSeconds: Double?
    var firstErrorMessage: String?

    mutating func recordError(at seconds: Double?, _ message: String) {
        errors += 1
        if firstErrorMessage == nil {
            firstErrorSeconds = seconds
            firstErrorMessage = message
        }
    }
}

/// A decoder (libavcodec) for one stream: owns its `AVCodecContext` and a reusable frame.
final class VideoDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let frame: UnsafeMutablePointer<AVFrame>
    let timeBase: AVRational
    var tally = DecodeTally()
    /// Called with every good frame before it is released: audio analysis reads the samples, the face
    /// checks keep a few pictures.
    var onFrame: ((UnsafeMutablePointer<AVFrame>) -> Void)?

    /// Opens a decoder for `stream`. `threads` 0 lets FFmpeg pick (frame + slice threads, as the
    /// ffmpeg CLI does); 1 keeps it single-threaded for a few frames when files run side by side.
    /// `fast` skips the in-loop deblocking filter: the bitstream is still parsed in full (where
    /// damage shows), only picture post-processing is left out.
    /// `maxPixels` bounds a frame's width × height as the *bitstream* declares it (an H.264 SPS may claim far
    /// more than the container, or the container may say 0x0): a larger frame is a decode error, never allocated.
    init(stream: UnsafeMutablePointer<AVStream>, threads: Int32, fast: Bool, maxPixels: Int) throws(MediaError) {
        let parameters = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError(.ffmpeg, "no decoder for \(String(cString: avcodec_get_name(parameters.pointee.codec_id)))")
        }
        guard let context = avcodec_alloc_context3(codec), let frame = av_frame_alloc() else {
            throw MediaError(.ffmpeg, "out of memory")
        }
        self.context = context
        self.frame = frame
        timeBase = stream.pointee.time_base
        try FFmpeg.check(avcodec_parameters_to_context(context, parameters), "cannot set up the decoder")
        context.pointee.thread_count = threads
        context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
        // Report damage rather than silently concealing it.
        context.pointee.err_recognition |= AV_EF_CRCCHECK | AV_EF_BITSTREAM
        context.pointee.pkt_timebase = stream.pointee.time_base
        if fast { context.pointee.skip_loop_filter = AVDISCARD_ALL }
        context.pointee.max_pixels = Int64(max(1, maxPixels))
        try FFmpeg.check(avcodec_open2(context, codec, nil), "cannot open the decoder")
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&frame)
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    /// Sends a packet (nil drains the decoder) and receives every frame it yields, counting
    /// frames, errors, and frames the decoder marks as corrupt or concealed.
    func decode(_ packet: UnsafeMutablePointer<AVPacket>?) {
        let packetTime = packet.flatMap { seconds($0.pointee.pts != FFmpeg.noPTS ? $0.pointee.pts : $0.pointee.dts, timeBase) }
        if packet != nil { tally.packets += 1 }
        let sent = avcodec_send_packet(context, packet)
        if sent < 0 && sent != FFmpeg.again && sent != FFmpeg.eof {
            tally.recordError(at: packetTime, FFmpeg.message(for: sent))
        }
        while true {
            let received = avcodec_receive_frame(context, frame)
            if received == FFmpeg.again || received == FFmpeg.eof { break }
            if received < 0 {
                tally.recordError(at: packetTime, FFmpeg.message(for: received))
                break
            }
            tally.frames += 1
            if frame.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 || frame.pointee.decode_error_flags != 0 {
                tally.recordError(at: seconds(frame.pointee.best_effort_timestamp, timeBase), "damaged picture data")
            } else {
                onFrame?(frame)
            }
            av_frame_unref(frame)
        }
    }

    /// Drains the decoder, then resets it so decoding can resume after a seek.
    func flush() {
        decode(nil)
        avcodec_flush_buffers(context)
    }
}
