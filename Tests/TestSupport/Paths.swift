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

/// The face-check pictures: the shared public-domain ones, and the variants
/// `fixtures/face-variants.sh` derives from the astronaut portrait (made once per test process).
public enum FacePictures {
    /// `../shared/test-media/faces/`.
    public static var shared: URL { TestPaths.sharedTestMedia.appendingPathComponent("faces") }

    /// A temporary folder holding `upright.jpg`, `turned-90.jpg`, `blur-5.jpg`, … (see the script).
    public static let variants: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-face-variants-\(UUID().uuidString)")
        let script = TestPaths.fixtures.appendingPathComponent("face-variants.sh").path
        let result = try? runTool("bash", [script, folder.path])
        precondition(result?.status == 0, "face-variants.sh failed: \(result?.output ?? "cannot start bash")")
        atexit { try? FileManager.default.removeItem(at: FacePictures.variants) }
        return folder
    }()
}
