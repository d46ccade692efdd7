import Foundation
import TestSupport
import Testing
@testable import TwinMedia

/// A file's reads stop at its time budget (names FFmpeg would read as protocol URLs: `HostileNameCLITests`).
@Suite(.hangBackstop)
struct HostileNameTests {
    @Test func readsStopAtTheTimeBudget() throws {
        let path = TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4").path
        #expect(throws: MediaError.self) { try VideoFile(path: path, demuxer: "mov", timeBudget: .zero) }
        _ = try VideoFile(path: path, demuxer: "mov")
    }
}
