import Foundation
import TestSupport
import Testing
@testable import TwinMedia

/// File names FFmpeg would read as protocol URLs are file names; a file's reads stop at its time budget.
@Suite(.timeLimit(.minutes(1)))
struct HostileNameTests {
    @Test func aNameLikeAProtocolURLIsOpenedAsThatFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // `concat:v.mp4` would make FFmpeg read the valid v.mp4 instead of this damaged file.
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4"),
                                         to: folder.appendingPathComponent("v.mp4"))
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("video/truncated-no-index.mp4"),
                                         to: folder.appendingPathComponent("concat:v.mp4"))
        let result = try TwinProcess.run(["validate", "--format", "json", "concat:v.mp4"], in: folder)
        #expect(result.status == 1, "the damaged file itself is judged: \(result.stdout)")
        #expect(result.stdout.contains("\"corrupt\""))
    }

    @Test func readsStopAtTheTimeBudget() throws {
        let path = TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4").path
        #expect(throws: MediaError.self) { try VideoFile(path: path, demuxer: "mov", timeBudget: .zero) }
        _ = try VideoFile(path: path, demuxer: "mov")
    }
}
