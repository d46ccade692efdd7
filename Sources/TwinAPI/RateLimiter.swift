import TwinHTTP

/// Client-side rate limiting, per endpoint: at most `requestsPerMinute` calls to each endpoint in any
/// 60 s, so a batch never trips the service's limit (5 per minute).
///
/// Share one limiter between every client and task that uses the same key: callers reserve slots
/// in order, and a 429's `Retry-After` holds back every caller of that endpoint.
public actor RateLimiter {
    /// Requests per minute per endpoint; 0 lifts the limit.
    public nonisolated let requestsPerMinute: Int
    private let clock: ClockBox
    private var windows: [TwinEndpoint: SlidingWindow] = [:]
    private var blockedUntil: [TwinEndpoint: Duration] = [:]

    /// - Parameters:
    ///   - requestsPerMinute: calls per endpoint per minute; 0 means unlimited.
    ///   - clock: the clock to measure and sleep with (inject one in tests).
    public init(requestsPerMinute: Int, clock: some Clock<Duration> = ContinuousClock()) {
        self.requestsPerMinute = max(0, requestsPerMinute)
        self.clock = ClockBox(clock)
    }

    /// Waits until a call to `endpoint` is allowed, then counts it.
    public func acquire(_ endpoint: TwinEndpoint) async throws {
        let slot = reserve(endpoint)
        try await clock.sleep(for: slot - clock.now)
    }

    /// Reserves the next slot for `endpoint` without waiting for it; the time is on the limiter's clock.
    package func reserveSlot(_ endpoint: TwinEndpoint) -> Duration {
        reserve(endpoint)
    }

    /// Holds back every caller of `endpoint` for `duration` (the server answered 429).
    public func pause(_ endpoint: TwinEndpoint, for duration: Duration) {
        let until = clock.now + duration
        blockedUntil[endpoint] = max(blockedUntil[endpoint] ?? .zero, until)
    }

    private func reserve(_ endpoint: TwinEndpoint) -> Duration {
        let now = max(clock.now, blockedUntil[endpoint] ?? .zero)
        var window = windows[endpoint] ?? SlidingWindow(limit: requestsPerMinute)
        let slot = window.reserve(at: now)
        windows[endpoint] = window
        return slot
    }
}
