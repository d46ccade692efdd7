import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinReport

/// Debian's chromium, headless, renders the demo session's page, a failing session's page and a batch page: a
/// screenshot kept under `.build/test-artifacts/report/`, no console message, and the elements the
/// page must show present in the DOM the browser built (`--dump-dom`).
@Suite(.hangBackstop, .tags(.slow), .fullRunOnly) struct BrowserTests {
    /// Output of one chromium run.
    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs `chromium --headless` on `page` with `arguments`, killed after 60 s (`timeout`).
    static func chromium(_ arguments: [String], page: URL) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        // As root chromium needs --no-sandbox; its own profile folder keeps parallel runs apart.
        process.arguments = ["--kill-after=5", "60", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                             "--no-first-run", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                             "--enable-logging=stderr", "--v=0"] + arguments + [page.absoluteString]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8),
                   status: process.terminationStatus)
    }

    @Test(arguments: ["demo", "failing"])
    func chromiumRendersThePageWithoutConsoleMessages(name: String) async throws {
        let report = try await (name == "demo" ? ReportSessions.demo : ReportSessions.failing).value
        let page = ReportSessions.artifacts.appendingPathComponent("\(name).html")
        try HTMLReport(validation: report).write(to: page.path)
        let screenshot = ReportSessions.artifacts.appendingPathComponent("\(name).png")
        try? FileManager.default.removeItem(at: screenshot)

        let shot = try Self.chromium(["--window-size=1000,2200", "--screenshot=\(screenshot.path)"], page: page)
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        let png = try Data(contentsOf: screenshot)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        print("report: \(name) page \(page.path), screenshot \(screenshot.path)")
        // Console messages (errors, warnings, logs) come out as INFO:CONSOLE lines with logging on.
        let console = shot.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "\(console)")

        let dump = try Self.chromium(["--dump-dom"], page: page)
        #expect(dump.status == 0)
        let dom = dump.stdout
        #expect(dom.contains("id=\"summary\""))
        #expect(dom.contains("<h3>Calibration photos, in pose order</h3>"))
        #expect(dom.contains("<svg class=\"loudness\""))
        #expect(dom.contains("class=\"script\""))
        #expect(dom.contains("<figure class=\"frame\">"))
        if name == "demo" {
            let slots = dom.matches(of: /data-slot="([a-z]+)"/).map { String($0.output.1) }
            #expect(slots == ["neutral", "ooh", "teeth", "aah", "pursed"])
            #expect(dom.components(separatedBy: "class=\"face-overlay\"").count - 1 == 8)
            #expect(dom.contains("<ol class=\"speaking-frames\">"))
            #expect(dom.contains("<span class=\"slot\">1. neutral</span>"))
        } else {
            #expect(dom.contains("<li class=\"finding error\""))
            #expect(dom.contains("<code>not-vertical</code>"))
            #expect(dom.contains("<mark class=\"missed\" title=\"not heard\">"))
            // The hostile folder name is text in the DOM, not an element.
            #expect(!dom.contains("<script>alert(1)</script>"))
            #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    /// The number of colour components in a JPEG's frame header (SOF0-SOF2), nil when there is none.
    static func jpegComponents(_ jpeg: Data) -> Int? {
        let bytes = [UInt8](jpeg)
        var index = 2
        while index + 9 < bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1], length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xC2).contains(marker) { return Int(bytes[index + 9]) }
            index += 2 + length
        }
        return nil
    }

    @Test func chromiumRendersABatchPageWithOneSectionPerSessionInColour() async throws {
        let (batch, validation) = try await ReportSessions.batch.value
        let page = ReportSessions.artifacts.appendingPathComponent("batch.html")
        let html = HTMLReport(batch: batch, validation: validation, title: "twin batch").html()
        try Data(html.utf8).write(to: page)
        let screenshot = ReportSessions.artifacts.appendingPathComponent("batch.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try Self.chromium(["--window-size=1000,2400", "--screenshot=\(screenshot.path)"], page: page)
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        #expect(Array(try Data(contentsOf: screenshot).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        print("report: batch page \(page.path), screenshot \(screenshot.path)")
        let console = shot.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "\(console)")

        let dump = try Self.chromium(["--dump-dom"], page: page)
        #expect(dump.status == 0)
        // One section per session, each with one verdict in its heading: three passed and the failing one.
        let sections = dump.stdout.components(separatedBy: "<section class=\"session ").dropFirst()
        #expect(sections.count == 4)
        let headings = sections.map { section in
            String(section[section.range(of: "<h2>")!.upperBound..<section.range(of: "</h2>")!.lowerBound])
        }
        #expect(headings.map { $0.components(separatedBy: "class=\"verdict ").count - 1 } == [1, 1, 1, 1])
        #expect(headings.filter { $0.contains("verdict pass") }.count == 3 && headings.filter { $0.contains("verdict fail") }.count == 1)
        #expect(headings.contains { $0.contains("&lt;script&gt;alert(1)&lt;/script&gt;") })
        #expect(dump.stdout.components(separatedBy: "data-slot=\"neutral\"").count - 1 == 4)
        #expect(dump.stdout.contains("<dt>operation</dt><dd>op-2</dd>"))
        #expect(dump.stdout.contains("<table class=\"totals\">"))
        // Every thumbnail (photos, frames, speaking frames) is a colour JPEG.
        let thumbnails = html.matches(of: /data:image\/jpeg;base64,([A-Za-z0-9+\/=]+)/).compactMap { Data(base64Encoded: String($0.output.1)) }
        #expect(thumbnails.count >= 4 * 5 + 3 * 3)
        #expect(thumbnails.allSatisfy { Self.jpegComponents($0) == 3 })
    }
}
