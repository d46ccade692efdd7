internal import CFFmpeg
internal import CTwinShims
#if canImport(Glibc)
internal import Glibc
#endif

/// An open media file (libavformat): owns its `AVFormatContext` and one reusable packet.
final class VideoFile {
    let context: UnsafeMutablePointer<AVFormatContext>
    let packet: UnsafeMutablePointer<AVPacket>
    /// The monotonic time (ns) past which FFmpeg's interrupt callback stops every read of this file.
    private let deadline: UnsafeMutablePointer<UInt64>

    /// How long one file may keep FFmpeg reading: far above the 1 GiB video a deep check reads in seconds, far
    /// below "forever" for a file on a hung network mount.
    static let timeBudget: Duration = .seconds(600)

    /// Opens `path` with the demuxer named `demuxer` (e.g. `mov` for MP4 and MOV), skipping probing.
    ///
    /// The path goes through the `file:` protocol with `file` as the only protocol allowed, so a name like
    /// `concat:a.mp4|b.mp4` is a file name, never a protocol URL; every read stops once `timeBudget` has passed.
    init(path: String, demuxer: String?, timeBudget: Duration = VideoFile.timeBudget) throws(MediaError) {
        _ = FFmpeg.quiet
        deadline = .allocate(capacity: 1)
        let (seconds, attoseconds) = timeBudget.components
        deadline.initialize(to: Self.monotonicNanoseconds() &+ UInt64(max(0, seconds)) &* 1_000_000_000
            &+ UInt64(max(0, attoseconds / 1_000_000_000)))
        guard let context = avformat_alloc_context() else {
            deadline.deallocate()
            throw MediaError(.ffmpeg, "out of memory")
        }
        context.pointee.interrupt_callback.callback = { opaque in
            guard let opaque else { return 0 }
            return VideoFile.monotonicNanoseconds() > opaque.load(as: UInt64.self) ? 1 : 0
        }
        context.pointee.interrupt_callback.opaque = UnsafeMutableRawPointer(deadline)
        var options: OpaquePointer?
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        defer { av_dict_free(&options) }
        let format = demuxer.flatMap { av_find_input_format($0) }
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let status = avformat_open_input(&opened, "file:" + path, format, &options)  // frees the context on failure
        guard status >= 0, let opened, let packet = av_packet_alloc() else {
            avformat_close_input(&opened)
            deadline.deallocate()
            if status < 0 {
                throw MediaError(.ffmpeg, "cannot open the container: \(FFmpeg.message(for: status))", ffmpegStatus: status)
            }
            throw MediaError(.ffmpeg, "out of memory")
        }
        self.context = opened
        self.packet = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&packet)
        var context: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&context)
        deadline.deallocate()
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// The stream at `index`.
    func stream(_ index: Int32) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[Int(index)]!
    }

    /// The index of the best stream of a type, or nil when the file has none.
    ///
    /// An attached picture (the cover art of an audio file) is a video stream to FFmpeg but not a video: it is
    /// never chosen, so an `.m4a` with artwork renamed `.mp4` has no video stream.
    func bestStream(_ type: AVMediaType) -> Int32? {
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0 else { return nil }
        guard type == AVMEDIA_TYPE_VIDEO, isAttachedPicture(index) else { return index }
        return (0..<Int32(context.pointee.nb_streams)).first { candidate in
            stream(candidate).pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO && !isAttachedPicture(candidate)
        }
    }

    private func isAttachedPicture(_ index: Int32) -> Bool {
        stream(index).pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
    }

    /// Reads the next packet into ``packet`` (unref it after use); false at the end of the file.
    func readPacket() throws(MediaError) -> Bool {
        let status = av_read_frame(context, packet)
        if status == FFmpeg.eof { return false }
        try FFmpeg.check(status, "cannot read a packet")
        return true
    }

    /// Seeks stream `index` to the first keyframe at or after `timestamp` (in the stream's time base).
    func seek(stream index: Int32, toKeyframeAfter timestamp: Int64) throws(MediaError) {
        try FFmpeg.check(av_seek_frame(context, index, timestamp, 0), "cannot seek")
    }

    /// The size of the file in bytes, as the I/O layer sees it.
    var byteSize: Int64 { context.pointee.pb.map { avio_size($0) } ?? -1 }
}

/// Seconds for a timestamp in a time base (nil for AV_NOPTS_VALUE).
func seconds(_ timestamp: Int64, _ timeBase: AVRational) -> Double? {
    guard timestamp != FFmpeg.noPTS, timeBase.den != 0 else { return nil }
    return Double(timestamp) * Double(timeBase.num) / Double(timeBase.den)
}
