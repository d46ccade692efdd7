/// A twin's name as `/list` shows it and `/delete` takes it: `twin-<n>-<name>`.
public struct ListedTwinName: Sendable, Hashable {
    /// The service's number for the twin (`n`).
    public let number: Int
    /// The name the twin was created under.
    public let name: String

    /// Parses `twin-<n>-<name>` (`n` ASCII digits, `name` not empty); nil for any other string.
    public init?(_ listed: String) {
        let parts = listed.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "twin", !parts[2].isEmpty,
              parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(parts[1]) else { return nil }
        self.number = number
        self.name = String(parts[2])
    }
}
