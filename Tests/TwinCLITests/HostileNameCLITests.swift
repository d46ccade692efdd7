import Foundation
import TestSupport
import Testing

/// File names FFmpeg would read as protocol URLs are file names: `twin validate concat:v.mp4`, run in the
/// folder that holds it, judges that file (a process test: the name is relative to the working folder).
@Suite(.timeLimit(.minutes(1)))
struct HostileNameCLITests {
    @Test func aNameLikeAProtocolURLIsOpenedAsThatFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // As a protocol URL, `concat:v.mp4` would make FFmpeg read the damaged v.mp4 instead of this valid file (or, with
        // only `file` allowed but no `file:` prefix, refuse to open it): its report must be that of the same bytes
        // under a plain name.
        let valid = TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4")
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("video/truncated-no-index.mp4"),
                                         to: folder.appendingPathComponent("v.mp4"))
        try FileManager.default.copyItem(at: valid, to: folder.appendingPathComponent("concat:v.mp4"))
        try FileManager.default.copyItem(at: valid, to: folder.appendingPathComponent("plain.mp4"))
        func summary(_ name: String) throws -> [String] {
            let result = try TwinProcess.run(["validate", "--format", "json", name], in: folder)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let file = try #require((report["files"] as? [[String: Any]])?.first, "\(result.stdout)")
            let codes = ((file["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }.sorted()
            return codes + ["storedWidth", "storedHeight", "durationSeconds", "videoCodec"].map { "\(file[$0] ?? "none")" }
        }
        let named = try summary("concat:v.mp4")
        #expect(named == (try summary("plain.mp4")), "the file itself is judged")
        #expect(!named.contains("corrupt") && named.contains("480"), "\(named)")
    }
}
