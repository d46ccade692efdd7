import Foundation
import TestSupport
import Testing
import TwinPipeline

@Suite struct ListedTwinsTests {
    @Test(arguments: [
        ("twin-1-sam", "sam", true), ("twin-12-sam", "sam", true), ("sam", "sam", true),
        ("twin-1-sam-2", "sam", false), ("twin-x-sam", "sam", false), ("twin--sam", "sam", false),
        ("twin-3-Sam Example", "Sam Example", true), ("twin-1-bob", "sam", false), ("my-twin-1-sam", "sam", false),
    ])
    func listingsMatchTheirTwinName(listed: String, name: String, matches: Bool) {
        #expect(ListedTwins.isListing(listed, of: name) == matches)
    }

    @Test func aNewListingIsOneThatWasNotThereBefore() {
        let names = ["twin-1-sam", "twin-2-bob", "twin-7-sam", "twin-4-sam"]
        #expect(ListedTwins.newListing(of: "sam", in: names, excluding: ["twin-1-sam"]) == "twin-7-sam")
        #expect(ListedTwins.newListing(of: "sam", in: names, excluding: ["twin-1-sam", "twin-4-sam", "twin-7-sam"]) == nil)
        #expect(ListedTwins.newListing(of: "eve", in: names, excluding: []) == nil)
    }

    @Test(.hangBackstop) func concurrentCallersShareOneListCall() async throws {
        let calls = Counter()
        let listing = Latch(), answer = Latch()
        // The callers' clock: the first listing starts at start + 1 s, a later one at start + 2 s.
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let listedTwins = ListedTwins(list: {
            calls.increment()
            listing.open()
            // In flight until the test answers: callers asking meanwhile join it, later ones reuse its result.
            guard await answer.wait(within: .seconds(30)) else { throw WaitTimeout(what: "the test's answer", limit: .seconds(30)) }
            return ["twin-1-sam"]
        })
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { try await listedTwins.names(startedAfter: start, now: start.addingTimeInterval(1)) } }
            #expect(await listing.wait(within: .seconds(30)), "the first caller lists")
            answer.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: ["twin-1-sam"], count: 8))
        #expect(calls.value == 1)
        // A caller that needs a listing started after that one (at start + 1 s) gets a new call.
        _ = try await listedTwins.names(startedAfter: start.addingTimeInterval(1.5), now: start.addingTimeInterval(2))
        #expect(calls.value == 2)
        // One that does not gets the latest listing.
        _ = try await listedTwins.names(startedAfter: start.addingTimeInterval(2), now: start.addingTimeInterval(3))
        #expect(calls.value == 2)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    /// Adds one and returns the new count.
    @discardableResult func increment() -> Int { lock.withLock { count += 1; return count } }
}
