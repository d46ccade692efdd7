public import Foundation
internal import TwinFiles
internal import TwinHTTP

/// An AI Twin API key.
///
/// The key is never printed: `description`, `debugDescription`, `dump` and string interpolation
/// all show `APIKey(<redacted>)`. It travels only in the `x-api-key` request header.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The environment variable the CLI reads the key from.
    public static let environmentVariable = "CAPTIONS_API_KEY"

    package let value: String

    /// Wraps a key, trimming surrounding whitespace and newlines (a key file usually ends with one).
    ///
    /// - Throws: `TwinAPIError.invalidAPIKey` when the key is empty or contains whitespace or
    ///   control characters (which no header could carry).
    public init(_ value: String) throws {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw TwinAPIError(.invalidAPIKey, message: "the API key is empty")
        }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw TwinAPIError(
                .invalidAPIKey,
                message: "the API key contains spaces, control or non-ASCII characters; check that the file holds only the key"
            )
        }
        self.value = trimmed
    }

    /// Reads the key from a file holding only the key (a trailing newline is fine).
    public init(contentsOf file: URL) throws {
        let text: String
        do {
            text = try BoundedFile.readText(file, limit: 4096)
        } catch {
            throw TwinAPIError(.invalidAPIKey, message: "cannot read the API key file: \(error)")
        }
        do {
            try self.init(text)
        } catch let error as TwinAPIError {
            throw TwinAPIError(.invalidAPIKey, message: "\(error.message) (in \(file.path))")
        }
    }

    /// Reads the key from `CAPTIONS_API_KEY` in `environment`, or returns nil when it is not set.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let raw = environment[Self.environmentVariable] else { return nil }
        try self.init(raw)
    }

    /// Compares a presented key with this one in time independent of where they differ.
    public func matches(_ presented: String) -> Bool {
        let lhs = Array(value.utf8)
        let rhs = Array(presented.utf8)
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }

    /// The shortest run of the key's leading characters that ``redact(_:)`` replaces (a whole key shorter than
    /// this is replaced too).
    package static let shortestRedactedPrefix = SecretRedaction.shortestPrefix

    /// Replaces the key in `text`, and any run of at least ``shortestRedactedPrefix`` of its leading characters
    /// (a key cut off by a preview), so a server echoing it cannot leak it. JSON escapes (`\/`, `\u002d`) are read
    /// as the characters they stand for, so an escaped key is caught too.
    package func redact(_ text: String) -> String {
        SecretRedaction.redact(text, secrets: [value])
    }

    public var description: String { "APIKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
