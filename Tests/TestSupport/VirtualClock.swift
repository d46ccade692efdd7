import Foundation

/// A clock whose sleeps return at once, moving its time to the deadline: code that waits 30 s
/// runs in microseconds, and the test reads back every wait it asked for.
///
/// Share one between a client and an in-process server so both see the same time.
public final class VirtualClock: Clock, @unchecked Sendable {
    public struct Instant: InstantProtocol, Sendable {
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var recorded: [Duration] = []

    public init() {}

    public var now: Instant { lock.withLock { current } }
    public var minimumResolution: Duration { .zero }

    /// Time elapsed since the clock was made.
    public var elapsed: Duration { now.offset }

    /// Every sleep that moved time, in order.
    public var sleeps: [Duration] { lock.withLock { recorded } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        lock.withLock {
            if deadline > current {
                recorded.append(deadline.offset - current.offset)
                current = deadline
            }
        }
        await Task.yield()
    }

    /// Moves time forward without anybody sleeping.
    public func advance(by duration: Duration) {
        lock.withLock { current = current.advanced(by: duration) }
    }
}
