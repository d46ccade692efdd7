import Testing
@testable import TwinVoice

/// Script words, in-order coverage, and the per-script language model.
@Suite struct ScriptCoverageTests {
    @Test func wordsAreLowerCaseAndPhrasesSplitAtPunctuation() {
        let text = ScriptText("Hi, I\u{2019}m here. Look-out!")
        #expect(text.phrases == [["hi"], ["i'm", "here"], ["look", "out"]])
    }

    @Test func coverageIsTheShareHeardInOrder() {
        let script = ScriptText("one two three four five six seven eight nine ten").words
        #expect(ScriptCoverage(script: script, heard: script).coverage == 1)
        #expect(ScriptCoverage(script: script, heard: []).coverage == 0)
        let reversed = ScriptCoverage(script: script, heard: script.reversed())
        #expect(reversed.coverage == 0.1)
        let half = ScriptCoverage(script: script, heard: ["one", "two", "three", "four", "five"])
        #expect(half.coverage == 0.5)
        #expect(half.firstMissedPassage == "six seven eight nine ten")
    }

    @Test func aHostileScriptIsBounded() {
        let text = ScriptText(String(repeating: "word ", count: 50_000))
        #expect(text.words.count == ScriptText.maxWords)
    }

    @Test func theScriptModelIsAnARPAFileOfKnownWords() throws {
        let model = try #require(ScriptLanguageModel(phrases: [["hi", "there", "zzzq"]], isKnown: { $0 != "zzzq" }))
        #expect(model.arpa.hasPrefix("\\data\\\nngram 1=4\nngram 2=3\nngram 3=2\n"))
        #expect(!model.arpa.contains("zzzq"))
        #expect(ScriptLanguageModel(phrases: [["zzzq"]], isKnown: { _ in false }) == nil)
    }
}
