import Foundation
import TestSupport
import Testing

/// `--report FILE.html` on validate, submit and batch, as a real process (offline: `--sandbox`).
@Suite(.hangBackstop) struct ReportCLITests {
    @Test(.tags(.slow), .fullRunOnly) func validateWritesThePageAndKeepsItsOutput() async throws {
        try await withTemporaryFolder { folder in
            let page = folder.appendingPathComponent("report.html")
            let result = try await TwinProcess.run(["validate", "--format", "json", "--report", page.path, "fixtures/sessions/demo"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains("\"detail\""), "the JSON report does not carry the page's data")
            let html = try String(contentsOf: page, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<title>twin validate report</title>"))
            #expect(html.contains("data-slot=\"neutral\""))
            #expect(html.contains("<img src=\"data:image/jpeg;base64,"))
            #expect(html.contains("<svg class=\"face-overlay\""))
        }
    }

    @Test(arguments: [["validate", "--report", "report.txt", "fixtures/sessions/demo"],
                      ["submit", "fixtures/sessions/demo", "--sandbox", "--report", "report.json"]])
    func aReportThatIsNotHTMLIsAUsageError(arguments: [String]) async throws {
        let result = try await TwinProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("give a file name ending in .html"), "\(result.stderr)")
    }

    @Test(.tags(.slow), .fullRunOnly) func submitAndBatchWriteThePageOfTheirSessions() async throws {
        try await withTemporaryFolder { folder in
            let page = folder.appendingPathComponent("submit.html")
            let submit = try await TwinProcess.run(["submit", "fixtures/sessions/demo", "--sandbox", "--report", page.path])
            #expect(submit.status == 0, "\(submit.stderr)")
            let html = try String(contentsOf: page, encoding: .utf8)
            #expect(html.contains("<title>twin submit report</title>"))
            #expect(html.contains("<dt>stage</dt><dd>complete</dd>"))
            #expect(html.contains("data-slot=\"neutral\""), "the page shows the photos the run validated, in pose order")
            #expect(html.contains("<img src=\"data:image/jpeg;base64,"))
            #expect(html.contains("<svg class=\"face-overlay\""))
            // The voice check runs apart from the file checks in a submit: its curve and script marks still reach the page.
            #expect(html.contains("<svg class=\"loudness\""), "the video's loudness curve")
            #expect(html.contains("<p class=\"script-legend\">Script: "), "the script's words, heard or not")

            let batch = folder.appendingPathComponent("batch")
            for name in ["alice", "bob"] {
                try FileManager.default.createDirectory(at: batch, withIntermediateDirectories: true)
                try copySession(TestPaths.fixtures.appendingPathComponent("sessions/demo"), to: batch.appendingPathComponent(name))
            }
            try FileManager.default.removeItem(at: batch.appendingPathComponent("bob/pursed.jpg"))
            let batchPage = folder.appendingPathComponent("batch.html")
            let run = try await TwinProcess.run(["batch", batch.path, "--sandbox", "--report", batchPage.path])
            #expect(run.status == 1, "bob misses a pose")
            let batchHTML = try String(contentsOf: batchPage, encoding: .utf8)
            // One section per session, named by its folder: alice completed (warned that bob shows the same person),
            // bob was refused.
            #expect(batchHTML.components(separatedBy: "<section class=\"session ").count - 1 == 2)
            #expect(batchHTML.contains(
                "<h2><span class=\"path\">alice</span> <span class=\"verdict warn\">⚠ passed with warnings</span>"))
            #expect(batchHTML.contains("<dt>stage</dt><dd>complete</dd>") && batchHTML.contains("<code>same-person</code>"))
            #expect(batchHTML.contains("<span class=\"path\">bob</span> <span class=\"verdict fail\">✗ failed</span>"))
            #expect(batchHTML.contains("<code>missing-pose</code>"))
            #expect(batchHTML.components(separatedBy: "data-slot=\"neutral\"").count - 1 == 2, "both sessions' photos are on the page")
            #expect(batchHTML.components(separatedBy: "<svg class=\"loudness\"").count - 1 == 1,
                    "the voice is checked (and drawn) for the session that passed its file checks only")
        }
    }
}
