import Foundation
import TestSupport
import Testing
@testable import TwinMedia

/// The C shim through its Swift wrapper: what libjpeg and libpng report, and when decoding stops.
@Suite struct ImageDecodeTests {
    static func check(_ path: String, _ format: ContentFormat) -> ImageDecodeResult {
        ImageDecodeResult.run(path: TestPaths.fixtures.appendingPathComponent(path).path, format: format,
                       maxPixels: ValidationProfile.builtIn.maxPixels)
    }

    @Test func pixelGuardStopsBeforeAnyDecoding() {
        for (path, format) in [("image/too-large.jpg", ContentFormat.jpeg), ("image/too-large.png", .png)] {
            let result = Self.check(path, format)
            #expect(result.status == .tooLarge)
            #expect(result.width == 12000 && result.height == 12000)
            #expect(result.rowsDecoded == 0)
        }
    }

    @Test func truncatedJPEGDecodesToTheEndWithAWarningAndIsStillCorrupt() {
        // libjpeg fills the missing part with grey and "succeeds": every row comes out, plus a warning.
        let result = Self.check("image/truncated.jpg", .jpeg)
        #expect(result.status == .corrupt)
        #expect(result.warnings > 0)
        #expect(result.rowsDecoded == 720 / 8)
        #expect(result.message.contains("Premature end of JPEG file"))
    }

    @Test func pngErrorsCarryLibpngsMessage() {
        #expect(Self.check("image/corrupt-crc.png", .png).message == "IDAT: CRC error")
        let damaged = Self.check("image/corrupt-data.png", .png)
        #expect(damaged.status == .corrupt)
        #expect(damaged.rowsDecoded < 720)
    }

    @Test func validImagesDecodeEveryRow() {
        let jpeg = Self.check("image/vertical.jpg", .jpeg)
        #expect(jpeg.status == .ok && jpeg.warnings == 0 && jpeg.rowsDecoded == 720 / 8)
        let png = Self.check("image/vertical.png", .png)
        #expect(png.status == .ok && png.rowsDecoded == 720)
    }

    @Test func missingFileIsUnreadable() {
        #expect(ImageDecodeResult.run(path: "/nonexistent.jpg", format: .jpeg, maxPixels: 1).status == .unreadable)
    }
}
