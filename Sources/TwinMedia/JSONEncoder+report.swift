public import Foundation

extension JSONEncoder {
    /// The encoder of every JSON document twin writes (reports, journals, `--format json`): indented, keys
    /// sorted so that output diffs stay stable, slashes unescaped so that paths and URLs read as written.
    public static func report() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONEncoder {
    /// `value` as JSON text with every non-finite number (Inf or NaN, which JSON cannot carry) written as `null`,
    /// so that one unmeasurable value costs that value, never the document.
    ///
    /// - Throws: `EncodingError` for anything else the encoder refuses.
    public func encodeNullingNonFinite<T: Encodable>(_ value: T) throws -> String {
        // A string no report can hold (it starts and ends with NUL) stands for each non-finite number, then becomes null.
        let marker = "\u{0}twin-non-finite\u{0}"
        nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        let quoted = String(decoding: try encode(marker), as: UTF8.self)
        return String(decoding: try encode(value), as: UTF8.self).replacingOccurrences(of: quoted, with: "null")
    }
}
