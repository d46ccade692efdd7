import Foundation
import TestSupport
import Testing

/// Package.swift as a package that depends on twin-preflight by version sees it: a release tag's checkout has no
/// unsafe flag (SwiftPM refuses those in versioned dependencies), while a working copy compiles dlib at -O2 in debug
/// builds. Each case evaluates this repository's manifest in a git repository of its own, with no manifest cache.
@Suite struct ManifestTests {
    @Test func aReleaseTagsCheckoutHasNoUnsafeFlag() async throws {
        try await withTemporaryFolder { folder in
            let settings = try Self.settings(of: Self.repository(in: folder, tag: "1.0.0"))
            let unsafe = settings.filter { $0.kind == "unsafeFlags" }
            #expect(unsafe.isEmpty, "unsafe flags at a release tag: \(unsafe)")
            #expect(!settings.isEmpty, "the manifest's other settings are read")
        }
    }

    @Test func aWorkingCopyCompilesDlibOptimisedInDebugBuilds() async throws {
        try await withTemporaryFolder { folder in
            let settings = try Self.settings(of: Self.repository(in: folder, tag: nil))
            let unsafe = settings.filter { $0.kind == "unsafeFlags" }
            #expect(unsafe.map(\.target) == ["CTwinFaces"], "\(unsafe)")
            #expect(unsafe.first?.description.contains("-O2") == true)
            #expect(unsafe.first?.description.contains("debug") == true)
        }
    }

    @Test func warningsAreErrorsOnlyWhenCIAsksAndWithoutAnUnsafeFlag() async throws {
        try await withTemporaryFolder { folder in
            let repository = try Self.repository(in: folder, tag: "1.0.0")
            let strict = try Self.settings(of: repository, environment: ["TWIN_WARNINGS_AS_ERRORS": "1"])
            #expect(strict.contains { $0.target == "TwinMedia" && $0.kind == "treatAllWarnings" })
            #expect(!strict.contains { $0.kind == "unsafeFlags" })
            let plain = try Self.settings(of: repository)
            #expect(!plain.contains { $0.kind == "treatAllWarnings" })
        }
    }

    /// A git repository in `folder` holding this repository's Package.swift, committed, and tagged when `tag` is given.
    static func repository(in folder: URL, tag: String?) throws -> URL {
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("Package.swift"),
                                         to: folder.appendingPathComponent("Package.swift"))
        let git = ["-C", folder.path, "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
        for arguments in [["init", "-q"], ["add", "Package.swift"], ["commit", "-qm", "manifest"]] + (tag.map { [["tag", $0]] } ?? []) {
            let result = try runTool("git", git + arguments)
            try #require(result.status == 0, "git \(arguments): \(result.output)")
        }
        return folder
    }

    /// Every target setting of the manifest in `folder`, as SwiftPM evaluates it there.
    static func settings(of folder: URL, environment extra: [String: String] = [:]) throws
        -> [(target: String, kind: String, description: String)] {
        var environment = ProcessInfo.processInfo.environment
        environment["TWIN_WARNINGS_AS_ERRORS"] = nil
        environment.merge(extra) { $1 }
        let result = try runTool("swift", ["package", "--package-path", folder.path, "--manifest-cache", "none", "dump-package"],
                                 environment: environment)
        try #require(result.status == 0, "\(result.output)")
        let json = try #require(result.output.firstIndex(of: "{").map { result.output[$0...] })
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let targets = try #require(manifest["targets"] as? [[String: Any]])
        return targets.flatMap { target in
            (target["settings"] as? [[String: Any]] ?? []).map { setting in
                let kind = (setting["kind"] as? [String: Any])?.keys.first ?? "?"
                return (target["name"] as? String ?? "?", kind, "\(setting)")
            }
        }
    }
}
