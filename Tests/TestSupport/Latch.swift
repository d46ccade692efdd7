public import Foundation

/// Something that happens once (a process exits, a fake endpoint is called, a test opens a gate),
/// waited for with a deadline instead of a sleep that hopes it has happened.
public final class Latch: @unchecked Sendable {
    private let lock = NSLock()
    private var opened = false
    private var waiters: [@Sendable () -> Void] = []

    public init() {}

    /// Whether it has happened.
    public var isOpen: Bool { lock.withLock { opened } }

    /// Marks it as happened and wakes every waiter; later calls do nothing.
    public func open() {
        let woken: [@Sendable () -> Void] = lock.withLock {
            guard !opened else { return [] }
            opened = true
            defer { waiters = [] }
            return waiters
        }
        woken.forEach { $0() }
    }

    /// Waits until it happens; false when it had not happened within `limit`.
    public func wait(within limit: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let once = ResumeOnce(continuation)
            guard register({ once.resume(true) }) else { return once.resume(true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + limit.timeInterval) { once.resume(false) }
        }
    }

    /// Blocks this thread until it happens; false when it had not happened within `limit`.
    ///
    /// For synchronous code (a `deinit`, a `stop()`); async code uses `wait(within:)`.
    public func waitBlocking(within limit: Duration) -> Bool {
        let semaphore = DispatchSemaphore(value: 0)
        guard register({ semaphore.signal() }) else { return true }
        return semaphore.wait(timeout: .now() + limit.timeInterval) == .success
    }

    /// Adds `waiter`; false (and not added) when it has already happened.
    private func register(_ waiter: @escaping @Sendable () -> Void) -> Bool {
        lock.withLock {
            guard !opened else { return false }
            waiters.append(waiter)
            return true
        }
    }
}

extension Latch {
    /// A latch opened when `process` exits. Call before `process.run()`: it sets the termination handler.
    public static func exit(of process: Process) -> Latch {
        let latch = Latch()
        process.terminationHandler = { _ in latch.open() }
        return latch
    }
}

/// Checks a condition nothing can signal (a port being listened on, an object appearing in a bucket)
/// until it holds, with a deadline.
public enum Polling {
    /// Calls `condition` every `interval` until it returns true.
    ///
    /// - Throws: `WaitTimeout` naming `what` when it is still false after `limit`; whatever `condition` throws.
    public static func until(
        _ what: String, within limit: Duration, every interval: Duration = .milliseconds(20),
        _ condition: () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while true {
            if try await condition() { return }
            guard clock.now < deadline else { throw WaitTimeout(what: what, limit: limit) }
            try await clock.sleep(for: interval)
        }
    }
}

/// What a test waited for did not happen in time.
public struct WaitTimeout: Error, CustomStringConvertible {
    public let what: String
    public let limit: Duration

    public init(what: String, limit: Duration) {
        self.what = what
        self.limit = limit
    }

    public var description: String { "\(what): not within \(limit)" }
}

extension Duration {
    /// In seconds, for Dispatch deadlines.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// Resumes a continuation at most once, whichever of its callers comes first.
private final class ResumeOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?

    init(_ continuation: CheckedContinuation<Value, Never>) { self.continuation = continuation }

    func resume(_ value: Value) {
        lock.withLock { () -> CheckedContinuation<Value, Never>? in
            defer { continuation = nil }
            return continuation
        }?.resume(returning: value)
    }
}
