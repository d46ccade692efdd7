internal import CFFmpeg
// CTwinShims' headers include FFmpeg's too: which module owns a struct like AVRational depends on the build (the
// sanitized fuzz build picks this one), so both are imported wherever FFmpeg's structs are used.
internal import CTwinShims

extension VideoFile {
    /// Reads a few packets to fill in what the container left out (a 0x0 size), with every decoder FFmpeg opens for
    /// it bounded to `maxPixels` a frame: the bitstream (an H.264 SPS) may claim a frame of gigabytes, and FFmpeg's
    /// own probe decodes a frame to learn its size.
    func findStreamInfo(maxPixels: Int) {
        let count = Int(context.pointee.nb_streams)
        var options = [OpaquePointer?](repeating: nil, count: max(1, count))
        for index in 0..<count { av_dict_set(&options[index], "max_pixels", String(max(1, maxPixels)), 0) }
        _ = options.withUnsafeMutableBufferPointer { avformat_find_stream_info(context, $0.baseAddress) }
        for index in options.indices { av_dict_free(&options[index]) }
    }
}
