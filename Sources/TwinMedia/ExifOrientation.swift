internal import Foundation

/// An EXIF `Orientation` value (tag 0x0112) and what display does with it.
struct ExifOrientation: Hashable, Sendable {
    /// 1–8; 0 and out-of-range values are read as 1 (no change), as viewers do.
    let value: Int

    init(_ raw: Int) { value = (1...8).contains(raw) ? raw : 1 }

    /// The clockwise turn display applies: 3, 4 → 180; 6, 7 → 90; 5, 8 → 270.
    var clockwiseRotation: Int {
        switch value {
        case 3, 4: 180
        case 6, 7: 90
        case 5, 8: 270
        default: 0
        }
    }

    /// Whether display also mirrors the picture (2, 4, 5, 7).
    var mirrored: Bool { [2, 4, 5, 7].contains(value) }

    /// Values 5–8 swap width and height.
    var swapsAxes: Bool { value >= 5 }

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
