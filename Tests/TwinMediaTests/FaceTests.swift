import Foundation
import TestSupport
import Testing
import TwinFaces
@testable import TwinMedia
import TwinPictures

/// The face checks through the real dlib shim, on public-domain pictures and variants derived from
/// them (`fixtures/face-variants.sh`): every finding on both sides of its threshold.
@Suite(.hangBackstop) struct FaceTests {
    static let profile: ValidationProfile = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return profile
    }()

    static func report(_ url: URL, profile: ValidationProfile = profile) async -> FileReport {
        await MediaValidator(profile: profile).validate(file: url)
    }

    static let faceCodes = Set(FaceProfile.checkCodes)

    static func faceFindings(_ report: FileReport) -> Set<FindingCode> {
        Set(report.findings.map(\.code)).intersection(faceCodes)
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: ["upright.jpg", "upright.png", "stored-turned-exif-6.jpg", "stored-turned-exif-8.jpg"])
    func uprightPortraitPassesEveryFaceCheck(name: String) async throws {
        let report = await Self.report(FacePictures.variants.appendingPathComponent(name))
        #expect(report.findings.isEmpty, "\(report.findings)")
        let face = try #require(report.faces?.first)
        #expect(report.faces?.count == 1)
        #expect(face.rotation == 0)
        // The box is in displayed pixels: the portrait's face is near the middle of 600x800.
        #expect((240...360).contains(face.x + face.width / 2), "\(face)")
        #expect((150...350).contains(face.y + face.height / 2), "\(face)")
        #expect(face.mouthOpening != nil && face.mouthWidth != nil && face.teeth != nil)
        #expect(report.sharpness != nil && report.brightness != nil)
    }

    @Test(arguments: [("turned-90.jpg", 270), ("turned-180.jpg", 180), ("turned-270.jpg", 90)])
    func turnedPictureWithoutATagIsNotUpright(name: String, turn: Int) async throws {
        let report = await Self.report(FacePictures.variants.appendingPathComponent(name))
        let finding = try #require(report.findings.first { $0.code == .faceNotUpright })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("\(turn)° clockwise"), "\(finding.message)")
        #expect(report.faces?.first?.rotation == turn)
    }

    @Test(arguments: ["scikit-image/chelsea.png", "scikit-image/coffee.png", "scikit-image/rocket.jpg",
                      "dlib-examples/dogs.jpg"])
    func pictureWithoutAPersonHasNoFace(name: String) async {
        let report = await Self.report(FacePictures.shared.appendingPathComponent(name))
        #expect(report.has(.noFace))
        #expect(report.faces == [])
        #expect(report.sharpness == nil && report.brightness == nil)
    }

    /// One row per picture: the face findings it must raise (the upright portrait raises none).
    struct ThresholdCase: CustomStringConvertible, Sendable {
        let name: String
        let expected: Set<FindingCode>
        init(_ name: String, _ expected: Set<FindingCode> = []) {
            self.name = name
            self.expected = expected
        }
        var description: String { name }
    }

    static let thresholdCases: [ThresholdCase] = [
        .init("blur-0.5.jpg"), .init("blur-1.jpg", [.blurry]), .init("blur-5.jpg", [.blurry]),
        .init("dark-0.6.jpg"), .init("dark-0.4.jpg"), .init("dark-0.25.jpg", [.underexposed]),
        .init("bright-1.3.jpg"), .init("bright-1.6.jpg", [.overexposed]), .init("bright-2.0.jpg", [.noFace]),
        .init("small-80.jpg"), .init("small-60.jpg", [.faceTooSmall]), .init("small-50.jpg", [.faceTooSmall]),
        .init("off-centre-60.jpg"), .init("off-centre-160.jpg", [.faceOffCentre]),
        .init("two-faces.jpg", [.multipleFaces, .faceOffCentre]),
    ]

    @Test(arguments: thresholdCases)
    func findingOnEachSideOfItsThreshold(_ row: ThresholdCase) async {
        let report = await Self.report(FacePictures.variants.appendingPathComponent(row.name))
        #expect(Self.faceFindings(report) == row.expected,
                "\(row.name): sharpness \(report.sharpness ?? -1), brightness \(report.brightness ?? -1), faces \(report.faces ?? [])")
    }

    @Test func videoKeyframesShowTheFaceUpright() async throws {
        let demo = await Self.report(TestPaths.fixtures.appendingPathComponent("sessions/demo/video.mp4"))
        #expect(demo.findings.isEmpty, "\(demo.findings)")
        #expect(demo.faces?.first?.rotation == 0)
        let bars = await Self.report(TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4"))
        #expect(bars.has(.noFace) && bars.faces == [])
        let sideways = await Self.report(FacePictures.variants.appendingPathComponent("sideways.mp4"))
        let finding = try #require(sideways.findings.first { $0.code == .faceNotUpright })
        #expect(finding.severity == .error && finding.message.contains("270° clockwise"), "\(finding.message)")
    }

    /// The face shows only between the first and the last keyframes (bars, face, bars; a keyframe a
    /// second): the keyframe nearest the middle finds it, quick and deep.
    @Test func videoMiddleKeyframeIsSearched() async throws {
        let url = FacePictures.variants.appendingPathComponent("face-in-the-middle.mp4")
        let quick = await Self.report(url)
        #expect(Self.faceFindings(quick).isEmpty, "\(quick.findings)")
        #expect(quick.faces?.count == 1 && quick.faces?.first?.rotation == 0)
        #expect(quick.notes.contains { $0.hasSuffix("(3 keyframes)") }, "\(quick.notes)")
        let deep = await MediaValidator(profile: Self.profile, deep: true).validate(file: url)
        #expect(Self.faceFindings(deep).isEmpty && deep.faces?.count == 1, "\(deep.findings)")
    }

    /// Every PngSuite colour type, bit depth, palette, alpha and interlacing reduces to 8-bit grey
    /// for the face search (and the broken ones still fail before it).
    @Test func everyValidPNGKindIsSearched() async throws {
        let folder = TestPaths.sharedTestMedia.appendingPathComponent("pngsuite")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }.sorted()
        #expect(names.count >= 170)
        for name in names {
            let decoded = ImageDecodeResult.runKeepingGrey(path: folder.appendingPathComponent(name).path, format: .png,
                                                    maxPixels: 100_000_000, longSide: 800)
            if name.hasPrefix("x") {
                #expect(decoded.grey == nil, "\(name)")
            } else {
                let grey = try #require(decoded.grey, "\(name): \(decoded.check.message)")
                #expect(grey.width == decoded.check.width && grey.height == decoded.check.height, "\(name)")
                #expect(grey.pixels.count == grey.width * grey.height)
            }
        }
    }

    @Test func skippedCheckAndDisabledChecksStaySilent() async throws {
        let blurred = FacePictures.variants.appendingPathComponent("blur-5.jpg")
        var skipping = Self.profile
        skipping.faces = try ValidationProfile(toml: "[faces]\nenabled = true\nskip = [\"blurry\"]").faces
        #expect(!(await Self.report(blurred, profile: skipping)).has(.blurry))
        let off = try ValidationProfile(toml: "[faces]\nenabled = false")
        let report = await Self.report(FacePictures.shared.appendingPathComponent("scikit-image/coffee.png"), profile: off)
        #expect(report.faces == nil && !report.has(.noFace))
    }

    @Test func profileRejectsUnknownFaceKeysAndChecks() {
        #expect(throws: MediaError.self) { try ValidationProfile(toml: "[faces]\nmin-sharp = 3") }
        #expect(throws: MediaError.self) { try ValidationProfile(toml: "[faces]\nskip = [\"not-vertical\"]") }
        #expect(throws: MediaError.self) { try ValidationProfile(toml: "[faces]\nmin-brightness = 200\nmax-brightness = 100") }
    }

    @Test func jsonCarriesFacesSharpnessAndBrightness() async throws {
        let report = await Self.report(FacePictures.variants.appendingPathComponent("upright.jpg"))
        let json = try JSONEncoder.report().encodeNullingNonFinite(report)
        for key in ["\"faces\"", "\"sharpness\"", "\"brightness\"", "\"mouthOpening\"", "\"mouthWidth\"", "\"teeth\"",
                    "\"score\"", "\"rotation\""] {
            #expect(json.contains(key), "\(key) missing")
        }
    }

    /// Photos are searched at the working size, not at the nearest libjpeg scale: a 1200x1800 JPEG
    /// decodes at 1/2 (600x900) and is then area-averaged to a long side of 800; smaller ones stay as they are.
    @Test(arguments: [(800, 800), (600, 600), (2000, 1800)])
    func photosAreSearchedAtTheWorkingSize(longSide: Int, expected: Int) throws {
        let path = TestPaths.sharedTestMedia.appendingPathComponent("exif-orientation/Landscape_1.jpg").path
        let decoded = ImageDecodeResult.runKeepingGrey(path: path, format: .jpeg, maxPixels: 100_000_000, longSide: longSide)
        let grey = try #require(decoded.grey)
        #expect(max(grey.width, grey.height) == expected)
        #expect(grey.pixels.count == grey.width * grey.height)
        // The aspect ratio survives the resampling (2:3 either way round).
        #expect(abs(Double(min(grey.width, grey.height)) / Double(expected) - 2.0 / 3.0) < 0.01)
    }

    /// dlib's hand-checked landmarks for its example faces: the shim, fed the labelled box, must
    /// land every point within a few percent of the face size of the label.
    @Test func landmarksMatchTheLabelledOnes() throws {
        let folder = FacePictures.shared.appendingPathComponent("dlib-examples")
        let labelled = try LabelledFaces.read(folder.appendingPathComponent("testing_with_face_landmarks.xml"))
        #expect(labelled.count >= 20)
        var errors: [Double] = []
        for face in labelled {
            let decoded = ImageDecodeResult.runKeepingGrey(path: folder.appendingPathComponent(face.file).path, format: .jpeg,
                                                    maxPixels: 100_000_000, longSide: 100_000)
            let grey = try #require(decoded.grey)
            let points = try FaceEngine.landmarks(of: face.box, in: grey, modelPath: FaceProfile.builtIn.modelPath)
            let error = zip(points, face.points).map { $0.distance(to: $1) }.reduce(0, +) / Double(points.count)
            let size = Double(face.box.height)
            #expect(error / size < 0.08, "\(face.file): mean error \(error) px on a \(size) px face")
            errors.append(error / size)
        }
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.03)
    }
}

/// The boxes and 68 points of dlib's `*_with_face_landmarks.xml` files.
struct LabelledFaces {
    var file: String
    var box: DetectedFace
    var points: [Point]

    static func read(_ url: URL) throws -> [LabelledFaces] {
        let text = try String(contentsOf: url, encoding: .isoLatin1)
        var faces: [LabelledFaces] = []
        var file = ""
        for line in text.split(separator: "\n") {
            if let name = attribute("file", in: line) { file = name }
            if line.contains("<box"), let top = number("top", line), let left = number("left", line),
               let width = number("width", line), let height = number("height", line) {
                faces.append(LabelledFaces(file: file, box: DetectedFace(left: left, top: top, width: width, height: height,
                                                                          score: 0), points: []))
            }
            if line.contains("<part"), let x = number("x", line), let y = number("y", line) {
                faces[faces.count - 1].points.append(Point(x: Double(x), y: Double(y)))
            }
        }
        return faces.filter { $0.points.count == 68 }
    }

    private static func attribute(_ name: String, in line: Substring) -> String? {
        guard let start = line.range(of: " \(name)='") else { return nil }
        let rest = line[start.upperBound...]
        return rest.firstIndex(of: "'").map { String(rest[..<$0]) }
    }

    private static func number(_ name: String, _ line: Substring) -> Int? { attribute(name, in: line).flatMap { Int($0) } }
}
