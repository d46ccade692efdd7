public import TwinAPI

/// The `/script` text of each language, fetched at most once per run and shared by its sessions.
public actor ScriptBook {
    private let fetch: @Sendable (String) async throws -> String
    private var scripts: [String: Task<String, any Error>] = [:]

    /// Scripts from `client.script(language:)`.
    public init(client: TwinAPIClient) {
        fetch = { [client] language in try await client.script(language: language) }
    }

    /// Scripts from `fetch` (tests).
    public init(fetch: @escaping @Sendable (String) async throws -> String) {
        self.fetch = fetch
    }

    /// The script in `language`; a failed fetch is tried again by the next caller.
    public func script(for language: String) async throws -> String {
        let task = scripts[language] ?? Task { [fetch] in try await fetch(language) }
        scripts[language] = task
        do {
            return try await task.value
        } catch {
            scripts[language] = nil
            throw error
        }
    }
}
