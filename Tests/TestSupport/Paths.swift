public import Foundation

/// Where the repository's fixtures and the shared public test media live.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `fixtures/` in this repository.
    public static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }

    /// `../shared/test-media/`: PngSuite and the EXIF orientation examples.
    public static var sharedTestMedia: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/test-media")
    }

    /// `../shared/test-vectors/`: the AWS SigV4 suite.
    public static var sharedTestVectors: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/test-vectors")
    }
}
