import Foundation
import TwinAPI
import TwinPipeline
import TwinPublish
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CLI's one progress renderer, on standard error. On a terminal it keeps a live block of lines that each
/// update redraws in place (one line or several); elsewhere (logs, CI) it prints plain lines. The library only
/// reports events (`OperationStatus`, `PublishProgress`, `SessionProgress`); drawing them is the CLI's job.
final class ProgressView: @unchecked Sendable {
    let isTerminal: Bool
    private let output: @Sendable (String) -> Void
    private let lock = NSLock()
    /// Lines of the live block on screen (the cursor is at the end of its last line).
    private var drawn: [String] = []
    private var lastPrinted: String?

    init(isTerminal: Bool, output: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.output = output
    }

    /// A renderer for standard error: live when it is a terminal that can move the cursor.
    static func forStandardError() -> ProgressView {
        ProgressView(isTerminal: isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    }

    /// Replaces the live block with `lines`, each cut to the terminal's width (terminal only).
    ///
    /// - Parameter skipIfUnchanged: draw nothing when the block would not change (frequent updates).
    func draw(_ lines: [String], skipIfUnchanged: Bool = false) {
        lock.withLock {
            guard isTerminal else { return }
            let width = Self.terminalWidth
            let cut = lines.map { $0.count > width ? String($0.prefix(width)) : $0 }
            if skipIfUnchanged, cut == drawn { return }
            output(returningToBlock() + "\u{1B}[J" + cut.joined(separator: "\n"))
            drawn = cut
        }
    }

    /// Prints `line` to stay: above the live block on a terminal (the next ``draw(_:)`` puts the block back).
    ///
    /// - Parameter onlyOnChange: skip it when it repeats the line printed last.
    func print(_ line: String, onlyOnChange: Bool = false) {
        lock.withLock {
            if onlyOnChange, line == lastPrinted { return }
            lastPrinted = line
            output(erasingBlock() + line + "\n")
            drawn = []
        }
    }

    /// Ends the live block: kept on screen (`keep`) with the cursor on a fresh line, or erased.
    func finish(keep: Bool = true) {
        lock.withLock {
            guard !drawn.isEmpty else { return }
            output(keep ? "\n" : erasingBlock())
            drawn = []
        }
    }

    /// `width` cells of a bar, filled to `percent` (0–100).
    static func bar(percent: Double, width: Int) -> String {
        let filled = percent.isFinite ? min(width, max(0, Int(min(max(percent, 0), 100).rounded(.down)) * width / 100)) : 0
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// Moves to the start of the live block (of the line, when there is none).
    private func returningToBlock() -> String {
        "\r" + (drawn.count > 1 ? "\u{1B}[\(drawn.count - 1)A" : "")
    }

    /// Erases the live block, if any, leaving the cursor where it started.
    private func erasingBlock() -> String {
        drawn.isEmpty ? "" : returningToBlock() + "\u{1B}[J"
    }

    private static var terminalWidth: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) - 1 }
        return 119
    }
}

extension ProgressView {
    /// An operation's `/status`: a bar on a terminal, a line per change otherwise.
    func show(_ status: OperationStatus) {
        let percent = status.progress.isFinite ? Int(min(max(status.progress, -1), 1000).rounded(.down)) : 0
        if isTerminal {
            draw(["\(Self.bar(percent: status.progress, width: 30)) \(String(format: "%3d", percent)) % \(status.state.rawValue)"])
        } else {
            print("status: \(status.state.rawValue) \(percent) %", onlyOnChange: true)
        }
    }

    /// The files at least this large get an upload bar.
    static let minimumUploadSize: Int64 = 8 << 20

    /// An upload's bytes: a bar on a terminal for a large file, nothing otherwise.
    func show(_ progress: PublishProgress) {
        guard isTerminal, progress.totalBytes >= Self.minimumUploadSize else { return }
        let percent = Double(progress.bytesSent * 100 / max(1, progress.totalBytes))
        let name = URL(fileURLWithPath: progress.localPath).lastPathComponent
        draw(["\(name) \(Self.bar(percent: percent, width: 30)) \(Int(percent)) %"], skipIfUnchanged: true)
    }
}
