internal import CFFmpeg
internal import CTwinShims

/// An open media file (libavformat): owns its `AVFormatContext` and one reusable packet.
final class VideoFile {
    let context: UnsafeMutablePointer<AVFormatContext>
    let packet: UnsafeMutablePointer<AVPacket>

    /// Opens `path` with the demuxer named `demuxer` (e.g. `mov` for MP4 and MOV), skipping probing.
    init(path: String, demuxer: String?) throws(MediaError) {
        _ = FFmpeg.quiet
        var context: UnsafeMutablePointer<AVFormatContext>?
        let format = demuxer.flatMap { av_find_input_format($0) }
        try FFmpeg.check(avformat_open_input(&context, path, format, nil), "cannot open the container")
        guard let context, let packet = av_packet_alloc() else {
            avformat_close_input(&context)
            throw MediaError(.ffmpeg, "out of memory")
        }
        self.context = context
        self.packet = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&packet)
        var context: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&context)
    }

    /// The stream at `index`.
    func stream(_ index: Int32) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[Int(index)]!
    }

    /// The index of the best stream of a type, or nil when the file has none.
    func bestStream(_ type: AVMediaType) -> Int32? {
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        return index >= 0 ? index : nil
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
