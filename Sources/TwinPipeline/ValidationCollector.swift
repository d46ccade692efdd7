internal import Foundation
public import TwinMedia

/// Keeps the validation reports of the sessions a submit or batch run validated, so that the run's
/// HTML page can show their photos, faces and frames (with ``MediaValidator/collectReportData``).
/// A session resumed past validation is not validated again, so it has no entry here.
public final class ValidationCollector: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var collected: [FileReport] = []

    public init() {}

    /// Adds one session's reports (the session entry first, then its files).
    public func add(_ reports: [FileReport]) {
        lock.withLock { collected += reports }
    }

    /// Every report added so far, in the order the sessions were validated.
    public var reports: [FileReport] {
        lock.withLock { collected }
    }
}
