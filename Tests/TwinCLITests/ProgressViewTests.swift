import Foundation
import Testing
import TwinPipeline
@testable import TwinPublish
@testable import twin

/// The CLI's one progress renderer, fed with the library's events (sessions, uploads).
@Suite struct ProgressViewTests {
    /// What the renderer wrote.
    typealias Screen = APICommandsTests.Lines

    @Test func sessionsAreALiveBlockRedrawnInPlaceWithFailuresKeptAbove() {
        let screen = Screen()
        let progress = PipelineProgress(total: 2, view: ProgressView(isTerminal: true) { screen.add($0) })
        progress.update(SessionProgress(sessionID: "ann", stage: .publishing, message: "publishing"))
        progress.update(SessionProgress(sessionID: "bob", stage: .created, message: "PROCESSING 40 %", percent: 40))
        progress.update(SessionProgress(sessionID: "ann", stage: .failed, message: "publishing failed"))
        progress.finish()
        let text = screen.text
        #expect(text.contains("twin: 0/2 finished · 0 done · 0 failed · 2 running"))
        #expect(text.contains("  bob  created  ████████░░░░░░░░░░░░ PROCESSING 40 %"))
        #expect(text.contains("\r\u{1B}[2A\u{1B}[J"), "a three-line block is redrawn from its first line")
        #expect(text.contains("ann: publishing failed\n"), "a failure stays above the block")
        #expect(text.contains("twin: 1/2 finished · 0 done · 1 failed · 1 running"))
        #expect(text.hasSuffix("\r\u{1B}[1A\u{1B}[J"), "finish erases the block before the summary")
    }

    @Test func sessionsAreOneLinePerStepOffATerminal() {
        let screen = Screen()
        let progress = PipelineProgress(total: 1, view: ProgressView(isTerminal: false) { screen.add($0) })
        progress.update(SessionProgress(sessionID: "ann", stage: .published, message: "published 6 files"))
        progress.update(SessionProgress(sessionID: "ann", stage: .created, message: "PROCESSING 40 %", percent: 40,
                                        isStatusUpdate: true))
        progress.update(SessionProgress(sessionID: "ann", stage: .complete, message: "complete"))
        progress.finish()
        #expect(screen.text == "ann: published 6 files\nann: complete\n")
    }

    @Test func uploadsOfLargeFilesGetABarRedrawnOnlyWhenItMoves() {
        let screen = Screen()
        let view = ProgressView(isTerminal: true) { screen.add($0) }
        let size = ProgressView.minimumUploadSize
        view.show(PublishProgress(localPath: "/tmp/small.jpg", bytesSent: 10, totalBytes: 100))
        #expect(screen.text.isEmpty, "a small file gets no bar")
        for sent in [size / 2, size / 2 + 1, size] {
            view.show(PublishProgress(localPath: "/tmp/take1.mp4", bytesSent: sent, totalBytes: size))
        }
        view.finish()
        #expect(screen.text.components(separatedBy: "\r").count == 3, "50 % drawn once, then 100 %: \(screen.text)")
        let half = String(repeating: "█", count: 15) + String(repeating: "░", count: 15)
        #expect(screen.text.contains("take1.mp4 \(half) 50 %"))
        #expect(screen.text.hasSuffix("take1.mp4 \(String(repeating: "█", count: 30)) 100 %\n"))
    }

    @Test func uploadsShowNothingOffATerminal() {
        let screen = Screen()
        let view = ProgressView(isTerminal: false) { screen.add($0) }
        view.show(PublishProgress(localPath: "/tmp/take1.mp4", bytesSent: 1, totalBytes: ProgressView.minimumUploadSize))
        view.finish()
        #expect(screen.text.isEmpty)
    }

    @Test(arguments: [(0.0, 0), (19.9, 0), (20, 1), (99, 4), (100, 5), (250, 5), (-5, 0), (.nan, 0), (.infinity, 0)])
    func barsFillByWholeSteps(percent: Double, filled: Int) {
        let expected = String(repeating: "█", count: filled) + String(repeating: "░", count: 5 - filled)
        #expect(ProgressView.bar(percent: percent, width: 5) == expected)
    }
}
