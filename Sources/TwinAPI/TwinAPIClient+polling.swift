import TwinHTTP

/// When to check an operation's status: first after `firstCheckAfter`, then every `interval`.
public struct PollingSchedule: Sendable, Equatable {
    public var firstCheckAfter: Duration
    public var interval: Duration

    public init(firstCheckAfter: Duration = .seconds(30), interval: Duration = .seconds(5)) {
        self.firstCheckAfter = max(firstCheckAfter, .zero)
        self.interval = max(interval, .milliseconds(1))
    }

    /// The documented schedule: first check 30 s after `/create`, then every 5 s.
    public static let documented = PollingSchedule()

    /// For resuming an operation created earlier: check at once, then every `interval`.
    public static func resuming(interval: Duration = .seconds(5)) -> PollingSchedule {
        PollingSchedule(firstCheckAfter: .zero, interval: interval)
    }
}

extension TwinAPIClient {
    /// Follows an operation until COMPLETE or FAILED.
    ///
    /// - Parameters:
    ///   - schedule: when to check (the client's clock measures it; with the default rate limit of
    ///     5 calls a minute, checks come at most every 12 s).
    ///   - timeout: give up after this long; nil waits for ever.
    ///   - onUpdate: called with every status read, terminal included.
    /// - Returns: the terminal status (FAILED is returned, not thrown).
    /// - Throws: ``TwinAPIError/pollingTimedOut`` (with the operation id) after `timeout`, or the
    ///   error of a `/status` call that failed after its retries.
    public func waitForTerminalState(
        operationID: String,
        schedule: PollingSchedule = .documented,
        timeout: Duration? = nil,
        onUpdate: @Sendable (OperationStatus) async -> Void = { _ in }
    ) async throws -> OperationStatus {
        try Self.checkOperationID(operationID)
        let deadline = timeout.map { clock.now + $0 }
        var delay = schedule.firstCheckAfter
        var last: OperationStatus?
        while true {
            if let deadline {
                let remaining = deadline - clock.now
                if delay > remaining {
                    try await clock.sleep(for: remaining)
                    throw timedOut(operationID, after: timeout ?? .zero, last: last)
                }
            }
            try await clock.sleep(for: delay)
            let status = try await status(operationID: operationID)
            last = status
            await onUpdate(status)
            if status.state.isTerminal { return status }
            delay = schedule.interval
        }
    }

    private func timedOut(_ operationID: String, after timeout: Duration, last: OperationStatus?) -> TwinAPIError {
        let where_ = last.map { " (last seen \($0.state.rawValue), \(Int($0.progress)) %)" } ?? ""
        return TwinAPIError(
            .pollingTimedOut,
            message: "operation \(operationID) did not finish within \(Int(timeout.seconds.rounded())) s\(where_);"
                + " it goes on on the service: follow it again by its operation id",
            endpoint: .status,
            operationID: operationID
        )
    }
}
