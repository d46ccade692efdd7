internal import Foundation

/// The words of a script to recite, and what was heard of it.
///
/// Words are lower-case runs of letters and apostrophes (curly apostrophes straightened), so
/// "I'm" is one word and punctuation splits phrases. The script is bounded (``maxWords``) so a
/// hostile file cannot make the alignment quadratic in its size.
public struct ScriptText: Sendable, Hashable {
    /// Scripts longer than this are cut: the API's scripts are a paragraph of about 60 words.
    public static let maxWords = 2_000

    /// The script's phrases (split at punctuation), each a list of words.
    public let phrases: [[String]]
    /// Every word, in order.
    public var words: [String] { phrases.flatMap { $0 } }

    /// Splits `text` into phrases and words, keeping at most ``maxWords`` words.
    public init(_ text: String) {
        var phrases: [[String]] = []
        var phrase: [String] = [], word = "", count = 0
        func endWord() {
            if !word.isEmpty, count < Self.maxWords { phrase.append(word); count += 1 }
            word = ""
        }
        func endPhrase() {
            endWord()
            if !phrase.isEmpty { phrases.append(phrase) }
            phrase = []
        }
        for character in text.lowercased() {
            if character.isLetter || character == "'" || character == "\u{2019}" {
                word.append(character == "\u{2019}" ? "'" : character)
            } else if character.isWhitespace || character == "-" {
                endWord()
            } else {
                endPhrase()
            }
        }
        endPhrase()
        self.phrases = phrases.map { $0.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }.filter { !$0.isEmpty } }
            .filter { !$0.isEmpty }
    }

    /// Words of `transcript` (a recogniser's output), lower case.
    package static func words(of transcript: String) -> [String] {
        ScriptText(transcript).words
    }
}

/// How much of a script a transcript follows, in order.
public struct ScriptCoverage: Sendable, Hashable {
    /// The share (0…1) of the script's words heard in order: a word-level longest common subsequence.
    public let coverage: Double
    /// The first run of at least ``longPassage`` script words that were not heard (or the
    /// longest run when none is that long), quoted in `script-mismatch` messages.
    public let firstMissedPassage: String?
    /// For each script word, whether it was heard (part of the in-order alignment).
    public let wordsHeard: [Bool]

    /// A run this long (in words) counts as a long passage that was not heard.
    static let longPassage = 6

    /// Aligns `heard` with `script` word by word.
    package init(script: [String], heard: [String]) {
        guard !script.isEmpty else {
            coverage = 0
            firstMissedPassage = nil
            wordsHeard = []
            return
        }
        let rows = script.count, columns = heard.count
        // lengths[i][j]: LCS of script[i...] and heard[j...]; one flat array, (rows+1)*(columns+1).
        var lengths = [Int32](repeating: 0, count: (rows + 1) * (columns + 1))
        let width = columns + 1
        if columns > 0 {
            for i in stride(from: rows - 1, through: 0, by: -1) {
                for j in stride(from: columns - 1, through: 0, by: -1) {
                    lengths[i * width + j] = script[i] == heard[j]
                        ? lengths[(i + 1) * width + j + 1] + 1
                        : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
                }
            }
        }
        var matched = [Bool](repeating: false, count: rows)
        var i = 0, j = 0
        while i < rows, j < columns {
            if script[i] == heard[j] {
                matched[i] = true
                i += 1
                j += 1
            } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        coverage = Double(lengths[0]) / Double(rows)
        wordsHeard = matched
        var runs: [Range<Int>] = []
        var start: Int?
        for index in 0...rows {
            if index < rows, !matched[index] {
                if start == nil { start = index }
            } else if let first = start {
                runs.append(first..<index)
                start = nil
            }
        }
        let passage = runs.first { $0.count >= Self.longPassage } ?? runs.max { $0.count < $1.count }
        firstMissedPassage = passage.map { script[$0].joined(separator: " ") }
    }
}
