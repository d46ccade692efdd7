/// A check of TOML text before it reaches the parser (TOMLKit's toml++).
///
/// toml++ aborts the process on an assertion (debug builds) when a table header holds a character a key cannot
/// start with, such as `[é]`, `[&a]` or a header cut by a newline (found by the fuzzer, `fixtures/fuzz/profile`).
/// So, outside strings and comments: control characters (but tab) and non-ASCII characters are refused, and a
/// table header must be keys (bare `A-Za-z0-9_-` or quoted) joined by dots, closed on its line; brackets and
/// braces of values must match.
public enum TOMLGuard {
    /// Why `text` must not be parsed, naming the line; nil when the parser may have it.
    public static func problem(in text: String) -> String? {
        var scanner = Scanner(Array(text.unicodeScalars))
        return scanner.run()
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        /// The open `[`/`{` of a value (an array or inline table may span lines), innermost last.
        var open: [Unicode.Scalar] = []
        var valueDepth: Int { open.count }
        var lineStart = true

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        func starts(with text: String) -> Bool {
            Array(text.unicodeScalars).enumerated().allSatisfy { peek($0.offset) == $0.element }
        }

        static func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
        }

        static func isControl(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\r" && scalar != "\n") || scalar.value == 0x7F
        }

        mutating func run() -> String? {
            while let scalar = peek() {
                if Self.isControl(scalar) { return "line \(line): a control character (U+\(Self.hex(scalar.value))) is not allowed" }
                switch scalar {
                case "\n":
                    line += 1
                    index += 1
                    lineStart = true
                    continue
                case " ", "\t", "\r":
                    index += 1
                    continue
                case "#":
                    while let next = peek(), next != "\n" {
                        if Self.isControl(next) { return "line \(line): a control character is not allowed in a comment" }
                        index += 1
                    }
                    continue
                case "\"", "'":
                    if let problem = skipString() { return problem }
                case "[" where lineStart && valueDepth == 0:
                    if let problem = checkHeader() { return problem }
                case "[", "{":
                    open.append(scalar)
                    index += 1
                case "]", "}":
                    // toml++ asserts on a closer that does not match (`[}`): refuse it here.
                    guard let last = open.popLast(), (last == "[") == (scalar == "]") else {
                        return "line \(line): '\(scalar)' closes nothing that is open"
                    }
                    index += 1
                default:
                    if !scalar.isASCII {
                        return "line \(line): '\(scalar)' outside a string; TOML keys are ASCII letters, digits, - and _ (quote other keys)"
                    }
                    index += 1
                }
                lineStart = false
            }
            return nil
        }

        /// Skips a basic, literal or multi-line string starting at `index`.
        mutating func skipString() -> String? {
            let quote = peek()!
            let triple = String(repeating: String(quote), count: 3)
            let delimiter = starts(with: triple) ? triple : String(quote)
            index += delimiter.unicodeScalars.count
            while let scalar = peek() {
                if scalar == "\n" {
                    guard delimiter.count == 3 else { return nil }  // an unclosed one-line string: the parser reports it
                    line += 1
                } else if Self.isControl(scalar) {
                    return "line \(line): a control character (U+\(Self.hex(scalar.value))) in a string must be escaped"
                }
                if scalar == "\\", quote == "\"" {
                    index += 2
                    continue
                }
                if starts(with: delimiter) {
                    index += delimiter.unicodeScalars.count
                    while peek() == quote { index += 1 }  // up to two quotes may end a multi-line string's content
                    return nil
                }
                index += 1
            }
            return nil
        }

        /// A table header: `[` or `[[`, then keys (bare or quoted) joined by dots, then `]` or `]]`, on one line.
        mutating func checkHeader() -> String? {
            index += starts(with: "[[") ? 2 : 1
            var expectingKey = true
            while let scalar = peek() {
                switch scalar {
                case " ", "\t":
                    index += 1
                case "]":
                    guard !expectingKey else { return "line \(line): a table header needs a key before ']'" }
                    index += starts(with: "]]") ? 2 : 1
                    return nil
                case ".":
                    guard !expectingKey else { return "line \(line): a table header has an empty key" }
                    expectingKey = true
                    index += 1
                case "\"", "'":
                    guard expectingKey, !starts(with: "\"\"\""), !starts(with: "'''") else {
                        return "line \(line): a table header holds a misplaced quote"
                    }
                    if let problem = skipString() { return problem }
                    expectingKey = false
                default:
                    guard Self.isBareKey(scalar) else {
                        let shown = scalar == "\n" ? "a line break" : "'\(scalar)'"
                        return "line \(line): a table header holds \(shown); keys are ASCII letters, digits, - and _ (quote other keys)"
                    }
                    while let next = peek(), Self.isBareKey(next) { index += 1 }
                    guard expectingKey else { return "line \(line): a table header needs a dot between keys" }
                    expectingKey = false
                }
            }
            return "line \(line): a table header is not closed"
        }

        static func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}
