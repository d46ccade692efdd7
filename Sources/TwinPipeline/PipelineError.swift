/// The pipeline layer's error: a stable code plus a message that says what to do.
///
/// Media problems are not errors but findings (see ``SessionVerdict``); this type covers what stops
/// the pipeline itself: an unreadable pose profile, a journal that cannot be opened, a bad shard.
public struct PipelineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable, machine-readable kind of pipeline error.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A pose profile file is missing, not TOML, or not a valid profile.
        public static let invalidPoseProfile = Code("invalid-pose-profile")
        /// A path given as a session (or a batch folder) is not a readable folder.
        public static let notASessionFolder = Code("not-a-session-folder")
        /// `--shard` is not of the form `I/N` with 1 ≤ I ≤ N.
        public static let invalidShard = Code("invalid-shard")
        /// The SQLite journal could not be opened, migrated, read or written.
        public static let journal = Code("journal")
        /// Another `twin batch` process holds the journal.
        public static let journalBusy = Code("journal-busy")
        /// Publishing a file or verifying its URL failed.
        public static let publishFailed = Code("publish-failed")
        /// An API call failed.
        public static let apiFailed = Code("api-failed")
    }

    /// What kind of error this is.
    public let code: Code
    /// A sentence a person can act on.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
