/// Escaping for the JUnit XML that `twin validate` and `twin batch` write.
package enum XMLText {
    /// `text` made safe for an XML 1.0 attribute or element: markup characters become entities and
    /// every character XML 1.0 cannot carry at all, even escaped (controls below U+0020 but tab, LF
    /// and CR, and the noncharacters U+FFFE and U+FFFF), becomes `?`.
    package static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
