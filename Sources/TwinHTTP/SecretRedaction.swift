/// Replaces secrets in text a server sent back or an error carries: the whole secret, and any run of at least
/// ``shortestPrefix`` of its leading characters (a secret cut off by a preview), JSON escapes (`\/`, `\u002d`) read
/// as the characters they stand for. Redact BEFORE truncating: a preview of redacted text cannot leak.
package enum SecretRedaction {
    /// The shortest run of a secret's leading characters that is replaced (a whole secret shorter than this is
    /// replaced too).
    package static let shortestPrefix = 8

    /// `text` with every secret in `secrets` (and every long prefix of one) replaced by `<redacted>`.
    package static func redact(_ text: String, secrets: [String]) -> String {
        let keys = secrets.filter { !$0.isEmpty }.map { Array($0.utf8) }
        guard !keys.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var redacted: [UInt8] = []
        redacted.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var end: Int?
            for key in keys {
                var position = index
                var matched = 0
                while matched < key.count, let (byte, width) = unescapedByte(bytes, at: position), byte == key[matched] {
                    position += width
                    matched += 1
                }
                if matched >= min(key.count, shortestPrefix) { end = max(end ?? position, position) }
            }
            if let end {
                redacted.append(contentsOf: "<redacted>".utf8)
                index = end
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
}
