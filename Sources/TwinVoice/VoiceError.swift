/// The voice layer's error: the speech recogniser or the loudness meter could not be set up or failed.
/// (Problems *with a recording's voice* are findings, which the validation layer words.)
public struct VoiceError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// PocketSphinx's model is missing or damaged, or the decoder failed.
        public static let recogniser = Code("recogniser")
        /// libebur128 cannot measure the signal's layout (channels, sample rate).
        public static let loudnessMeter = Code("loudness-meter")
    }

    public let code: Code
    /// What went wrong, in the library's words where it gave some.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
