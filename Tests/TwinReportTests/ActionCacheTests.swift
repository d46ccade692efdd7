import Foundation
import TestSupport
import Testing

/// The Action builds once, then reuses: `setup.sh --build` (runtime plus build tools, no test tools), a release build
/// cached with `actions/cache` under a key from Package.resolved, the Swift version and a hash of Sources/, or a
/// released package from `deb-url` instead of any build. The cache-key step runs here with the GITHUB_* variables set.
@Suite struct ActionCacheTests {
    @Test func stepsInstallBuildToolsOnlyAndCacheTheReleaseBuild() throws {
        let steps = try ActionSteps.load().steps
        let setup = try #require(steps.first { $0.run.contains("scripts/setup.sh") })
        #expect(setup.run.contains("scripts/setup.sh\" --build"))
        #expect(setup.condition == "inputs.deb-url == ''")
        let keyStep = try #require(steps.firstIndex { $0.id == "cache-key" })
        let cache = try #require(steps.firstIndex { $0.uses.hasPrefix("actions/cache@") })
        let build = try #require(steps.firstIndex { $0.run.contains("action-steps.sh\" build") })
        let validate = try #require(steps.firstIndex { $0.name == "twin validate" })
        #expect(keyStep < cache && cache < build && build < validate)
        #expect(steps[cache].with["path"] == "${{ github.action_path }}/.build-release")
        #expect(steps[cache].with["key"] == "${{ steps.cache-key.outputs.key }}")
        #expect(steps[cache].with["restore-keys"] == "${{ steps.cache-key.outputs.restore-prefix }}")
        // With deb-url, nothing is built: the package is installed instead.
        for index in [keyStep, cache, build] { #expect(steps[index].condition == "inputs.deb-url == ''") }
        let deb = try #require(steps.first { $0.run.contains("action-steps.sh\" install-deb") })
        #expect(deb.condition == "inputs.deb-url != ''")
        #expect(steps[validate].run.contains("${TWIN_EXECUTABLE:?"))
        // The build step and the package script build the same thing, into the folder the cache keeps.
        let script = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("scripts/action-steps.sh"), encoding: .utf8)
        #expect(script.contains("swift build -c release --static-swift-stdlib --package-path \"$root\" --scratch-path \"$root/.build-release\""))
        // setup.sh --build installs no test tools.
        let setupScript = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("scripts/setup.sh"), encoding: .utf8)
        let buildList = try #require(setupScript.range(of: "build_packages=(").map { setupScript[$0.upperBound...] }?
            .split(separator: ")", maxSplits: 1).first)
        for tool in ["chromium", "nginx", "moto", "ffmpeg ", "imagemagick"] { #expect(!buildList.contains(tool)) }
    }

    /// Runs the cache-key step's shell text as GitHub would, on a copy of the package's key inputs.
    func key(_ root: URL) throws -> (key: String, prefix: String) {
        let output = root.appendingPathComponent("output")
        try Data().write(to: output)
        var env = ProcessInfo.processInfo.environment
        env.merge(["GITHUB_ACTION_PATH": root.path, "GITHUB_OUTPUT": output.path, "RUNNER_OS": "Linux"]) { $1 }
        let result = try runTool("bash", ["-c", try ActionSteps.load().run(named: "Compute the build cache key")], environment: env)
        try #require(result.status == 0, "\(result.output)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        let key = try #require(lines.first { $0.hasPrefix("key=") }).dropFirst(4)
        let prefix = try #require(lines.first { $0.hasPrefix("restore-prefix=") }).dropFirst(15)
        return (String(key), String(prefix))
    }

    @Test func theKeyFollowsPackageResolvedTheSwiftVersionAndSources() throws {
        let root = try LaunchedServer.makeTemporaryFolder(prefix: "twin-action-key")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/twin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("scripts/action-steps.sh"),
                                         to: root.appendingPathComponent("scripts/action-steps.sh"))
        try "// package".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try "{}".write(to: root.appendingPathComponent("Package.resolved"), atomically: true, encoding: .utf8)
        let source = root.appendingPathComponent("Sources/twin/main.swift")
        try "print(1)".write(to: source, atomically: true, encoding: .utf8)

        let first = try key(root)
        #expect(first.key.hasPrefix(first.prefix) && first.prefix.hasPrefix("twin-release-Linux-swift-"))
        let swiftLine = try runTool("bash", ["-c", "swift --version 2>/dev/null | head -n 1 | sha256sum | cut -c1-16"]).output
        #expect(first.prefix.contains("-swift-\(swiftLine.trimmingCharacters(in: .whitespacesAndNewlines))-"))
        #expect(try key(root).key == first.key, "the same inputs give the same key")

        try "print(2)".write(to: source, atomically: true, encoding: .utf8)
        let edited = try key(root)
        #expect(edited.key != first.key && edited.prefix == first.prefix, "a source change keeps the prefix for restore-keys")

        try "{\"pins\": []}".write(to: root.appendingPathComponent("Package.resolved"), atomically: true, encoding: .utf8)
        let resolved = try key(root)
        #expect(resolved.prefix != first.prefix)
    }
}
