import Testing
@testable import TwinFaces
import TwinPictures

/// The dlib shim's guards, through the Swift face engine: a picture it cannot take is a ``FaceError``, not a crash.
@Suite struct FaceEngineTests {
    @Test func shimRefusesABufferSmallerThanItsSizeWithAnError() {
        let short = GreyImage(width: 100, height: 100, pixels: [UInt8](repeating: 128, count: 50))
        #expect(throws: FaceError.self) { try FaceEngine.detect(in: short, minScore: 0) }
        let huge = GreyImage(width: 20_000, height: 1, pixels: [UInt8](repeating: 128, count: 20_000))
        #expect(throws: FaceError.self) { try FaceEngine.detect(in: huge, minScore: 0) }
        let face = DetectedFace(left: 0, top: 0, width: 0, height: 0, score: 0)
        let blank = GreyImage(width: 100, height: 100, pixels: [UInt8](repeating: 128, count: 10_000))
        #expect(throws: FaceError.self) { try FaceEngine.landmarks(of: face, in: blank, modelPath: FaceProfile.builtIn.modelPath) }
    }

    @Test func skippedChecksRaiseNoProblem() {
        var profile = FaceProfile.builtIn
        profile.skip = [FaceCheck.noFace.rawValue]
        let flat = GreyImage(width: 200, height: 300, pixels: [UInt8](repeating: 90, count: 60_000))
        #expect(FaceAnalysis.run(on: flat, displayedWidth: 200, profile: profile).problems.isEmpty)
        #expect(FaceAnalysis.run(on: flat, displayedWidth: 200, profile: .builtIn).problems
            == [.noFace(minScore: FaceProfile.builtIn.minScore)])
    }
}
