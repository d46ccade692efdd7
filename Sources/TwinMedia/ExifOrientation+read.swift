internal import TwinPictures

extension ExifOrientation {
    /// Reads the Orientation tag (IFD0, type SHORT) from a TIFF structure (the body of an
    /// `Exif\0\0` APP1 segment or of a PNG `eXIf` chunk). Nil when there is no such tag or the
    /// structure is malformed.
    static func parse(tiff: ArraySlice<UInt8>) -> ExifOrientation? {
        ExifBlock(tiff: tiff).flatMap(orientation(in:))
    }

    /// The EXIF orientation of a JPEG or PNG file, read from its header without decoding.
    static func read(path: String) -> ExifOrientation? {
        ExifBlock.read(path: path).flatMap(orientation(in:))
    }

    private static func orientation(in block: ExifBlock) -> ExifOrientation? {
        block.ifd0[0x0112].flatMap(block.short).map(ExifOrientation.init)
    }
}
