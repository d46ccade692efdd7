import ArgumentParser

/// The ranges numeric options must fall in. Past them a value means nothing useful and, once turned into
/// a `Duration` or a rate, would overflow; NaN is in no range.
enum OptionRange {
    /// Seconds: from a millisecond to 30 days.
    static let seconds: ClosedRange<Double> = 0.001...(30 * 24 * 3600)
    /// Seconds that may be zero ("at once").
    static let secondsOrZero: ClosedRange<Double> = 0...(30 * 24 * 3600)
    /// Sandbox time scales: a thousand times slower to a million times faster than real time.
    static let timeScale: ClosedRange<Double> = 0.001...1_000_000
    /// Requests per minute (0 = no limit).
    static let requestsPerMinute: ClosedRange<Int> = 0...100_000

    /// Throws a `ValidationError` naming `option` and the range when `value` is outside it.
    static func check<Value: Comparable>(_ value: Value, _ option: String, in range: ClosedRange<Value>, unit: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound)\(unit) (got \(value))")
        }
    }
}
