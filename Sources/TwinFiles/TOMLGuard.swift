/// A check of TOML text before it reaches the parser (TOMLKit's toml++).
///
/// toml++ aborts the process on an assertion (debug builds) when a table header or key holds a character that
/// TOML 1.0 does not allow there, such as `[é]` (found by the fuzzer, `fixtures/fuzz/profile`). Bare keys are
/// ASCII and control characters are allowed nowhere but as a tab, so both are refused here, outside strings and
/// comments, with the line to fix.
public enum TOMLGuard {
    /// Why `text` must not be parsed, naming the line; nil when the parser may have it.
    public static func problem(in text: String) -> String? {
        var line = 1
        var scalars = Array(text.unicodeScalars)[...]
        var quote: String?  // the open string's delimiter: ", ', """ or '''
        var inComment = false
        while let scalar = scalars.first {
            if scalar == "\n" {
                line += 1
                inComment = false
                if quote == "\"" || quote == "'" { quote = nil }  // a one-line string left open: the parser says so
                scalars = scalars.dropFirst()
                continue
            }
            let isControl = scalar.value < 0x20 && scalar != "\t" && scalar != "\r" || scalar.value == 0x7F
            if isControl { return "line \(line): a control character (U+\(hex(scalar.value))) is not allowed in TOML" }
            if inComment { scalars = scalars.dropFirst(); continue }
            if let open = quote {
                if scalar == "\\", open.hasPrefix("\"") {
                    scalars = scalars.dropFirst(2)
                    continue
                }
                if String(String.UnicodeScalarView(scalars.prefix(open.count))) == open {
                    quote = nil
                    scalars = scalars.dropFirst(open.count)
                    continue
                }
                scalars = scalars.dropFirst()
                continue
            }
            switch scalar {
            case "#":
                inComment = true
            case "\"", "'":
                let triple = String(repeating: String(scalar), count: 3)
                quote = String(String.UnicodeScalarView(scalars.prefix(3))) == triple ? triple : String(scalar)
                scalars = scalars.dropFirst(quote!.count)
                continue
            default:
                if !scalar.isASCII {
                    return "line \(line): '\(scalar)' outside a string; TOML keys are ASCII letters, digits, - and _ (quote other keys)"
                }
            }
            scalars = scalars.dropFirst()
        }
        return nil
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
