/// twin-preflight's version: the one place it is written. `twin --version` prints it, the Debian
/// package (`scripts/package-deb.sh`) reads it from the built binary, and `doctor` reports it.
public enum TwinVersion {
    /// The release version (semantic versioning).
    public static let current = "0.1.0"
}
