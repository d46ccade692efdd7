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
