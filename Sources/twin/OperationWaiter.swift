import Foundation
import TwinAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows an operation for the CLI: a progress bar on a terminal, one line per change otherwise,
/// and on Ctrl-C a note with the command that resumes it.
enum OperationWaiter {
    /// Waits for `operationID` to end; prints `note` (once Ctrl-C is handled) and progress to standard error.
    static func wait(
        client: TwinAPIClient, operationID: String, schedule: PollingSchedule, timeout: Duration?, note: String? = nil
    ) async throws -> OperationStatus {
        let view = ProgressView(isTerminal: isatty(STDERR_FILENO) != 0)
        let interrupt = InterruptNotice(
            message: "\ninterrupted; operation \(operationID) continues on the service. Resume with: twin status \(operationID) --wait"
        )
        defer { interrupt.cancel() }
        if let note { APIOutput.printNote(note) }
        do {
            let status = try await client.waitForTerminalState(
                operationID: operationID, schedule: schedule, timeout: timeout
            ) { status in
                view.show(status)
            }
            view.finish()
            return status
        } catch {
            view.finish()
            throw error
        }
    }
}

/// Renders status updates: an in-place bar on a terminal, plain lines (only on change) otherwise.
final class ProgressView: @unchecked Sendable {
    private let isTerminal: Bool
    private let output: @Sendable (String) -> Void
    private let lock = NSLock()
    private var lastLine: String?
    private var drewBar = false

    init(isTerminal: Bool, output: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.output = output
    }

    func show(_ status: OperationStatus) {
        lock.lock()
        defer { lock.unlock() }
        let percent = Int(status.progress.rounded(.down))
        if isTerminal {
            let width = 30
            let filled = min(width, max(0, percent * width / 100))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write("\r\u{1B}[2K\(bar) \(String(format: "%3d", percent)) % \(status.state.rawValue)")
            drewBar = true
        } else {
            let line = "status: \(status.state.rawValue) \(percent) %"
            guard line != lastLine else { return }
            lastLine = line
            write(line + "\n")
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { write("\n") }
        drewBar = false
    }

    private func write(_ text: String) {
        output(text)
    }
}

/// While alive, turns SIGINT into a printed note and exit code 130 instead of a silent death.
///
/// A plain C handler, installed synchronously: it only calls `write` and `_exit`, which are safe in
/// a signal handler, so the note cannot be lost to a handler that is not yet registered.
final class InterruptNotice {
    init(message: String) {
        let bytes = Array((message + "\n").utf8)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        buffer.initialize(from: bytes, count: bytes.count)
        interruptNote.store(buffer: buffer, count: bytes.count)
        signal(SIGINT) { _ in
            let note = interruptNote.load()
            if let buffer = note.buffer { _ = write(STDERR_FILENO, buffer, note.count) }
            _exit(130)
        }
    }

    func cancel() {
        signal(SIGINT, SIG_DFL)
        interruptNote.clear()
    }
}

/// The note the SIGINT handler prints; written before the handler is installed, read only by it.
private let interruptNote = InterruptNote()

private final class InterruptNote: @unchecked Sendable {
    private nonisolated(unsafe) var buffer: UnsafeMutablePointer<UInt8>?
    private nonisolated(unsafe) var count = 0

    func store(buffer: UnsafeMutablePointer<UInt8>, count: Int) {
        clear()
        self.count = count
        self.buffer = buffer
    }

    func load() -> (buffer: UnsafeMutablePointer<UInt8>?, count: Int) { (buffer, count) }

    func clear() {
        let old = buffer
        buffer = nil
        count = 0
        old?.deallocate()
    }
}
