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
