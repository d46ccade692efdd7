import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinMedia

/// PngSuite and the EXIF orientation examples in ../shared/test-media.
@Suite(.hangBackstop) struct PublicSuiteTests {
    static let pngSuite = TestPaths.sharedTestMedia.appendingPathComponent("pngsuite")
    static let exifFolder = TestPaths.sharedTestMedia.appendingPathComponent("exif-orientation")

    static func files(in folder: URL, _ filter: (String) -> Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter(filter).sorted()
    }

    static let brokenPNGs = files(in: pngSuite) { $0.hasPrefix("x") && $0.hasSuffix(".png") }
    static let validPNGs = files(in: pngSuite) { !$0.hasPrefix("x") && $0.hasSuffix(".png") }
    static let portraits = files(in: exifFolder) { $0.hasPrefix("Portrait_") }
    static let landscapes = files(in: exifFolder) { $0.hasPrefix("Landscape_") }

    /// These suites test decoding and orientation, not faces (none of their pictures shows one), so the face checks are off.
    static let validator: MediaValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = false
        return MediaValidator(profile: profile)
    }()

    @Test func suitesArePresent() {
        #expect(Self.brokenPNGs.count == 14)
        #expect(Self.validPNGs.count >= 160)
        #expect(Self.portraits.count == 9)
        #expect(Self.landscapes.count == 7)
    }

    @Test(arguments: brokenPNGs)
    func brokenPNGIsRejected(_ name: String) async {
        let report = await Self.validator.validate(file: Self.pngSuite.appendingPathComponent(name))
        #expect(!report.ok)
        #expect(report.has(.corrupt) || report.has(.unsupportedFormat), "\(report.findings)")
    }

    @Test(arguments: validPNGs)
    func validPNGDecodesWithItsSize(_ name: String) async throws {
        let url = Self.pngSuite.appendingPathComponent(name)
        let (width, height) = try Self.ihdrSize(url)
        let report = await Self.validator.validate(file: url)
        #expect(!report.has(.corrupt) && !report.has(.unreadable) && !report.has(.unsupportedFormat), "\(report.findings)")
        #expect(report.storedWidth == width)
        #expect(report.storedHeight == height)
        #expect(report.format == "png")
        if name.hasPrefix("s") {
            // s01…s40: the size is in the name.
            #expect(width == Int(name.dropFirst(1).prefix(2)))
        }
    }

    @Test(arguments: portraits)
    func portraitDisplaysVertical(_ name: String) async {
        let report = await Self.validator.validate(file: Self.exifFolder.appendingPathComponent(name))
        #expect(report.isVertical == true)
        #expect(report.width == 1200 && report.height == 1800)
        #expect(!report.has(.notVertical) && !report.has(.corrupt))
    }

    @Test(arguments: landscapes)
    func landscapeDoesNotDisplayVertical(_ name: String) async {
        let report = await Self.validator.validate(file: Self.exifFolder.appendingPathComponent(name))
        #expect(report.isVertical == false)
        #expect(report.width == 1800 && report.height == 1200)
        #expect(report.has(.notVertical))
    }

    /// Width and height read straight from the IHDR chunk, independently of the validator.
    static func ihdrSize(_ url: URL) throws -> (Int, Int) {
        let bytes = [UInt8](try Data(contentsOf: url).prefix(24))
        try #require(bytes.count == 24 && String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        func be32(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}
