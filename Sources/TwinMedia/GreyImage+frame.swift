internal import CFFmpeg
internal import CTwinShims
internal import TwinPictures

extension GreyImage {
    /// The luma of a decoded video picture, box-averaged to about `longSide`: any 1-16-bit YUV, grey or RGB
    /// layout, limited or full range, with HLG and PQ tone-mapped to an SDR-like luma (the C shim's
    /// `twin_frame_luma`). Nil for a picture it cannot read (hardware surfaces, float, Bayer, palette formats):
    /// ``pixelFormatName(of:)`` names the format for the finding.
    init?(luma frame: UnsafeMutablePointer<AVFrame>, longSide: Int) {
        guard let decoded = Self.decoded(frame, longSide: longSide, colour: false) else { return nil }
        self = decoded.grey
    }

    /// The luma as ``init(luma:longSide:)`` makes it and, when `colour` is set, the picture in colour at the same
    /// size for the report (the C shim's `twin_frame_rgb`, which keeps the luma's tone mapping); the colour copy is
    /// the grey one in three channels when the frame's chroma cannot be read.
    static func decoded(_ frame: UnsafeMutablePointer<AVFrame>, longSide: Int,
                        colour: Bool) -> (grey: GreyImage, colour: ColourImage?)? {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { return nil }
        var pixels = [UInt8](repeating: 0, count: width * height)
        let converted = pixels.withUnsafeMutableBufferPointer { out in
            twin_frame_luma(frame, out.baseAddress, out.count) == 0
        }
        guard converted else { return nil }
        let grey = GreyImage(width: width, height: height, pixels: pixels).shrunk(toLongSide: longSide)
        guard colour else { return (grey, nil) }
        var rgb = [UInt8](repeating: 0, count: grey.width * grey.height * 3)
        let coloured = pixels.withUnsafeBufferPointer { luma in
            rgb.withUnsafeMutableBufferPointer { out in
                twin_frame_rgb(frame, luma.baseAddress, UInt32(grey.width), UInt32(grey.height), out.baseAddress) == 0
            }
        }
        return (grey, coloured ? ColourImage(width: grey.width, height: grey.height, pixels: rgb) : ColourImage(grey: grey))
    }

    /// The name FFmpeg gives a decoded picture's pixel format (`yuv420p10le`).
    static func pixelFormatName(of frame: UnsafeMutablePointer<AVFrame>) -> String {
        String(cString: twin_frame_pixel_format_name(frame))
    }
}
