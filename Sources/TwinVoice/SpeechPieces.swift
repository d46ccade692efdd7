internal import Foundation

/// Where a long recording is cut so that its pieces can be recognised side by side, one per core.
///
/// PocketSphinx decodes an utterance on one thread, so one long recording keeps the other cores idle.
/// The recording is cut into pieces of about equal length, each cut at the quietest moment near its ideal
/// place (a pause between words or sentences: the momentary loudness the voice check measures anyway shows
/// it), and the transcripts are joined in order before they are aligned with the script.
/// docs/voice.md has the coverage measured whole and in pieces.
package struct SpeechPieces: Equatable {
    /// No piece is shorter than this: the recogniser needs a few seconds to adapt to the voice (its cepstral
    /// mean), and a short piece spends a larger share of its words doing so.
    static let minPieceSeconds = 7.0
    /// A cut is searched for this share of a piece's length on either side of its ideal place.
    static let searchShare = 0.25
    /// Momentary loudness is measured every 100 ms over the last 400 ms.
    static let blockSeconds = 0.1
    static let windowBlocks = 4
    /// Each piece is decoded with this much of the audio on either side of it, and keeps the words that start
    /// inside it: a word at a cut is heard with its context, and kept once (by the piece it starts in); the
    /// recogniser has adapted its cepstral mean and noise estimate to the voice by the piece's own words.
    static let contextSeconds = 3.0
    /// A piece's recogniser first measures this much of the audio without decoding it (the recording's start for
    /// the first piece, the audio before its context for the others): its noise estimate and cepstral mean start
    /// from the recording's own, not from the model's defaults or the last recording's.
    static let primingSeconds = 8.0
    /// At most one piece per core.
    package static var maxPieces: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The sample ranges, in order, covering every sample once.
    package let ranges: [Range<Int>]

    /// Cuts `sampleCount` samples at `sampleRate` into at most `maxPieces` pieces, using `momentary`
    /// (LUFS every 100 ms, the loudness meter's blocks) to find the pauses.
    package init(sampleCount: Int, sampleRate: Int, momentary: [Double], maxPieces: Int) {
        let seconds = Double(sampleCount) / Double(max(1, sampleRate))
        let count = min(max(1, maxPieces), Int(seconds / Self.minPieceSeconds))
        guard count > 1 else {
            ranges = [0..<max(0, sampleCount)]
            return
        }
        let pieceSeconds = seconds / Double(count)
        var cuts: [Int] = []
        for index in 1..<count {
            let ideal = pieceSeconds * Double(index)
            guard let time = Self.quietestMoment(near: ideal, within: pieceSeconds * Self.searchShare, momentary: momentary)
            else { continue }
            let sample = min(sampleCount, max(0, Int((time * Double(sampleRate)).rounded())))
            if sample > (cuts.last ?? 0) { cuts.append(sample) }
        }
        var ranges: [Range<Int>] = []
        var start = 0
        for cut in cuts + [sampleCount] where cut > start {
            ranges.append(start..<cut)
            start = cut
        }
        self.ranges = ranges
    }

    /// The centre, in seconds, of the quietest 400 ms window whose centre lies within `radius` of `ideal`
    /// (the earliest when several are equally quiet); nil when the loudness blocks do not reach that far.
    static func quietestMoment(near ideal: Double, within radius: Double, momentary: [Double]) -> Double? {
        // Block i closes the window [(i - 3) * 0.1, (i + 1) * 0.1] s, centred at (i - 1) * 0.1 s.
        let first = max(windowBlocks - 1, Int(((ideal - radius) / blockSeconds).rounded(.up)) + 1)
        let last = min(momentary.count - 1, Int(((ideal + radius) / blockSeconds).rounded(.down)) + 1)
        guard first <= last else { return nil }
        var best = first
        for block in first...last where momentary[block] < momentary[best] { best = block }
        return Double(best - 1) * blockSeconds
    }
}

extension SpeechRecogniser {
    /// Recognises `samples` (16 kHz mono) in `pieces`, side by side on pooled recognisers (at most one per
    /// core), with `script`'s model: the transcripts joined in order, and the seconds of speech summed.
    /// Call it off Swift concurrency's cooperative threads.
    package static func recognise(_ samples: [Int16], in pieces: SpeechPieces, script: ScriptText?) throws(VoiceError)
        -> (transcript: String, speechSeconds: Double) {
        let results = PieceResults(count: pieces.ranges.count)
        DispatchQueue.concurrentPerform(iterations: pieces.ranges.count) { index in
            let range = pieces.ranges[index], rate = Double(SpeechRecogniser.sampleRate)
            let context = Int(SpeechPieces.contextSeconds * rate), priming = Int(SpeechPieces.primingSeconds * rate)
            let decoded = max(0, range.lowerBound - context)..<min(samples.count, range.upperBound + context)
            // The first piece is primed with its own start, the others with the audio before their context.
            let primed = decoded.lowerBound == 0 ? 0..<min(samples.count, priming) : max(0, decoded.lowerBound - priming)..<decoded.lowerBound
            let kept = Double(range.lowerBound - decoded.lowerBound) / rate
                ..< (index == pieces.ranges.count - 1 ? .infinity : Double(range.upperBound - decoded.lowerBound) / rate)
            do throws(VoiceError) {
                let heard = try withRecogniser { recogniser throws(VoiceError) in
                    recogniser.use(script: script)
                    return try recogniser.recognise(samples[decoded], priming: samples[primed], keeping: kept)
                }
                results.set(index, .success(heard))
            } catch {
                results.set(index, .failure(error))
            }
        }
        var transcripts: [String] = [], speechSeconds = 0.0
        for result in results.all {
            let heard = try result.get()
            if !heard.transcript.isEmpty { transcripts.append(heard.transcript) }
            speechSeconds += heard.speechSeconds
        }
        let transcript = transcripts.joined(separator: " ")
        return (String(decoding: Array(transcript.utf8.prefix(maxTranscriptBytes)), as: UTF8.self), speechSeconds)
    }
}

/// The pieces' results, written by the threads that recognise them.
private final class PieceResults: @unchecked Sendable {
    typealias Heard = Result<(transcript: String, speechSeconds: Double), VoiceError>
    private let lock = NSLock()
    private var results: [Heard]

    init(count: Int) { results = Array(repeating: .failure(VoiceError(.recogniser, "not recognised")), count: count) }

    func set(_ index: Int, _ result: Heard) { lock.withLock { results[index] = result } }
    var all: [Heard] { lock.withLock { results } }
}

/// A recognition running on a thread of its own (``SpeechRecogniser/recognise(_:in:script:)``), so the caller can
/// do other work meanwhile and then wait for the words.
package final class BackgroundRecognition: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<(transcript: String, speechSeconds: Double), VoiceError> = .failure(VoiceError(.recogniser, "not recognised"))

    package init(_ samples: [Int16], in pieces: SpeechPieces, script: ScriptText?) {
        let thread = Thread { [self] in
            do throws(VoiceError) {
                outcome = .success(try SpeechRecogniser.recognise(samples, in: pieces, script: script))
            } catch {
                outcome = .failure(error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the recognition to end; its words and seconds of speech.
    package func result() throws(VoiceError) -> (transcript: String, speechSeconds: Double) {
        done.wait()
        return try outcome.get()
    }
}
