/// An EXIF `Orientation` value (tag 0x0112) and what display does with it.
package struct ExifOrientation: Hashable, Sendable {
    /// 1–8; 0 and out-of-range values are read as 1 (no change), as viewers do.
    package let value: Int

    package init(_ raw: Int) { value = (1...8).contains(raw) ? raw : 1 }

    /// The clockwise turn display applies: 3, 4 → 180; 6, 7 → 90; 5, 8 → 270.
    package var clockwiseRotation: Int {
        switch value {
        case 3, 4: 180
        case 6, 7: 90
        case 5, 8: 270
        default: 0
        }
    }

    /// Whether display also mirrors the picture (2, 4, 5, 7).
    package var mirrored: Bool { [2, 4, 5, 7].contains(value) }

    /// Values 5–8 swap width and height.
    package var swapsAxes: Bool { value >= 5 }
}
