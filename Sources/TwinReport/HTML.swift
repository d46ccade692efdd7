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

    /// A `data:` URI for JPEG bytes.
    static func jpegURI(_ data: Data) -> String {
        "data:image/jpeg;base64," + data.base64EncodedString()
    }
}

/// How an entry or a session did, in words and an icon as well as a colour.
enum Verdict: String {
    case pass, warn, fail

    init(findings: [(severity: String, code: String)], strict: Bool) {
        if findings.contains(where: { $0.severity == "error" }) {
            self = .fail
        } else if !findings.isEmpty {
            self = strict ? .fail : .warn
        } else {
            self = .pass
        }
    }

    /// `<span class="verdict fail">✗ failed</span>`.
    var badge: String {
        let words = switch self {
        case .pass: "✓ passed"
        case .warn: "⚠ passed with warnings"
        case .fail: "✗ failed"
        }
        return "<span class=\"verdict \(rawValue)\">\(words)</span>"
    }
}
