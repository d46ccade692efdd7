import Foundation
import Testing
import TwinPipeline

@Suite struct TwinDirectoryTests {
    @Test(arguments: [
        ("twin-1-sam", "sam", true), ("twin-12-sam", "sam", true), ("sam", "sam", true),
        ("twin-1-sam-2", "sam", false), ("twin-x-sam", "sam", false), ("twin--sam", "sam", false),
        ("twin-3-Sam Example", "Sam Example", true), ("twin-1-bob", "sam", false), ("my-twin-1-sam", "sam", false),
    ])
    func listingsMatchTheirTwinName(listed: String, name: String, matches: Bool) {
        #expect(TwinDirectory.isListing(listed, of: name) == matches)
    }

    @Test func aNewListingIsOneThatWasNotThereBefore() {
        let names = ["twin-1-sam", "twin-2-bob", "twin-7-sam", "twin-4-sam"]
        #expect(TwinDirectory.newListing(of: "sam", in: names, excluding: ["twin-1-sam"]) == "twin-7-sam")
        #expect(TwinDirectory.newListing(of: "sam", in: names, excluding: ["twin-1-sam", "twin-4-sam", "twin-7-sam"]) == nil)
        #expect(TwinDirectory.newListing(of: "eve", in: names, excluding: []) == nil)
    }

    @Test func concurrentCallersShareOneListCall() async throws {
        let calls = Counter()
        let directory = TwinDirectory(list: {
            await calls.increment()
            try await Task.sleep(for: .milliseconds(100))
            return ["twin-1-sam"]
        })
        let start = Date()
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { try await directory.names(startedAfter: start) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == ["twin-1-sam"] })
        #expect(await calls.value == 1)
        // A caller that needs a listing started later gets a new call.
        _ = try await directory.names(startedAfter: Date())
        #expect(await calls.value == 2)
    }
}

private actor Counter {
    var value = 0
    func increment() { value += 1 }
}
