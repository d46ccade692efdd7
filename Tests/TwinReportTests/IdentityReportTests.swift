import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinPipeline
import TwinReport
import TwinValidation

/// The page shows each photo's distance from the session's reference face, and marks another person.
@Suite(.hangBackstop) struct IdentityReportTests {
    @Test func photosShowTheirDistanceAndAnotherPersonIsMarked() async throws {
        var report = try await ReportSessions.demo.value
        let html = HTMLReport(validation: report).html()
        #expect(HTMLReportTests.count("<p class=\"identity same\">same person as video.mp4, distance ",
                                      in: html) == 5, "the five demo photos show the video's person")
        #expect(!html.contains("identity different"))

        let aah = try #require(report.files.firstIndex { $0.path.hasSuffix("/aah.jpg") })
        report.files[aah].identity = IdentityReport(reference: "fixtures/sessions/demo/video.mp4", distance: 0.812)
        report.files[aah].findings.append(.error(.differentPerson, "another person"))
        let marked = HTMLReport(validation: report).html()
        #expect(marked.contains("<p class=\"identity different\">✗ not the same person as video.mp4, "
            + "distance 0.812</p>"), "the page marks the photo of another person")
        #expect(HTMLReportTests.count("<p class=\"identity same\">", in: marked) == 4)
    }
}
