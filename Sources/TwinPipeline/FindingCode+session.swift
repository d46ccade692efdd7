public import TwinMedia

extension FindingCode {
    /// No photo was found for a pose of the active profile.
    public static let missingPose: FindingCode = "missing-pose"
    /// Two photos claim the same pose.
    public static let duplicatePose: FindingCode = "duplicate-pose"
    /// One picture fills two pose slots: the same bytes, or near-identical pixels (``PictureHash``).
    public static let duplicatePhoto: FindingCode = "duplicate-photo"
    /// A file in the session folder that the session does not use (a warning).
    public static let unexpectedFile: FindingCode = "unexpected-file"
    /// The session folder holds no video.
    public static let missingVideo: FindingCode = "missing-video"
    /// The session folder holds several videos and no manifest says which one to use.
    public static let ambiguousVideo: FindingCode = "ambiguous-video"
    /// `twin.toml` is not valid TOML, has a wrong type, names a file or pose that does not exist, or names a file
    /// outside the session folder (`../`, or a link that leads out).
    public static let invalidManifest: FindingCode = "invalid-manifest"
    /// A session entry is a FIFO, device or socket: it is never opened.
    public static let notARegularFile: FindingCode = "not-a-regular-file"
    /// A file in the session folder is a symbolic link that leads outside it: its media would come from elsewhere.
    public static let linkOutsideSession: FindingCode = "link-outside-session"
}

extension FindingCode {
    /// A photo's face lies farther than `[faces] max-identity-distance` from the session's reference face (an error).
    public static let differentPerson: FindingCode = "different-person"
    /// The video's sampled frames do not all show one person (a warning).
    public static let severalPeopleInVideo: FindingCode = "several-people-in-video"
    /// Two sessions of one run show the same person (a warning on both: perhaps one person submitted twice).
    public static let samePerson: FindingCode = "same-person"
    /// Two sessions of one run hold a byte-identical media file (an error on both).
    public static let sharedMedia: FindingCode = "shared-media"
    /// The identity checks could not run (the face-recognition model is missing, or no reference face): a warning.
    public static let identityNotChecked: FindingCode = "identity-not-checked"
}
