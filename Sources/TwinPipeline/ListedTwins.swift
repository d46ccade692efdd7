public import Foundation
internal import TwinAPI

/// The twins `/list` shows, shared by every session of a run.
///
/// Concurrent sessions that each need a fresh listing share one `/list` call instead of spending
/// the endpoint's rate limit on identical requests.
public actor ListedTwins {
    private let fetch: @Sendable () async throws -> [String]
    private var latest: (names: [String], startedAt: Date)?
    private var inFlight: (task: Task<[String], any Error>, startedAt: Date)?

    /// - Parameter list: calls `/list` (the API client's `listTwins`).
    public init(list: @escaping @Sendable () async throws -> [String]) {
        self.fetch = list
    }

    /// The names `/list` returned for a request started at or after `notBefore`.
    ///
    /// A request in flight that started late enough is joined rather than repeated. Times are the caller's clock
    /// (the session runner's, which its tests may drive): `now` is when a new request starts.
    public func names(startedAfter notBefore: Date, now: Date) async throws -> [String] {
        if let latest, latest.startedAt >= notBefore { return latest.names }
        if let inFlight, inFlight.startedAt >= notBefore { return try await inFlight.task.value }
        let startedAt = now
        let task = Task { try await fetch() }
        inFlight = (task, startedAt)
        defer { if inFlight?.startedAt == startedAt { inFlight = nil } }
        let names = try await task.value
        if (latest?.startedAt ?? .distantPast) <= startedAt { latest = (names, startedAt) }
        return names
    }

    /// True when `listed`, a name `/list` shows, is the twin created under `name`: the name itself
    /// or the API's `twin-<n>-<name>`.
    public static func isListing(_ listed: String, of name: String) -> Bool {
        listed == name || ListedTwinName(listed)?.name == name
    }

    /// The listing of `name` that is not among `before`: the newest (highest number) when several.
    public static func newListing(of name: String, in names: [String], excluding before: [String]) -> String? {
        let excluded = Set(before)
        return names.filter { isListing($0, of: name) && !excluded.contains($0) }
            .max { number(in: $0) < number(in: $1) }
    }

    private static func number(in listed: String) -> Int {
        ListedTwinName(listed)?.number ?? -1
    }
}
