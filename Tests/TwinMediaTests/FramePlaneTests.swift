import CFFmpeg
import CTwinShims
import Testing

/// The C shim's picture readers refuse a frame that lacks a plane its pixel format names (a damaged or hand-made
/// frame) instead of following the NULL pointer.
@Suite struct FramePlaneTests {
    /// A 64x64 frame of `format` with its buffers allocated by libavutil, handed to `body`, then freed.
    static func withFrame(_ format: AVPixelFormat, _ body: (UnsafeMutablePointer<AVFrame>) throws -> Void) throws {
        var frame: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
        defer { av_frame_free(&frame) }
        let allocated = try #require(frame)
        allocated.pointee.width = 64
        allocated.pointee.height = 64
        allocated.pointee.format = format.rawValue
        try #require(av_frame_get_buffer(allocated, 0) == 0)
        try body(allocated)
    }

    @Test func aYUVFrameWithoutAChromaPlaneHasNoColour() throws {
        try Self.withFrame(AV_PIX_FMT_YUV420P) { frame in
            var luma = [UInt8](repeating: 0, count: 64 * 64), rgb = [UInt8](repeating: 0, count: 32 * 32 * 3)
            #expect(twin_frame_luma(frame, &luma, luma.count) == 0)
            #expect(twin_frame_rgb(frame, luma, 32, 32, &rgb) == 0, "the whole frame reads")
            let chroma = frame.pointee.data.1
            frame.pointee.data.1 = nil
            #expect(twin_frame_rgb(frame, luma, 32, 32, &rgb) == -1)
            #expect(twin_frame_luma(frame, &luma, luma.count) == 0, "the luma needs only its own plane")
            frame.pointee.data.1 = chroma
            frame.pointee.data.2 = nil
            #expect(twin_frame_rgb(frame, luma, 32, 32, &rgb) == -1)
        }
    }

    @Test func aPlanarRGBFrameWithoutAPlaneHasNoLuma() throws {
        try Self.withFrame(AV_PIX_FMT_GBRP) { frame in
            var luma = [UInt8](repeating: 0, count: 64 * 64)
            #expect(twin_frame_luma(frame, &luma, luma.count) == 0)
            frame.pointee.data.2 = nil
            #expect(twin_frame_luma(frame, &luma, luma.count) == -1)
        }
    }
}
