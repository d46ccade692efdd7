internal import Foundation
internal import TwinAPI
internal import TwinHTTP
internal import TwinPublish

/// The /status stage: following the operation to COMPLETE or FAILED, then its /list name.
extension SessionRunner {
    func follow(_ start: JournalEntry, resuming: Bool) async throws -> JournalEntry {
        guard let operationID = start.operationID else {
            throw PipelineError(.journal, "the journal holds no operation id for '\(start.id)'")
        }
        var schedule = options.polling
        if resuming, let sentAt = start.createSentAt {
            // A rerun checks as soon as the documented first check is due, not 30 s from now.
            let due = options.polling.firstCheckAfter.seconds - now().timeIntervalSince(sentAt)
            schedule.firstCheckAfter = .seconds(max(0, due))
        }
        let journal = self.journal
        let id = start.id
        let lastState = LastState(start.apiState)
        let status: OperationStatus
        do {
            status = try await services.client.waitForTerminalState(
                operationID: operationID, schedule: schedule, timeout: options.statusTimeout
            ) { status in
                let changed = await lastState.swap(status.state)
                if changed, let entry = try? journal.update(id, { $0.apiState = status.state; $0.progress = status.progress }) {
                    report(entry, "\(status.state.rawValue) \(Int(status.progress)) %", percent: status.progress)
                } else {
                    let message = "\(status.state.rawValue) \(Int(status.progress)) %"
                    onProgress(SessionProgress(sessionID: id, stage: .created, message: message, percent: status.progress,
                                               isStatusUpdate: true))
                }
            }
        } catch let error as TwinAPIError where error == .notFound {
            // The service forgot the operation: the twin may still exist, so look for it in /list.
            let entry = try journal.update(id, event: "operation \(operationID) unknown to /status") {
                $0.stage = .createSent
                $0.detail = "/status does not know operation \(operationID); checking /list"
            }
            return entry
        }
        if status.state == .failed {
            let entry = try journal.update(id) {
                $0.stage = .failed
                $0.apiState = status.state
                $0.detail = "the API reports FAILED: \(status.detail ?? "no reason given")"
            }
            report(entry, entry.detail ?? "FAILED")
            return entry
        }
        let listed = try await listing(of: start)
        let entry = try journal.update(id) {
            $0.stage = .complete
            $0.apiState = status.state
            $0.progress = 100
            $0.listedName = listed
            $0.detail = listed == nil ? "COMPLETE, but /list does not show the twin yet" : nil
        }
        report(entry, "COMPLETE" + (listed.map { ": \($0)" } ?? ""))
        return entry
    }

    /// The twin's name in `/list` once its operation is COMPLETE (a few tries: a listing may lag).
    func listing(of entry: JournalEntry) async throws -> String? {
        for attempt in 0..<3 {
            if attempt > 0 { try await clock.sleep(for: options.polling.interval) }
            let names = try await services.listedTwins.names(startedAfter: now(), now: now())
            if let listed = ListedTwins.newListing(of: entry.twinName, in: names, excluding: entry.listedBefore ?? []) {
                return listed
            }
        }
        return nil
    }
}

/// The last `/status` state seen, so the journal is written only when it changes.
private actor LastState {
    private var value: OperationState?
    init(_ value: OperationState?) { self.value = value }
    func swap(_ new: OperationState) -> Bool {
        defer { value = new }
        return value != new
    }
}
