import TwinPipeline

/// A failure while a command runs (a busy journal, an unreachable host, a failed session): `twin` prints
/// `Error: ` and the message and exits 1. Only usage errors are `ValidationError`s, which exit 2.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }

    /// The failure `error` reports, with the option that addresses it.
    init(_ error: PipelineError) { description = Self.message(for: error) }

    /// The library's message followed by the command-line option that addresses it: the library names no
    /// flags, the command line does.
    static func message(for error: PipelineError) -> String {
        switch error.code {
        case .journal: "\(error.message) (the journal is chosen with --journal)"
        case .journalBusy: "\(error.message) (pass another file with --journal)"
        case .invalidShard: "--shard: \(error.message)"
        case .invalidPoseProfile: "--poses: \(error.message)"
        default: error.message
        }
    }
}
