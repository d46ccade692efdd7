import Foundation
import Testing
@testable import TwinFaces
import TwinPictures

/// The dlib shim's guards, through the Swift face engine: a picture it cannot take is a ``FaceError``, not a crash.
@Suite struct FaceEngineTests {
    /// OpenBLAS's server threads spin for about 0.1 s of a core after loading: once the shim is loaded it computes on
    /// one thread (files are already checked one per core), unless the user set its thread count.
    @Test func openBLASComputesOnOneThreadOnceTheShimIsLoaded() throws {
        // Read to the end: procfs reports a size of 0.
        let maps = String(decoding: try #require(FileHandle(forReadingAtPath: "/proc/self/maps")).readDataToEndOfFile(), as: UTF8.self)
        guard maps.contains("openblas") else {
            #expect(FaceEngine.blasThreads == nil, "not OpenBLAS: nothing to set")
            return
        }
        let chosen = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]
            .compactMap { ProcessInfo.processInfo.environment[$0] }.first
        #expect(FaceEngine.blasThreads == (chosen.flatMap { Int($0) } ?? 1))
    }

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
