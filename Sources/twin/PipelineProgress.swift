import Foundation
import TwinMedia
import TwinPipeline

/// Session progress for `submit` and `batch`: on a terminal a live block (a summary line and the running
/// sessions, redrawn in place, failures kept above it), one line per step otherwise (logs, CI). Drawn by the
/// CLI's one renderer, ``ProgressView``.
final class PipelineProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let view: ProgressView
    private let total: Int
    private var states: [String: SessionProgress] = [:]
    private var finished: [String: Bool] = [:]

    /// - Parameter total: how many sessions the run has (1 for `submit`).
    init(total: Int, view: ProgressView = .forStandardError()) {
        self.total = total
        self.view = view
    }

    func update(_ progress: SessionProgress) {
        lock.lock()
        defer { lock.unlock() }
        states[progress.sessionID] = progress
        if progress.stage.isTerminal || progress.stage == .invalid {
            finished[progress.sessionID] = progress.stage == .complete
        }
        // Validation's findings, warnings too, are printed as `validate` prints them, before anything is published.
        let findingLines = progress.findings.sorted { $0.severity < $1.severity }.map { finding in
            let label = finding.severity == .error ? "error   \(finding.code)" : "warning \(finding.code)"
            return "\(progress.sessionID):     \(label): " + (finding.file.map { "\($0): " } ?? "")
                + finding.message
        }
        if view.isTerminal {
            for line in findingLines { view.print(line) }
            if !progress.isStatusUpdate, progress.stage == .failed || progress.stage == .invalid {
                // Failures stay on screen above the live block.
                view.print("\(progress.sessionID): \(progress.message)")
            }
            view.draw(block())
        } else if !progress.isStatusUpdate {
            view.print("\(progress.sessionID): \(progress.message)")
            for line in findingLines { view.print(line) }
        }
    }

    /// Clears the live block before the summary is printed.
    func finish() {
        view.finish(keep: false)
    }

    private func block() -> [String] {
        let done = finished.values.filter { $0 }.count
        let failed = finished.values.filter { !$0 }.count
        let running = states.values.filter { finished[$0.sessionID] == nil }.sorted { $0.sessionID < $1.sessionID }
        var lines = ["twin: \(done + failed)/\(total) finished · \(done) done · \(failed) failed · \(running.count) running"]
        for state in running.prefix(8) {
            let bar = state.percent.map { ProgressView.bar(percent: $0, width: 20) + " " } ?? ""
            lines.append("  \(state.sessionID)  \(state.stage)  \(bar)\(state.message)")
        }
        if running.count > 8 { lines.append("  … and \(running.count - 8) more") }
        return lines
    }
}
