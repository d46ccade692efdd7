import Foundation
import TwinAPI
import TwinHTTP

/// Everything the sandbox remembers: per key, its operations and twin numbering; its rate windows;
/// the `/create` counts. Operation progress is computed from the clock when asked, so nothing ticks.
actor SandboxState {
    enum Media: Sendable {
        case checking
        case passed(at: Duration)
        case failed(String)
    }

    struct Operation: Sendable {
        let id: String
        let twinName: String
        let createdAt: Duration
        var media: Media = .checking
        var deleted = false
    }

    private struct Account {
        var nextNumber = 1
        var operations: [String: Operation] = [:]
    }

    private let configuration: SandboxConfiguration
    private var accounts: [APIKey: Account] = [:]
    private var windows: [APIKey: [String: SlidingWindow]] = [:]
    private var stats = SandboxStats()

    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
    }

    private var now: Duration { configuration.clock.now }

    /// Counts a request against `key`'s limit on `endpoint`; returns seconds to wait when over it.
    func admit(key: APIKey, endpoint: String) -> Int? {
        guard configuration.rateLimit > 0 else { return nil }
        var window = windows[key]?[endpoint] ?? SlidingWindow(limit: configuration.rateLimit)
        let wait = window.admit(at: now)
        windows[key, default: [:]][endpoint] = window
        return wait.map { max(1, Int($0.seconds.rounded(.up))) }
    }

    func countCreateRequest(name: String?) {
        stats.createRequests += 1
        if let name { stats.createRequestsByName[name, default: 0] += 1 }
    }

    var currentStats: SandboxStats { stats }

    /// Starts an operation; returns its id and the twin's full name.
    func createOperation(key: APIKey, name: String) -> Operation {
        var account = accounts[key] ?? Account()
        var id = Self.makeOperationID()
        while account.operations[id] != nil { id = Self.makeOperationID() }
        let operation = Operation(id: id, twinName: "twin-\(account.nextNumber)-\(name)", createdAt: now)
        account.nextNumber += 1
        account.operations[id] = operation
        accounts[key] = account
        stats.operationsCreated += 1
        stats.operationsCreatedByName[name, default: 0] += 1
        return operation
    }

    func finishMediaCheck(key: APIKey, operationID: String, failure: String?) {
        accounts[key]?.operations[operationID]?.media = failure.map { .failed($0) } ?? .passed(at: now)
    }

    func status(key: APIKey, operationID: String) -> OperationStatus? {
        accounts[key]?.operations[operationID].map(status(of:))
    }

    /// The completed, undeleted twins of `key`, oldest first.
    func twins(key: APIKey) -> [String] {
        (accounts[key].map { Array($0.operations.values) } ?? [])
            .filter { !$0.deleted && status(of: $0).state == .complete }
            .sorted { $0.createdAt < $1.createdAt }
            .map(\.twinName)
    }

    /// Deletes a completed twin; false when `key` has no such twin.
    func delete(key: APIKey, twinName: String) -> Bool {
        guard let operation = accounts[key]?.operations.values.first(where: {
            $0.twinName == twinName && !$0.deleted && status(of: $0).state == .complete
        }) else { return false }
        accounts[key]?.operations[operation.id]?.deleted = true
        return true
    }

    /// QUEUED while the media is checked and for the first tenth of the creation, then PROCESSING
    /// with rising progress, COMPLETE once the creation time has passed (in sandbox time).
    private func status(of operation: Operation) -> OperationStatus {
        switch operation.media {
        case .checking:
            return OperationStatus(state: .queued, progress: 0)
        case .failed(let reason):
            return OperationStatus(state: .failed, progress: 0, detail: reason)
        case .passed(let checkedAt):
            let total = configuration.creationDuration / configuration.timeScale
            let processingStart = max(operation.createdAt + total / 10, checkedAt)
            let completeAt = max(operation.createdAt + total, processingStart + total / 10)
            let now = self.now
            if now < processingStart { return OperationStatus(state: .queued, progress: 0) }
            if now >= completeAt { return OperationStatus(state: .complete, progress: 100) }
            let fraction = (now - processingStart) / (completeAt - processingStart)
            return OperationStatus(state: .processing, progress: min(99, max(1, (fraction * 100).rounded(.down))))
        }
    }

    private static func makeOperationID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }
}
