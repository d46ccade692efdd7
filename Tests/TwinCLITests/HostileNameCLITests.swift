import Foundation
import TestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// File names FFmpeg would read as protocol URLs are file names: `twin validate concat:v.mp4`, run in the
/// folder that holds it, judges that file (a process test: the name is relative to the working folder).
@Suite(.hangBackstop)
struct HostileNameCLITests {
    @Test(.tags(.slow), .fullRunOnly) func aNameLikeAProtocolURLIsOpenedAsThatFile() async throws {
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
        func summary(_ name: String) async throws -> [String] {
            let result = try await TwinProcess.run(["validate", "--format", "json", name], in: folder)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let file = try #require((report["files"] as? [[String: Any]])?.first, "\(result.stdout)")
            let codes = ((file["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }.sorted()
            return codes + ["storedWidth", "storedHeight", "durationSeconds", "videoCodec"].map { "\(file[$0] ?? "none")" }
        }
        let named = try await summary("concat:v.mp4")
        #expect(named == (try await summary("plain.mp4")), "the file itself is judged")
        #expect(!named.contains("corrupt") && named.contains("480"), "\(named)")
    }

    /// Issue 18, rows 10-13, end to end: a folder holding names with CR and LF before `::error`, an HTML comment,
    /// U+FFFE, and one that is not UTF-8 at all. Every format keeps one entry per file, the text and JUnit output
    /// have no line a CI runner would obey, the JUnit XML parses, and the step summary's table stays whole.
    @Test(.tags(.slow), .fullRunOnly) func hostileNamesInAFolderStayEntriesInEveryFormat() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let photo = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("image/vertical.jpg"))
        for name in ["a\r\n::error file=x.jpg::forged\r.jpg", "b<!-- \n\nAll files passed. -->.jpg", "c\u{FFFE}.jpg", "good.jpg"] {
            try photo.write(to: folder.appendingPathComponent(name))
        }
        let raw = Array(folder.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".jpg".utf8) + [0]
        let descriptor = raw.withUnsafeBufferPointer { bytes in bytes.withMemoryRebound(to: CChar.self) { creat($0.baseAddress!, 0o644) } }
        try #require(descriptor >= 0)
        close(descriptor)
        let summary = folder.appendingPathComponent("summary.md")
        for format in ["text", "junit", "github", "json"] {
            let result = try await TwinProcess.run(["validate", "--no-voice-check", "--format", format, folder.path],
                                             environment: ["GITHUB_STEP_SUMMARY": summary.path])
            #expect(result.status == 1, "\(format): the name that is not UTF-8 is an unreadable entry: \(result.stdout)")
            if format == "text" || format == "junit" {
                let lines = result.stdout.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("::") }, "\(format): \(result.stdout)")
                #expect(result.stdout.contains(#"caf\xE9.jpg"#), "\(format): the name shown escaped")
            }
            if format == "text" { #expect(result.stdout.contains("5 files: "), "\(result.stdout)") }
            if format == "junit" {
                let document = try XMLDocument(xmlString: result.stdout, options: [])
                #expect(try document.nodes(forXPath: "//testcase").count == 5)
            }
            if format == "json" {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                let files = try #require(object["files"] as? [[String: Any]])
                #expect(files.count == 5)
                #expect(files.contains { ($0["path"] as? String)?.hasSuffix(#"$'caf\xE9.jpg'"#) == true
                    && (($0["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "unreadable" } })
            }
        }
        let table = try String(contentsOf: summary, encoding: .utf8)
        #expect(table.split(separator: "\n").filter { $0.hasPrefix("| ") }.count == 6, "a header and five rows: \(table)")
        #expect(!table.contains("<!--") && !table.contains("\r") && !table.contains("All files passed.\n"))
    }
}
