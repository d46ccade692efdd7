/// A type-erased `Clock<Duration>`: time elapsed since the box was made, and sleeping.
///
/// The API client, the rate limiter, the publishers, the retry loop and the sandbox take any clock so tests can inject one whose
/// sleeps return at once; the box keeps their stored properties free of generics.
package struct ClockBox: Sendable {
    private let elapsedNow: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    package init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsedNow = { origin.duration(to: clock.now) }
        sleeper = { duration in
            try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
        }
    }

    /// Time elapsed since the box was made.
    package var now: Duration { elapsedNow() }

    /// Sleeps for `duration`; returns at once for zero or negative durations.
    package func sleep(for duration: Duration) async throws {
        guard duration > .zero else {
            try Task.checkCancellation()
            return
        }
        try await sleeper(duration)
    }
}
