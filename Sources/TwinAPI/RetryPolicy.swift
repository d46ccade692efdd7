package import TwinHTTP

/// How often and how long the client retries 429s, 5xx answers and connection failures.
///
/// The wait before retry `n` (1-based) is `initialBackoff * 2^(n-1)`, capped at `maxBackoff`, with up
/// to `jitter` of it taken off at random; a 429's `Retry-After` is honoured when longer. Retries stop
/// after `maxAttempts` calls in all or when the next wait would pass `maxTotalWait`.
/// `/create` is retried only when its request provably never reached the server.
public struct RetryPolicy: Sendable, Equatable {
    /// Calls in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// The most time spent waiting between attempts, in all.
    public var maxTotalWait: Duration
    /// 0...1: the fraction of each backoff that is randomised.
    public var jitter: Double

    public init(
        maxAttempts: Int = 5, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30),
        maxTotalWait: Duration = .seconds(180), jitter: Double = 0.5
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxTotalWait = maxTotalWait
        self.jitter = min(max(jitter, 0), 1)
    }

    /// 5 attempts, 1 s doubling to 30 s, at most 3 minutes of waiting, half jitter.
    public static let `default` = RetryPolicy()
    /// One attempt, no retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1-based), before `Retry-After` is considered.
    package func backoff(retry: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        schedule.delay(retry: retry, random: random)
    }

    /// The retry loop this policy describes, sleeping on `clock`.
    package func loop(clock: ClockBox) -> RetryLoop {
        RetryLoop(maxAttempts: maxAttempts, backoff: schedule, maxTotalWait: maxTotalWait, clock: clock)
    }

    private var schedule: Backoff {
        Backoff(initial: initialBackoff, maximum: maxBackoff, jitter: jitter)
    }
}
