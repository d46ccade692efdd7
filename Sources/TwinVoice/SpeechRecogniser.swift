internal import Foundation
internal import CTwinVoice

/// PocketSphinx's English recogniser (through the C shim), owning its decoder.
///
/// Loading the acoustic and language models takes about half a second, so recognisers are
/// pooled per process (``withRecogniser(_:)``); one decoder is used by one thread at a time.
package final class SpeechRecogniser {
    /// The sample rate the recogniser hears (mono, signed 16-bit).
    package static let sampleRate = 16_000

    /// Debian's `pocketsphinx-en-us` model; `TWIN_POCKETSPHINX_MODEL` overrides it.
    package static var modelFolder: String {
        ProcessInfo.processInfo.environment["TWIN_POCKETSPHINX_MODEL"] ?? "/usr/share/pocketsphinx/model/en-us"
    }

    /// The script model's weight against the generic model (see docs/voice.md's measurements).
    package static let scriptWeight = 0.5
    /// Transcripts are cut to this many bytes.
    package static let maxTranscriptBytes = 64 * 1024

    private let handle: UnsafeMutableRawPointer
    /// The script whose model is selected (nil: the generic model), once one is.
    private var loadedScript: ScriptText?
    private var hasModel = false

    /// Opens a recogniser on the model in `modelFolder`; a missing or damaged model file is an
    /// error here (the shim checks them first: PocketSphinx would exit the process on some).
    package init(modelFolder: String = SpeechRecogniser.modelFolder) throws(VoiceError) {
        var message = [CChar](repeating: 0, count: 2048)
        guard let handle = twin_voice_open(modelFolder, &message, message.count) else {
            throw VoiceError(.recogniser, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.handle = handle
    }

    deinit { twin_voice_close(handle) }

    private static let pool = RecogniserPool()
    /// At most one recognition per core at a time: each is seconds of CPU and a decoder's memory.
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Runs `body` with a recogniser from the process's pool (opening one when all are busy),
    /// waiting for a free slot first (call it off Swift concurrency's cooperative threads).
    package static func withRecogniser<T>(_ body: (SpeechRecogniser) throws(VoiceError) -> T) throws(VoiceError) -> T {
        slots.wait()
        defer { slots.signal() }
        let recogniser: SpeechRecogniser
        if let idle = pool.take() { recogniser = idle } else { recogniser = try SpeechRecogniser() }
        defer { pool.give(recogniser) }
        return try body(recogniser)
    }

    /// Whether the pronunciation dictionary holds `word`.
    package func knows(_ word: String) -> Bool { twin_voice_knows_word(handle, word) != 0 }

    /// Selects the language model: the generic one (nil), or the script's interpolated with it.
    /// A script with no known word, or a model PocketSphinx refuses, falls back to the generic one.
    package func use(script: ScriptText?) {
        guard !hasModel || script != loadedScript else { return }
        loadedScript = script
        hasModel = true
        guard let script, let model = ScriptLanguageModel(phrases: script.phrases, isKnown: knows) else {
            hasModel = twin_voice_use_generic_model(handle) == 0
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-script-\(UUID().uuidString).arpa")
        defer { try? FileManager.default.removeItem(at: file) }
        guard (try? model.arpa.write(to: file, atomically: false, encoding: .utf8)) != nil,
              twin_voice_use_script_model(handle, file.path, Self.scriptWeight) == 0 else {
            hasModel = twin_voice_use_generic_model(handle) == 0
            loadedScript = nil
            return
        }
    }

    /// Recognises 16 kHz mono samples as one utterance: the words that start in `kept` (seconds from the first
    /// sample; the audio around them is context) and the seconds they span. The recogniser's noise estimate and
    /// cepstral mean start from `priming` (measured, not decoded), as if it had been listening to it.
    package func recognise(_ samples: ArraySlice<Int16>, priming: ArraySlice<Int16> = [], keeping kept: Range<Double> = 0..<Double.infinity)
        throws(VoiceError) -> (transcript: String, speechSeconds: Double) {
        var transcript = [CChar](repeating: 0, count: Self.maxTranscriptBytes)
        var speechSeconds = 0.0
        let status = samples.withUnsafeBytes { bytes in
            priming.withUnsafeBytes { primingBytes in
                twin_voice_recognise(handle, bytes.baseAddress, bytes.count, primingBytes.baseAddress, primingBytes.count,
                                     kept.lowerBound, kept.upperBound, &transcript, transcript.count, &speechSeconds)
            }
        }
        guard status == 0 else { throw VoiceError(.recogniser, "PocketSphinx could not decode the audio; validate again, and if it persists export the video again") }
        let text = String(decoding: transcript.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (text, speechSeconds)
    }
}

/// Idle recognisers, shared by the threads that validate files side by side.
private final class RecogniserPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [SpeechRecogniser] = []

    func take() -> SpeechRecogniser? { lock.withLock { idle.popLast() } }
    func give(_ recogniser: SpeechRecogniser) { lock.withLock { idle.append(recogniser) } }
}
