import Testing
import TwinAPI

/// `twin-<n>-<name>`, parsed in one place for `/delete`, `twin create --wait` and the batch's reconciliation.
@Suite struct ListedTwinNameTests {
    @Test(arguments: [
        ("twin-1-sam", 1, "sam"), ("twin-12-sam-2", 12, "sam-2"), ("twin-3-Sam Example", 3, "Sam Example"),
    ])
    func parses(listed: String, number: Int, name: String) throws {
        let parsed = try #require(ListedTwinName(listed))
        #expect(parsed.number == number)
        #expect(parsed.name == name)
        #expect(TwinAPIClient.isTwinName(listed))
    }

    @Test(arguments: ["sam", "twin-x-sam", "twin--sam", "twin-1-", "my-twin-1-sam", "twin-١-sam", "twin-99999999999999999999999-sam"])
    func refuses(listed: String) {
        #expect(ListedTwinName(listed) == nil)
        #expect(!TwinAPIClient.isTwinName(listed))
    }
}
