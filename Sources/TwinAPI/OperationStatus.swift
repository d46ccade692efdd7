import Foundation

/// Where a twin creation is.
public enum OperationState: String, Sendable, Codable, CaseIterable {
    case queued = "QUEUED"
    case processing = "PROCESSING"
    case complete = "COMPLETE"
    case failed = "FAILED"

    /// COMPLETE and FAILED are final; polling stops there.
    public var isTerminal: Bool { self == .complete || self == .failed }

    /// Reads the state tolerantly (any case; a few synonyms other services use).
    public init?(tolerant raw: String) {
        switch raw.uppercased().replacingOccurrences(of: "-", with: "_") {
        case "QUEUED", "PENDING", "WAITING", "CREATED": self = .queued
        case "PROCESSING", "RUNNING", "IN_PROGRESS", "TRAINING": self = .processing
        case "COMPLETE", "COMPLETED", "SUCCEEDED", "SUCCESS", "DONE": self = .complete
        case "FAILED", "FAILURE", "ERROR", "CANCELLED", "CANCELED": self = .failed
        default: return nil
        }
    }
}

/// One `/status` answer.
public struct OperationStatus: Sendable, Equatable, Codable {
    public var state: OperationState
    /// Percent done, always 0...100 (the service may send 0...1 or 0...100; both are normalised).
    public var progress: Double
    /// Why it failed, or any other message the service attached.
    public var detail: String?

    public init(state: OperationState, progress: Double, detail: String? = nil) {
        self.state = state
        self.progress = min(max(progress, 0), 100)
        self.detail = detail
    }

    /// Normalises a raw progress value: fractions below 1 are read as 0...1, the rest as percent.
    ///
    /// `1` alone is ambiguous; it is 100 % only once the state is COMPLETE.
    public static func normalisedProgress(_ raw: Double?, state: OperationState) -> Double {
        if state == .complete { return 100 }
        guard let raw, raw.isFinite, raw > 0 else { return 0 }
        let percent = raw < 1 ? raw * 100 : raw
        return min(percent, 100)
    }
}
