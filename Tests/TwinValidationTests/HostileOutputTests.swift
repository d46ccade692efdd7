import Foundation
import TestSupport
import Testing
@testable import TwinMedia
import TwinValidation
import TwinVoice
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report renderers given names and values an attacker chooses (issue 18, rows 2 and 10-13): no format loses a file,
/// lets a name start a line of its own, breaks its document, or adds Markdown of its own.
@Suite struct HostileOutputTests {
    /// Names a folder can hold: CR and LF (a workflow command on a line of its own), HTML comments and Markdown
    /// (a fake summary line that hides the rows after it), XML's forbidden noncharacters, an escape sequence.
    static let names = [
        "a\r\n::error file=x.mp4::forged\r.jpg",
        "b<!-- \n| x | ok |\n\nAll files passed. -->.jpg",
        "c | **bold** [link](http://x) `code` \\| <b>.jpg",
        "d\u{FFFE}\u{FFFF}.jpg",
        "e\u{1B}[31mred\u{7}.jpg",
    ]

    static func report(strict: Bool = false) -> ValidationReport {
        let files = names.map { name in
            FileReport(path: "media/" + name, kind: .image, findings: [
                .error(.unreadable, "Cannot read \(name)\n::warning::also forged"),
            ])
        } + [FileReport(path: "media/good.jpg", kind: .image)]
        return ValidationReport(files: files, strict: strict)
    }

    @Test func noLineOfTheTextOrJUnitOutputStartsWithAWorkflowCommand() {
        for format in [ReportFormat.text, .junit] {
            let output = Self.report().rendered(as: format)
            let lines = output.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("::") }, "\(format): \(output)")
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0 == "\r" }, "\(format)")
        }
        let text = Self.report().text(colour: false)
        #expect(text.contains(#"$'media/a\r\n::error file=x.mp4::forged\r.jpg'"#), "shown escaped, as ls shows it")
        #expect(text.contains(#"$'media/e\e[31mred\x07.jpg'"#))
    }

    @Test func theJUnitXMLParsesAndKeepsEveryFile() throws {
        let xml = Self.report().junit()
        let document = try XMLDocument(xmlString: xml, options: [])
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == Self.names.count + 1)
        let names = cases.compactMap { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue }
        #expect(names.contains("media/good.jpg"))
        #expect(names.contains("media/d??.jpg"), "U+FFFE and U+FFFF, which XML 1.0 forbids, replaced: \(names)")
    }

    @Test func theStepSummaryTableKeepsOneRowPerFileAndNoMarkupOfTheNames() {
        let summary = Self.report().githubStepSummary()
        let lines = summary.split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.filter { $0.hasPrefix("| ") }
        #expect(rows.count == Self.names.count + 2, "a header and a row per file:\n\(summary)")
        #expect(lines.filter { !$0.isEmpty }.count == 2 + rows.count + 1, "no line but the title, summary and table:\n\(summary)")
        #expect(!summary.contains("\r"))
        #expect(!summary.contains("<!--") && !summary.contains("<b>") && !summary.contains("](") && !summary.contains("`"))
        #expect(!summary.contains("All files passed.\n"))
        for row in rows {
            // Seven cells: eight unescaped pipes.
            #expect(row.count { $0 == "|" } == 8, "\(row)")
        }
    }

    @Test func aNonFiniteMeasureBecomesNullAndTheOtherFilesStay() throws {
        var broken = FileReport(path: "inf.mov", kind: .video)
        broken.durationSeconds = .infinity
        broken.frameRate = .nan
        var voice = VoiceReport()
        voice.truePeakDBTP = .infinity
        broken.voice = voice
        let report = ValidationReport(files: [broken, FileReport(path: "good.jpg", kind: .image)])
        let (text, complete) = report.jsonDocument()
        #expect(complete)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["inf.mov", "good.jpg"])
        #expect(files[0]["durationSeconds"] is NSNull && files[0]["frameRate"] is NSNull)
        #expect((files[0]["voice"] as? [String: Any])?["truePeakDBTP"] is NSNull)
        #expect(files[1]["ok"] as? Bool == true)
    }

    @Test func aFolderEntryWhoseNameIsNotUTF8IsListedAsUnreadable() async throws {
        try await withTemporaryFolder { folder in
            try Data([0xFF]).write(to: folder.appendingPathComponent("good.jpg"))
            for raw: [UInt8] in [[0x63, 0x61, 0x66, 0xE9, 0x2E, 0x6A, 0x70, 0x67], [0xFF, 0x0A, 0x2E, 0x6D, 0x70, 0x34]] {
                let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + raw + [0]
                let descriptor = path.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { creat($0.baseAddress!, 0o644) }
                }
                try #require(descriptor >= 0)
                close(descriptor)
            }
            let entries = MediaValidator.unnamableEntries(in: folder)
            #expect(entries.map(\.path) == [folder.path + #"/$'\xFF\n.mp4'"#, folder.path + #"/$'caf\xE9.jpg'"#])
            #expect(entries.allSatisfy { $0.findings.map(\.code) == [.unreadable] })
        }
    }
}
