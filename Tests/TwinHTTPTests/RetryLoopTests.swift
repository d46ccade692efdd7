import Foundation
import Testing
import TestSupport
import TwinHTTP

/// The one retry loop (TwinHTTP's `RetryLoop`) that the API client, the publishers and the pipeline share.
@Suite struct RetryLoopTests {
    struct Refused: Error, Equatable { let attempt: Int }

    func loop(_ clock: VirtualClock, attempts: Int = 5, maxTotalWait: Duration? = nil, jitter: Double = 0,
              random: @escaping @Sendable () -> Double = { 0 }) -> RetryLoop {
        RetryLoop(maxAttempts: attempts, backoff: Backoff(initial: .seconds(1), maximum: .seconds(3), jitter: jitter),
                  maxTotalWait: maxTotalWait, clock: ClockBox(clock), random: random)
    }

    @Test func retriesUntilSuccessWaitingTheDoublingCappedBackoff() async throws {
        let clock = VirtualClock()
        var attempts: [Int] = []
        let value = try await loop(clock).run { (attempt: Int) -> RetryVerdict<String> in
            attempts.append(attempt)
            return attempt < 5 ? .retry(otherwise: .failure(Refused(attempt: attempt))) : .success("done")
        }
        #expect(value == "done")
        #expect(attempts == [1, 2, 3, 4, 5])
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(3), .seconds(3)])
    }

    @Test func givesTheLastOtherwiseWhenAttemptsRunOut() async throws {
        let clock = VirtualClock()
        let error = await #expect(throws: Refused.self) {
            try await loop(clock, attempts: 3).run { (attempt: Int) -> RetryVerdict<String> in
                .retry(otherwise: .failure(Refused(attempt: attempt)))
            }
        }
        #expect(error == Refused(attempt: 3))
        #expect(clock.sleeps.count == 2)

        let answer = try await loop(VirtualClock(), attempts: 2).run { (attempt: Int) -> RetryVerdict<Int> in
            .retry(otherwise: .success(attempt * 100))
        }
        #expect(answer == 200, "an answer worth retrying is returned as it is when no attempt is left")
    }

    @Test func aThrownErrorIsNeverRetried() async throws {
        let clock = VirtualClock()
        var attempts = 0
        await #expect(throws: Refused.self) {
            try await loop(clock).run { (attempt: Int) -> RetryVerdict<Int> in
                attempts += 1
                throw Refused(attempt: attempt)
            }
        }
        #expect(attempts == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func stopsBeforeAWaitThatWouldPassTheTotal() async throws {
        let clock = VirtualClock()
        var attempts = 0
        await #expect(throws: Refused.self) {
            try await loop(clock, attempts: 10, maxTotalWait: .seconds(5)).run { (attempt: Int) -> RetryVerdict<Int> in
                attempts += 1
                return .retry(otherwise: .failure(Refused(attempt: attempt)))
            }
        }
        #expect(clock.sleeps == [.seconds(1), .seconds(2)], "1 + 2 + 3 would pass 5 s")
        #expect(attempts == 3)
    }

    @Test(arguments: [
        (RetryWait.backoff, Duration.seconds(1)), (.atLeast(.seconds(7)), .seconds(7)), (.atLeast(.milliseconds(10)), .seconds(1)),
        (.exactly(.zero), .zero), (.exactly(.seconds(2)), .seconds(2)),
    ])
    func aServersWaitCombinesWithTheBackoff(wait: RetryWait, expected: Duration) {
        #expect(loop(VirtualClock()).delay(retry: 1, wait) == expected)
    }

    @Test func jitterTakesUpToItsFractionOff() {
        let most = loop(VirtualClock(), jitter: 0.5, random: { 0.999_999 })
        let none = loop(VirtualClock(), jitter: 0.5, random: { 0 })
        #expect(none.delay(retry: 2, .backoff) == .seconds(2))
        #expect(most.delay(retry: 2, .backoff) > .milliseconds(999))
        #expect(most.delay(retry: 2, .backoff) < .milliseconds(1001))
    }
}
