internal import Foundation

/// A trigram language model (ARPA text) built from a script's own words and word sequences.
///
/// PocketSphinx interpolates it with its generic English model, so the recogniser expects the
/// script's phrases while words off the script can still be heard (they come from the generic
/// model, which is what makes a different text score low). Probabilities are maximum-likelihood
/// estimates discounted by a fixed back-off mass; exact normalisation does not matter for decoding.
package struct ScriptLanguageModel {
    /// The share of each history's probability mass left for the lower order.
    static let backOff = 0.3

    let arpa: String

    /// The model of `phrases`, with only the words `isKnown` accepts (those with a pronunciation).
    init?(phrases: [[String]], isKnown: (String) -> Bool) {
        var unigrams: [String: Int] = [:], bigrams: [[String]: Int] = [:], trigrams: [[String]: Int] = [:]
        var total = 0
        for phrase in phrases {
            let words = ["<s>"] + phrase.filter(isKnown) + ["</s>"]
            guard words.count > 2 else { continue }
            for (index, word) in words.enumerated() {
                unigrams[word, default: 0] += 1
                total += 1
                if index >= 1 { bigrams[Array(words[index - 1...index]), default: 0] += 1 }
                if index >= 2 { trigrams[Array(words[index - 2...index]), default: 0] += 1 }
            }
        }
        guard total > 0 else { return nil }
        func log10p(_ value: Double) -> String { String(format: "%.4f", Foundation.log10(value)) }
        let keep = 1 - Self.backOff, backOff = log10p(Self.backOff)
        var lines = ["\\data\\", "ngram 1=\(unigrams.count)", "ngram 2=\(bigrams.count)", "ngram 3=\(trigrams.count)", "",
                     "\\1-grams:"]
        for (word, count) in unigrams.sorted(by: { $0.key < $1.key }) {
            lines.append("\(log10p(Double(count) / Double(total))) \(word) \(backOff)")
        }
        lines += ["", "\\2-grams:"]
        for (pair, count) in bigrams.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            lines.append("\(log10p(keep * Double(count) / Double(unigrams[pair[0]] ?? 1))) \(pair.joined(separator: " ")) \(backOff)")
        }
        lines += ["", "\\3-grams:"]
        for (triple, count) in trigrams.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let history = bigrams[Array(triple[0...1])] ?? 1
            lines.append("\(log10p(keep * Double(count) / Double(history))) \(triple.joined(separator: " "))")
        }
        lines += ["", "\\end\\", ""]
        arpa = lines.joined(separator: "\n")
    }
}
