import Foundation
import TestSupport
import Testing
@testable import TwinMedia
@testable import TwinVoice

/// Cutting a recording at its pauses, and recognising the pieces side by side.
@Suite struct SpeechPiecesTests {
    /// Momentary loudness every 100 ms: speech at -20 LUFS, with quiet blocks (-60 LUFS) at `pauses` (seconds).
    static func momentary(seconds: Double, pauses: [ClosedRange<Double>] = []) -> [Double] {
        (0..<Int(seconds * 10)).map { block in
            let centre = (Double(block) - 1) / 10
            return pauses.contains { $0.contains(centre) } ? -60 : -20
        }
    }

    @Test func aShortRecordingIsOnePiece() {
        let pieces = SpeechPieces(sampleCount: 13 * 16_000, sampleRate: 16_000, momentary: Self.momentary(seconds: 13), maxPieces: 4)
        #expect(pieces.ranges == [0..<(13 * 16_000)])
    }

    @Test func oneCoreIsOnePiece() {
        let pieces = SpeechPieces(sampleCount: 60 * 16_000, sampleRate: 16_000,
                                  momentary: Self.momentary(seconds: 60, pauses: [29...31]), maxPieces: 1)
        #expect(pieces.ranges.count == 1)
    }

    @Test func theCutFallsInThePauseNearestTheMiddle() throws {
        let momentary = Self.momentary(seconds: 60, pauses: [12.0...12.4, 26.0...26.6, 45.0...45.4])
        let pieces = SpeechPieces(sampleCount: 60 * 16_000, sampleRate: 16_000, momentary: momentary, maxPieces: 2)
        #expect(pieces.ranges.count == 2)
        let cut = Double(try #require(pieces.ranges.first).upperBound) / 16_000
        #expect((26.0...26.6).contains(cut), "cut at \(cut) s")
    }

    @Test func piecesCoverEverySampleOnceInOrder() {
        let count = 61 * 16_000 + 123
        let momentary = Self.momentary(seconds: 61.1, pauses: [9...9.5, 21...21.5, 30...30.5, 44...44.5])
        let pieces = SpeechPieces(sampleCount: count, sampleRate: 16_000, momentary: momentary, maxPieces: 4)
        #expect(pieces.ranges.count == 4)
        #expect(pieces.ranges.first?.lowerBound == 0 && pieces.ranges.last?.upperBound == count)
        for (a, b) in zip(pieces.ranges, pieces.ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(pieces.ranges.allSatisfy { Double($0.count) / 16_000 >= SpeechPieces.minPieceSeconds * (1 - 2 * SpeechPieces.searchShare) })
    }

    @Test func withoutLoudnessThereIsNoCut() {
        // The meter's blocks stop early (a capped report): no place near the middle is known, so no cut.
        let pieces = SpeechPieces(sampleCount: 60 * 16_000, sampleRate: 16_000, momentary: Self.momentary(seconds: 10), maxPieces: 2)
        #expect(pieces.ranges.count == 1)
    }

    @Test func noSpeechIsOneEmptyPiece() {
        let pieces = SpeechPieces(sampleCount: 0, sampleRate: 16_000, momentary: [], maxPieces: 2)
        #expect(pieces.ranges == [0..<0])
    }

    /// A pooled recogniser that recognised without a script, then with one, hears what a fresh one hears: the
    /// generic search's copy of the generic model (its weights applied) never reaches the script's mix.
    @Test(.tags(.slow), .fullRunOnly) func aRecogniserUsedWithoutAScriptThenWithOneHearsTheSame() throws {
        let url = SpokenClip.folder.appendingPathComponent("kal16-script-noise.mp4")
        let track = try AudioTrack(file: try VideoFile(path: url.path, demuxer: "mov"), maxSeconds: 600, thresholds: VoiceThresholds())
        let script = ScriptText(SpokenClip.script)
        let fresh = try SpeechRecogniser(), used = try SpeechRecogniser()
        fresh.use(script: script)
        let expected = try fresh.recognise(track.samples[...])
        used.use(script: nil)
        let generic = try used.recognise(track.samples[...])
        used.use(script: script)
        let heard = try used.recognise(track.samples[...])
        #expect(heard.transcript == expected.transcript)
        #expect(heard.speechSeconds == expected.speechSeconds)
        #expect(generic.transcript != expected.transcript, "the generic model alone hears other words in noise")
    }

    /// The fixture matrix, read whole and in two pieces (the measurements are in docs/voice.md).
    @Test(.tags(.slow), .fullRunOnly, arguments: SpokenClip.matrix)
    func coverageInPiecesMatchesTheWhole(_ clip: SpokenClip) throws {
        let url = SpokenClip.folder.appendingPathComponent(clip.name)
        let track = try AudioTrack(file: try VideoFile(path: url.path, demuxer: "mov"), maxSeconds: 600, thresholds: VoiceThresholds())
        let script = ScriptText(SpokenClip.script)
        let whole = SpeechPieces(sampleCount: track.samples.count, sampleRate: 16_000, momentary: track.loudness.momentaryLUFS, maxPieces: 1)
        let halves = SpeechPieces(sampleCount: track.samples.count, sampleRate: 16_000, momentary: track.loudness.momentaryLUFS, maxPieces: 2)
        try #require(halves.ranges.count == 2, "a reading of \(track.samples.count / 16_000) s is cut in two")
        let one = try SpeechRecogniser.recognise(track.samples, in: whole, script: script)
        let two = try SpeechRecogniser.recognise(track.samples, in: halves, script: script)
        // Every utterance starts from the same cepstral mean: a recording's words do not depend on what was heard before.
        let again = try SpeechRecogniser.recognise(track.samples, in: whole, script: script)
        #expect(again.transcript == one.transcript)
        let coverage = { (heard: String) in ScriptCoverage(script: script.words, heard: ScriptText.words(of: heard)).coverage }
        // Never much nearer the other side of the thresholds: the search takes other paths after a cut, so words near
        // it can change either way; a reading of the script loses at most three words in 54, another text gains at
        // most two (measured: docs/voice.md).
        let (wholeCoverage, inPieces) = (coverage(one.transcript), coverage(two.transcript))
        let detail = "whole \(wholeCoverage), pieces \(inPieces) at \(halves.ranges): \(one.transcript) | \(two.transcript)"
        if clip.readsScript {
            #expect(inPieces >= wholeCoverage - 0.06, "\(detail)")
        } else {
            #expect(inPieces <= wholeCoverage + 0.04, "\(detail)")
        }
        #expect(abs(one.speechSeconds - two.speechSeconds) <= 1.0)
    }
}
