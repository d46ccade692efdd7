import Foundation
import TestSupport
import Testing
@testable import TwinFaces
@testable import TwinMedia
import TwinPictures

/// Faces that fill the frame (close-up selfies): the padded search finds faces cut tight at their labelled box.
@Suite(.hangBackstop) struct CloseFaceTests {
    /// Every labelled face of dlib's example sets, cut at its box and enlarged to `side` pixels square.
    static func tightCrops(side: Int) throws -> [(name: String, picture: GreyImage)] {
        let folder = FacePictures.shared.appendingPathComponent("dlib-examples")
        var crops: [(String, GreyImage)] = []
        for list in ["testing.xml", "training.xml"] {
            let xml = try String(contentsOf: folder.appendingPathComponent(list), encoding: .isoLatin1)
            for image in xml.matches(of: /<image file='([^']+)'[^>]*>([\s\S]*?)<\/image>/) {
                let path = folder.appendingPathComponent(String(image.1)).path
                let (check, grey, _) = ImageDecodeResult.runKeepingGrey(path: path, format: .jpeg, maxPixels: 100_000_000, longSide: 4000)
                guard check.status == .ok, let grey else { continue }
                for box in image.2.matches(of: /<box top='(-?\d+)' left='(-?\d+)' width='(\d+)' height='(\d+)'/) {
                    let top = Int(box.1)!, left = Int(box.2)!, width = Int(box.3)!, height = Int(box.4)!
                    guard left >= 0, top >= 0, left + width <= grey.width, top + height <= grey.height else { continue }
                    crops.append(("\(image.1) \(left),\(top)", Self.crop(grey, left: left, top: top, width: width, height: height,
                                                                        to: side)))
                }
            }
        }
        return crops
    }

    /// A region enlarged bilinearly to `side` x `side` (the crops are square-ish boxes).
    static func crop(_ picture: GreyImage, left: Int, top: Int, width: Int, height: Int, to side: Int) -> GreyImage {
        var out = [UInt8](repeating: 0, count: side * side)
        for y in 0..<side {
            let sy = Double(top) + (Double(y) + 0.5) * Double(height) / Double(side) - 0.5
            let y0 = max(top, min(top + height - 1, Int(sy.rounded(.down)))), y1 = min(top + height - 1, y0 + 1)
            let fy = max(0, min(1, sy - Double(y0)))
            for x in 0..<side {
                let sx = Double(left) + (Double(x) + 0.5) * Double(width) / Double(side) - 0.5
                let x0 = max(left, min(left + width - 1, Int(sx.rounded(.down)))), x1 = min(left + width - 1, x0 + 1)
                let fx = max(0, min(1, sx - Double(x0)))
                let top = Double(picture[x0, y0]) * (1 - fx) + Double(picture[x1, y0]) * fx
                let bottom = Double(picture[x0, y1]) * (1 - fx) + Double(picture[x1, y1]) * fx
                out[y * side + x] = UInt8((top * (1 - fy) + bottom * fy).rounded())
            }
        }
        return GreyImage(width: side, height: side, pixels: out)
    }

    @Test(.tags(.slow), .fullRunOnly) func paddingFindsFacesCutTightThatThePlainSearchMisses() throws {
        let minScore = FaceProfile.builtIn.minScore
        let crops = try Self.tightCrops(side: 320)
        #expect(crops.count >= 30)
        var plain = 0, padded = 0
        for crop in crops {
            let direct = try FaceEngine.detect(in: crop.picture, minScore: minScore)
            if !direct.isEmpty { plain += 1 }
            let viaPadding = try FaceAnalysis.detectPadded(crop.picture, minScore: minScore)
            if !direct.isEmpty || !viaPadding.isEmpty { padded += 1 }
        }
        // Measured (docs/phone-formats.md): the plain search finds 36 of 43, with padding 42.
        #expect(padded >= plain + 4 && padded >= 40, "plain \(plain), padded \(padded) of \(crops.count)")
    }

    /// The demo's face cut inside its own box (a tenth off each side: chin and crown at the edge): the full analysis
    /// finds it through the padded search, which the plain search cannot.
    @Test func theDemoFaceCutTightIsFound() async throws {
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo/neutral.jpg")
        let (_, grey, _) = ImageDecodeResult.runKeepingGrey(path: demo.path, format: .jpeg, maxPixels: 100_000_000, longSide: 800)
        let picture = try #require(grey)
        let face = try #require(FaceAnalysis.run(on: picture, displayedWidth: picture.width, profile: .builtIn).faces.first)
        let insetX = face.width / 10, insetY = face.height / 10
        let tight = Self.crop(picture, left: face.x + insetX, top: face.y + insetY, width: face.width - 2 * insetX,
                              height: face.height - 2 * insetY, to: 600)
        #expect(try FaceEngine.detect(in: tight, minScore: FaceProfile.builtIn.minScore).isEmpty, "the plain search misses it")
        let analysis = FaceAnalysis.run(on: tight, displayedWidth: tight.width, profile: .builtIn)
        let found = try #require(analysis.faces.first, "\(analysis.findings)")
        #expect(found.rotation == 0)
        #expect(found.height > tight.height / 2)
    }

    /// Under the detector's 80 px window no face can be found, turned or not: the picture is not searched, and the
    /// verdict is the one the five searches gave (no-face), saying why.
    @Test func aPictureTooSmallForTheDetectorIsNoFaceWithoutASearch() throws {
        let crops = try Self.tightCrops(side: 240)
        let face = try #require(crops.lazy.map(\.picture).first {
            !FaceAnalysis.run(on: $0, displayedWidth: $0.width, profile: .builtIn).faces.isEmpty
        })
        let tiny = face.shrunk(toLongSide: FaceAnalysis.detectorWindow - 1)
        let analysis = FaceAnalysis.run(on: tiny, displayedWidth: tiny.width, profile: .builtIn)
        #expect(analysis.faces.isEmpty)
        #expect(analysis.problems == [.pictureTooSmall(width: tiny.width, height: tiny.height, window: FaceAnalysis.detectorWindow)])
        #expect(analysis.findings.map(\.code) == [.noFace])
        #expect(analysis.findings.first?.message.contains("at least 80 pixels") == true, "\(analysis.findings)")
    }
}
