internal import CFFmpeg
internal import CTwinShims

/// The one choke point from FFmpeg's C status codes to Swift: negative means failure.
enum FFmpeg {
    static let eof = twin_averror_eof()
    static let again = twin_averror_eagain()
    static let noPTS = twin_av_nopts_value()

    /// FFmpeg's own text for an error code (`av_strerror`).
    static func message(for status: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        av_strerror(status, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Throws ``MediaError`` with `av_strerror`'s text when `status` is negative; returns it otherwise.
    @discardableResult
    static func check(_ status: Int32, _ what: @autoclosure () -> String) throws(MediaError) -> Int32 {
        guard status < 0 else { return status }
        throw MediaError(.ffmpeg, "\(what()): \(message(for: status))", ffmpegStatus: status)
    }

    /// Silences FFmpeg's stderr logging once per process: findings carry the errors instead.
    static let quiet: Void = twin_av_quiet()
}
