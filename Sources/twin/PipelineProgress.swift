import Foundation
import TwinPipeline
#if canImport(Glibc)
import Glibc
#endif

/// Shows session progress on standard error: a live block redrawn in place on a terminal, one
/// line per step otherwise (logs, CI).
final class PipelineProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let live: Bool
    private let total: Int
    private var states: [String: SessionProgress] = [:]
    private var finished: [String: Bool] = [:]
    private var drawnLines = 0

    /// - Parameter total: how many sessions the run has (1 for `submit`).
    init(total: Int, live: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb") {
        self.total = total
        self.live = live
    }

    func update(_ progress: SessionProgress) {
        lock.lock()
        defer { lock.unlock() }
        states[progress.sessionID] = progress
        if progress.stage.isTerminal || progress.stage == .invalid {
            finished[progress.sessionID] = progress.stage == .complete
        }
        if live {
            if !progress.isStatusUpdate, progress.stage == .failed || progress.stage == .invalid {
                // Failures stay on screen above the live block.
                emit(above: "\(progress.sessionID): \(progress.message)")
            }
            redraw()
        } else if !progress.isStatusUpdate {
            write("\(progress.sessionID): \(progress.message)\n")
        }
    }

    /// Clears the live block before the summary is printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if live { clearBlock() }
    }

    private func emit(above line: String) {
        clearBlock()
        write(line + "\n")
    }

    private func redraw() {
        clearBlock()
        let done = finished.values.filter { $0 }.count
        let failed = finished.values.filter { !$0 }.count
        let running = states.values.filter { finished[$0.sessionID] == nil }.sorted { $0.sessionID < $1.sessionID }
        var lines = ["twin: \(done + failed)/\(total) finished · \(done) done · \(failed) failed · \(running.count) running"]
        for state in running.prefix(8) {
            let bar = state.percent.map { Self.bar($0) + " " } ?? ""
            lines.append("  \(state.sessionID)  \(state.stage)  \(bar)\(state.message)".prefix(Self.width).description)
        }
        if running.count > 8 { lines.append("  … and \(running.count - 8) more") }
        write(lines.joined(separator: "\n") + "\n")
        drawnLines = lines.count
    }

    private func clearBlock() {
        guard drawnLines > 0 else { return }
        write("\u{1B}[\(drawnLines)A\u{1B}[J")
        drawnLines = 0
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private static func bar(_ percent: Double) -> String {
        let filled = max(0, min(20, Int(percent / 5)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 20 - filled) + "]"
    }

    private static var width: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) - 1 }
        return 119
    }
}
