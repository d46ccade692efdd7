import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinAPI
import TwinSandbox
import TwinSettings

@Suite(.hangBackstop)
struct RateLimitTests {
    @Test func concurrentCallersShareTheLimitPerEndpoint() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(requestsPerMinute: 5, clock: clock)
        let slots = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<12 {
                group.addTask { await limiter.reserveSlot(.create) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(slots.sorted() == Array(repeating: .seconds(0), count: 5) + Array(repeating: .seconds(60), count: 5)
            + Array(repeating: .seconds(120), count: 2))
        // Another endpoint has its own window.
        #expect(await limiter.reserveSlot(.list) == .zero)
        // Acquiring sleeps until the slot: the 13th create waits for the third window.
        try await limiter.acquire(.create)
        #expect(clock.sleeps == [.seconds(120)])
    }

    @Test func zeroIsUnlimitedButRetryAfterStillHoldsCallersBack() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(requestsPerMinute: 0, clock: clock)
        for _ in 0..<100 { try await limiter.acquire(.status) }
        #expect(clock.sleeps.isEmpty)
        await limiter.pause(.status, for: .seconds(9))
        try await limiter.acquire(.status)
        #expect(clock.sleeps == [.seconds(9)])
    }

    @Test func slidingWindowReservesInOrder() {
        var window = SlidingWindow(limit: 2, window: .seconds(60))
        #expect(window.reserve(at: .seconds(0)) == .seconds(0))
        #expect(window.reserve(at: .seconds(10)) == .seconds(10))
        #expect(window.reserve(at: .seconds(20)) == .seconds(60))
        #expect(window.reserve(at: .seconds(20)) == .seconds(70))
        #expect(window.reserve(at: .seconds(200)) == .seconds(200))
    }

    @Test func sandbox429ThenSuccessAfterRetryAfter() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock, rateLimit: 2) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            _ = try await client.listTwins()
            clock.advance(by: .seconds(15))
            _ = try await client.listTwins()
            // The third call in the minute gets a 429 with Retry-After 45 s, waits, then succeeds.
            _ = try await client.listTwins()
            #expect(clock.sleeps == [.seconds(45)])
            // Other endpoints are limited separately.
            _ = try await client.supportedLanguages()
            #expect(clock.sleeps == [.seconds(45)])
        }
    }

    @Test func sandbox429WithoutRetriesIsReported() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock, rateLimit: 1) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock, retry: .none)
            _ = try await client.listTwins()
            let error = await #expect(throws: TwinAPIError.rateLimited) { try await client.listTwins() }
            #expect(error?.statusCode == 429)
            #expect(error?.retryAfter == .seconds(60))
            #expect(error?.setting == .apiRequestRate)
        }
    }

    @Test func clientLimiterKeepsUnderTheSandboxLimit() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock, rateLimit: 5) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock, retry: .none, rate: 5)
            for _ in 0..<12 { _ = try await client.listTwins() }
            #expect(clock.sleeps == [.seconds(60), .seconds(60)], "two waits for a new window, never a 429")
        }
    }
}
