/// An exponential backoff: the wait before retry `n` (1-based) is `initial * 2^(n-1)`, capped at `maximum`, with up
/// to `jitter` (0...1) of it taken off at random.
package struct Backoff: Sendable, Equatable {
    package var initial: Duration
    package var maximum: Duration
    package var jitter: Double

    package init(initial: Duration, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The wait before retry number `retry` (1-based); `random` is in `0..<1`.
    package func delay(retry: Int, random: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let base = min(initial * (1 << exponent), maximum)
        return base - base * (jitter * random)
    }
}

/// How long to wait before the next attempt.
package enum RetryWait: Sendable, Equatable {
    /// The backoff's wait.
    case backoff
    /// The longer of this (a server's `Retry-After`) and the backoff's wait.
    case atLeast(Duration)
    /// This (a server's `Retry-After`), whatever the backoff says.
    case exactly(Duration)
}

/// What one attempt of a ``RetryLoop`` came to. An attempt that must not be repeated throws.
package enum RetryVerdict<Success: Sendable>: Sendable {
    case success(Success)
    /// Worth another attempt after `wait`; `otherwise` is the outcome when no attempt is left.
    case retry(otherwise: Result<Success, any Error>, wait: RetryWait = .backoff)
}

/// The one retry loop of twin (API calls, the publishers' requests, the pipeline's publishing of a file): at most
/// `maxAttempts` attempts, a backoff between them slept on an injected clock, and no wait that would take the
/// waiting in all past `maxTotalWait`. What is worth retrying is the caller's to say, attempt by attempt.
package struct RetryLoop: Sendable {
    /// Attempts in all, the first included; 1 disables retries.
    package var maxAttempts: Int
    package var backoff: Backoff
    /// The most time spent waiting between attempts, in all; nil for no bound beyond `maxAttempts`.
    package var maxTotalWait: Duration?
    package var clock: ClockBox
    /// A number in `0..<1` for the jitter (injected in tests).
    package var random: @Sendable () -> Double

    package init(
        maxAttempts: Int, backoff: Backoff, maxTotalWait: Duration? = nil, clock: ClockBox,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.maxTotalWait = maxTotalWait
        self.clock = clock
        self.random = random
    }

    /// Runs `attempt` (given its 1-based number) until it succeeds, throws, or no retry is left.
    ///
    /// - Parameter willRetry: called before each wait with the attempt's number, its `otherwise` and the wait.
    /// - Returns: The first success, or the last retried attempt's `otherwise` when retries run out.
    /// - Throws: What an attempt throws, the last `otherwise` failure, or `CancellationError` during a wait.
    package func run<Success: Sendable>(
        _ attempt: (_ number: Int) async throws -> RetryVerdict<Success>,
        willRetry: (_ number: Int, _ otherwise: Result<Success, any Error>, _ wait: Duration) async -> Void = { _, _, _ in }
    ) async throws -> Success {
        var waited = Duration.zero
        var number = 1
        while true {
            switch try await attempt(number) {
            case .success(let value):
                return value
            case .retry(let otherwise, let wait):
                let delay = delay(retry: number, wait)
                guard number < maxAttempts, maxTotalWait.map({ waited + delay <= $0 }) ?? true else {
                    return try otherwise.get()
                }
                await willRetry(number, otherwise, delay)
                try await clock.sleep(for: delay)
                waited += delay
                number += 1
            }
        }
    }

    /// The wait before retry number `retry`.
    package func delay(retry: Int, _ wait: RetryWait) -> Duration {
        switch wait {
        case .backoff: backoff.delay(retry: retry, random: random())
        case .atLeast(let requested): max(requested, backoff.delay(retry: retry, random: random()))
        case .exactly(let requested): requested
        }
    }
}
