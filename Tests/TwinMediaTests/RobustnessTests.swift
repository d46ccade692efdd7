import Foundation
import TestSupport
import Testing
import TwinMedia

/// Damaged copies of valid fixtures: every one gets a report, none crashes or hangs the process,
/// and every cut-off copy is rejected.
@Suite(.hangBackstop) struct RobustnessTests {
    @Test(.hangBackstop, arguments: [false, true])
    func damagedCopiesAreReportedNotFatal(deep: Bool) async throws {
        try await withTemporaryFolder { folder in
            var generator = SeededGenerator(seed: 2026)
            var truncated: Set<String> = []
            var files: [URL] = []
            let sources = ["video/vertical-h264-aac.mp4", "video/vertical-hevc.mp4", "video/vertical.mov",
                           "image/vertical.jpg", "image/vertical.png", "image/png-exif-6.png"]
            for source in sources {
                let original = [UInt8](try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(source)))
                for copy in 0..<12 {
                    var bytes = original
                    let cut = copy % 3 == 0
                    if cut {
                        bytes.removeLast(Int.random(in: 1..<bytes.count, using: &generator))
                    } else {
                        for _ in 0..<Int.random(in: 1...40, using: &generator) {
                            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = .random(in: 0...255, using: &generator)
                        }
                    }
                    let url = folder.appendingPathComponent("\(copy)-" + source.replacingOccurrences(of: "/", with: "-"))
                    try Data(bytes).write(to: url)
                    files.append(url)
                    if cut { truncated.insert(url.relativePath) }
                }
            }
            let reports = await MediaValidator(deep: deep).validate(files: files)
            #expect(reports.map(\.path) == files.map(\.relativePath))
            for report in reports where truncated.contains(report.path) {
                #expect(!report.ok, "a cut-off copy passed: \(report.path)")
            }
        }
    }
}
