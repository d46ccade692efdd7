public import Foundation
internal import TwinFiles

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
    package static let shortestRedactedPrefix = 8

    /// Replaces the key in `text`, and any run of at least ``shortestRedactedPrefix`` of its leading characters
    /// (a key cut off by a preview), so a server echoing it cannot leak it. JSON escapes (`\/`, `\u002d`) are read
    /// as the characters they stand for, so an escaped key is caught too.
    package func redact(_ text: String) -> String {
        let key = Array(value.utf8)
        let bytes = Array(text.utf8)
        let shortest = min(key.count, Self.shortestRedactedPrefix)
        var redacted: [UInt8] = []
        redacted.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var position = index
            var matched = 0
            while matched < key.count, let (byte, width) = Self.unescapedByte(bytes, at: position), byte == key[matched] {
                position += width
                matched += 1
            }
            if matched >= shortest {
                redacted.append(contentsOf: "<redacted>".utf8)
                index = position
            } else {
                redacted.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: redacted, as: UTF8.self)
    }

    /// The byte at `position` and how many bytes stand for it: a JSON escape (`\/`, `\"`, `\u00XX`) is one character.
    private static func unescapedByte(_ bytes: [UInt8], at position: Int) -> (UInt8, Int)? {
        guard position < bytes.count else { return nil }
        guard bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count else { return (bytes[position], 1) }
        if bytes[position + 1] == UInt8(ascii: "u"), position + 5 < bytes.count,
           let code = UInt8(String(decoding: bytes[(position + 2)...(position + 5)], as: UTF8.self), radix: 16) {
            return (code, 6)
        }
        return (bytes[position + 1], 2)
    }

    public var description: String { "APIKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
