/// One line of the doctor's checklist: what was checked, how it went, and the fix when it failed.
public struct DoctorItem: Sendable, Codable, Equatable {
    /// How a check went.
    public enum Status: String, Sendable, Codable {
        /// Checked and working.
        case ok
        /// Checked and not working; ``DoctorItem/fix`` says what to do.
        case failed
        /// Working, but worse than it could be (a cache that cannot be written costs speed, never a result).
        case warning
        /// Not checked: nothing is configured for it (no API key, no publish target).
        case skipped
    }

    /// A stable name for the check (`library.dlib`, `model.landmarks`, `cache`, `api`, `publish`).
    public var check: String
    /// What was checked, for a person.
    public var title: String
    public var status: Status
    /// What was found: a version, a path and where it came from, a URL (never a key).
    public var detail: String
    /// What to do about a failure or warning.
    public var fix: String?
    /// Whether a failure here stops the doctor and fails the run.
    public var required: Bool

    public init(check: String, title: String, status: Status, detail: String, fix: String? = nil, required: Bool = true) {
        self.check = check
        self.title = title
        self.status = status
        self.detail = detail
        self.fix = fix
        self.required = required
    }

    /// Whether this item fails the run.
    public var failsRun: Bool { status == .failed && required }
}

/// The doctor's checklist, in the order the checks ran. It stops at the first failing required item.
public struct DoctorReport: Sendable, Codable, Equatable {
    /// twin-preflight's version.
    public var version: String
    public var items: [DoctorItem]

    public init(version: String = TwinVersion.current, items: [DoctorItem]) {
        self.version = version
        self.items = items
    }

    /// True when no required item failed.
    public var passed: Bool { !items.contains { $0.failsRun } }

    /// The checklist for a person: one line per item (✓ ok, ✗ failed, ! warning, - skipped), and the fix under each ✗ and !.
    public var text: String {
        var lines = ["twin-preflight \(version)"]
        for item in items {
            let mark = switch item.status {
            case .ok: "✓"
            case .failed: "✗"
            case .warning: "!"
            case .skipped: "-"
            }
            lines.append("\(mark) \(item.title): \(item.detail)")
            if let fix = item.fix, item.status == .failed || item.status == .warning { lines.append("    fix: \(fix)") }
        }
        lines.append(passed ? "all required checks passed" : "a required check failed")
        return lines.joined(separator: "\n")
    }
}
