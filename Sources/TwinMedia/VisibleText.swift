/// Text from outside (file names above all: a name may hold any byte but `/` and NUL) made safe to show a
/// person in a terminal, a CI log, XML or Markdown: no control character reaches the output raw, so a name
/// can neither start a line of its own (a CI runner obeys `::error` at the start of a log line) nor move the
/// cursor, change colours or reorder text.
package enum VisibleText {
    /// `name` as `ls` shows it: unchanged when it holds no control character, otherwise in `$'…'` with each
    /// one escaped (`\n`, `\r`, `\t`, `\e`, `\xHH`, `\u{HHHH}`), and `'` and `\` escaped too.
    package static func name(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: isControl) else { return name }
        return "$'" + name.unicodeScalars.map(quoted).joined() + "'"
    }

    /// A file name's raw bytes as ``name(_:)`` shows them, with each byte that is not part of valid UTF-8
    /// escaped as `\xHH` (the whole name then in `$'…'`).
    package static func name(bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return name(text) }
        var out = "$'", index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if index + length <= bytes.count, let text = String(validating: bytes[index..<index + length], as: UTF8.self) {
                out += text.unicodeScalars.map(quoted).joined()
                index += length
            } else {
                out += "\\x" + String(lead, radix: 16, uppercase: true)
                index += 1
            }
        }
        return out + "'"
    }

    /// `text` with each control character escaped as in ``name(_:)``, unquoted (for messages and notes, which
    /// may quote a name).
    package static func controls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            out += isControl(scalar) ? escape(scalar) : String(scalar)
        }
        return out
    }

    /// C0 and C1 controls and DEL, the Unicode line and paragraph separators, the bidirectional embedding,
    /// override and isolate controls, and the byte-order mark. (The noncharacters U+FFFE and U+FFFF are shown as
    /// they are; XML, which forbids them, replaces them in ``XMLText``.)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `scalar` as it reads inside `$'…'`.
    private static func quoted(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "'": "\\'"
        case "\\": "\\\\"
        default: isControl(scalar) ? escape(scalar) : String(scalar)
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{1B}": return "\\e"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return scalar.value < 0x100 ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{\(hex)}"
        }
    }
}
