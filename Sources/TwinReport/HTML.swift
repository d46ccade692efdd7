internal import Foundation
internal import TwinMedia

/// Building blocks of the page: escaping and a few element helpers. Every string from input (file
/// names, transcripts, messages) goes through ``HTML/escaped(_:)`` before it reaches the page.
enum HTML {
    /// `text` safe in element content and in double-quoted attribute values: XML's escaping
    /// (markup characters as entities, C0 controls as `?`), plus the C1 controls HTML forbids.
    static func escaped(_ text: String) -> String {
        let xml = XMLText.escaped(text)
        guard xml.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return xml }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: xml.unicodeScalars.map { (0x7F...0x9F).contains($0.value) ? "?" : $0 })
        return String(out)
    }

    /// A number for SVG coordinates: at most two decimals, no exponent.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.2f", value).replacingOccurrences(of: ".00", with: "")
    }

    /// An `id` fragment made of `text`: lowercase letters, digits and hyphens only.
    static func identifier(_ text: String) -> String {
        String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    /// A finding's headline: its first sentence, and of a long one the part before its first `; ` or `: ` (the
    /// advice after it is in the full message); at most about 100 characters (cut at a word, with an ellipsis).
    static func headline(_ message: String) -> String {
        var sentence = message
        if let end = message.range(of: ". ") { sentence = String(message[..<end.lowerBound]) }
        if sentence.hasSuffix(".") { sentence.removeLast() }
        for separator in ["; ", ": "] where sentence.count > 60 {
            if let cut = sentence.range(of: separator), sentence.distance(from: sentence.startIndex, to: cut.lowerBound) >= 15 {
                sentence = String(sentence[..<cut.lowerBound])
            }
        }
        guard sentence.count > 100 else { return sentence }
        let cut = sentence.prefix(100)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
    }

    /// A `data:` URI for JPEG bytes.
    static func jpegURI(_ data: Data) -> String {
        "data:image/jpeg;base64," + data.base64EncodedString()
    }
}

/// How an entry or a session did, in words and an icon as well as a colour.
enum Verdict: String, CaseIterable {
    case pass, warn, fail
    /// A session of a submit or batch run that never reached `/create` (and did not fail).
    case skip

    init(findings: [(severity: String, code: String)], strict: Bool) {
        if findings.contains(where: { $0.severity == "error" }) {
            self = .fail
        } else if !findings.isEmpty {
            self = strict ? .fail : .warn
        } else {
            self = .pass
        }
    }

    /// The verdict in words, as the summary's columns and the badges say it.
    var words: String {
        switch self {
        case .pass: "passed"
        case .warn: "passed with warnings"
        case .fail: "failed"
        case .skip: "not submitted"
        }
    }

    /// `<span class="verdict fail">✗ failed</span>`.
    var badge: String {
        let icon = switch self {
        case .pass: "✓"
        case .warn: "⚠"
        case .fail: "✗"
        case .skip: "○"
        }
        return "<span class=\"verdict \(rawValue)\">\(icon) \(words)</span>"
    }
}
