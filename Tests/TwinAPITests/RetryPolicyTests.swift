import Testing
import TestSupport
import TwinAPI
import TwinHTTP

/// The API client's retry settings, as the shared loop (TwinHTTP's RetryLoop) runs them.
@Suite struct RetryPolicyTests {
    @Test func theAPIPolicyIsThisLoop() {
        let policy = RetryPolicy(maxAttempts: 4, initialBackoff: .seconds(1), maxBackoff: .seconds(30),
                                 maxTotalWait: .seconds(180), jitter: 0)
        let loop = policy.loop(clock: ClockBox(VirtualClock()))
        #expect(loop.maxAttempts == 4)
        #expect(loop.maxTotalWait == .seconds(180))
        #expect(loop.backoff == Backoff(initial: .seconds(1), maximum: .seconds(30), jitter: 0))
        #expect((1...7).map { policy.backoff(retry: $0, random: 0) }
            == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
    }
}
