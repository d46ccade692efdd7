public import Logging
internal import Foundation

/// Collects every log line (level, message and metadata) a `Logger` writes, so tests can assert
/// on warnings and on what must never appear (secrets).
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    /// Each line as `LEVEL MESSAGE [METADATA]`, e.g. `warning temporary credentials … [:]`.
    public var messages: [String] { lock.withLock { lines } }

    /// All lines joined by newlines.
    public var text: String { messages.joined(separator: "\n") }

    public func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// A logger at trace level that writes into this capture.
    public var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(merged)")
        }
    }
}
