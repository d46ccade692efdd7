public import TwinMedia

extension FindingCode {
    /// No photo was found for a pose of the active profile.
    public static let missingPose: FindingCode = "missing-pose"
    /// Two photos claim the same pose.
    public static let duplicatePose: FindingCode = "duplicate-pose"
    /// A file in the session folder that the session does not use (a warning).
    public static let unexpectedFile: FindingCode = "unexpected-file"
    /// The session folder holds no video.
    public static let missingVideo: FindingCode = "missing-video"
    /// The session folder holds several videos and no manifest says which one to use.
    public static let ambiguousVideo: FindingCode = "ambiguous-video"
    /// `twin.toml` is not valid TOML, has a wrong type, or names a file or pose that does not exist.
    public static let invalidManifest: FindingCode = "invalid-manifest"
}
