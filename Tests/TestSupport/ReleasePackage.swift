public import Foundation

/// The release build and the Debian package made from it, built at most once per CI run: `scripts/package-deb.sh` in
/// `.build-release` (the folder the GitHub Action caches too), behind a lock so test processes never build it twice at
/// once, and reused by every test that needs it (a second run with nothing changed only repackages).
public enum ReleasePackage {
    /// `.build-release` in the package root.
    public static var scratch: URL { TestPaths.packageRoot.appendingPathComponent(".build-release") }

    /// The path of the built `twin-preflight_<version>_amd64.deb`, or the script's output when it failed.
    public static let deb: Result<URL, ReleasePackageError> = {
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let lock = scratch.appendingPathComponent("package.lock").path
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/package-deb.sh").path
        let started = ContinuousClock.now
        guard let result = try? runTool("flock", [lock, "bash", script]) else {
            return .failure(ReleasePackageError(message: "cannot start flock"))
        }
        let lastLine = result.output.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0, lastLine.hasSuffix(".deb") else {
            return .failure(ReleasePackageError(message: "package-deb.sh failed (\(result.status)):\n\(result.output.suffix(4000))"))
        }
        FileHandle.standardError.write(Data("ReleasePackage: \(lastLine) in \(ContinuousClock.now - started)\n".utf8))
        return .success(URL(fileURLWithPath: lastLine))
    }()
}

/// Why the release package could not be built.
public struct ReleasePackageError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
