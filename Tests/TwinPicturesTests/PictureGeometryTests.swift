import Testing
import TwinPictures

/// Working-size pictures: how display orientation, turning, shrinking, cropping and padding move pixels, checked
/// pixel by pixel on pictures small enough to work out by hand.
@Suite struct PictureGeometryTests {
    /// 1 2 3
    /// 4 5 6
    static let grid = GreyImage(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6])

    @Test(arguments: [(1, 0, false), (2, 0, true), (3, 180, false), (4, 180, true),
                      (5, 270, true), (6, 90, false), (7, 90, true), (8, 270, false), (0, 0, false), (9, 0, false)])
    func exifOrientationMeaning(_ value: Int, _ clockwise: Int, _ mirrored: Bool) {
        let orientation = ExifOrientation(value)
        #expect(orientation.clockwiseRotation == clockwise)
        #expect(orientation.mirrored == mirrored)
        #expect(orientation.swapsAxes == (5...8).contains(value))
    }

    /// Each EXIF orientation as a viewer shows the grid (width, height, rows).
    @Test(arguments: [
        (1, 3, 2, [1, 2, 3, 4, 5, 6] as [UInt8]),
        (2, 3, 2, [3, 2, 1, 6, 5, 4]),
        (3, 3, 2, [6, 5, 4, 3, 2, 1]),
        (4, 3, 2, [4, 5, 6, 1, 2, 3]),
        (5, 2, 3, [1, 4, 2, 5, 3, 6]),
        (6, 2, 3, [4, 1, 5, 2, 6, 3]),
        (7, 2, 3, [6, 3, 5, 2, 4, 1]),
        (8, 2, 3, [3, 6, 2, 5, 1, 4]),
    ])
    func displayedUnderEachOrientation(_ value: Int, _ width: Int, _ height: Int, _ pixels: [UInt8]) {
        let shown = Self.grid.displayed(under: ExifOrientation(value))
        #expect(shown.width == width && shown.height == height)
        #expect(shown.pixels == pixels)
        #expect(ExifOrientation(value).swapsAxes == (shown.width != Self.grid.width))
    }

    @Test func turnedClockwiseIsTheDisplayOfTheMatchingOrientation() {
        #expect(Self.grid.turned(clockwise: 90).pixels == [4, 1, 5, 2, 6, 3])
        #expect(Self.grid.turned(clockwise: 180).pixels == [6, 5, 4, 3, 2, 1])
        #expect(Self.grid.turned(clockwise: 270).pixels == [3, 6, 2, 5, 1, 4])
        #expect(Self.grid.turned(clockwise: 45).pixels == Self.grid.pixels)
        let round = Self.grid.turned(clockwise: 90).turned(clockwise: 270)
        #expect(round.pixels == Self.grid.pixels && round.width == 3)
    }

    @Test func shrinkingAveragesEachBlock() {
        let wide = GreyImage(width: 4, height: 2, pixels: [0, 10, 20, 30, 40, 50, 60, 70])
        let half = wide.shrunk(toLongSide: 2)
        #expect(half.width == 2 && half.height == 1)
        #expect(half.pixels == [25, 45])
        #expect(wide.shrunk(toLongSide: 8).pixels == wide.pixels, "a picture already small enough is kept")
        #expect(wide.shrunk(toLongSide: 0).pixels == wide.pixels, "a zero side changes nothing")
        let colour = ColourImage(width: 2, height: 2, pixels: [0, 0, 0, 20, 40, 80, 40, 80, 160, 60, 120, 240])
        let dot = colour.shrunk(toLongSide: 1)
        #expect(dot.width == 1 && dot.height == 1)
        #expect(dot.pixels == [30, 60, 120], "each channel averaged alike")
    }

    @Test func croppingClipsToThePicture() {
        let right = Self.grid.cropped(left: 1, top: 0, width: 5, height: 1)
        #expect(right.width == 2 && right.height == 1 && right.pixels == [2, 3])
        let missed = Self.grid.cropped(left: 10, top: 0, width: 2, height: 2)
        #expect(missed.pixels == Self.grid.pixels, "a box off the picture keeps the whole picture")
        let negative = Self.grid.cropped(left: -1, top: -1, width: 2, height: 2)
        #expect(negative.width == 1 && negative.height == 1 && negative.pixels == [1])
    }

    @Test func paddingAddsAFlatBorderInTheMeanGrey() {
        let pair = GreyImage(width: 2, height: 1, pixels: [10, 30])
        let padded = pair.padded(horizontally: 1, vertically: 1)
        #expect(padded.width == 4 && padded.height == 3)
        #expect(padded.pixels == [20, 20, 20, 20, 20, 10, 30, 20, 20, 20, 20, 20])
        #expect(pair.padded(horizontally: -3, vertically: 0).pixels == pair.pixels, "a negative border is none")
    }

    @Test func aGreyPictureInColourRepeatsItsGreyAndTurnsWithIt() {
        let colour = ColourImage(grey: Self.grid)
        #expect(colour.pixels.prefix(6) == [1, 1, 1, 2, 2, 2])
        let working = WorkingPicture(grey: Self.grid, colour: colour).turned(clockwise: 90)
        #expect(working.grey.pixels == [4, 1, 5, 2, 6, 3])
        #expect(working.colour?.pixels.prefix(3) == [4, 4, 4])
    }
}
