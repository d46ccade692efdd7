import Foundation
import TestSupport
import Testing

/// The Debian package (`scripts/package-deb.sh`): its metadata and files, lintian, and the installed `/usr/bin/twin`
/// validating the demo session from outside the repository. Full runs only: it needs the release build (11+ minutes
/// on two cores the first time; `.build-release` keeps it) and installs a package on this machine.
@Suite(.tags(.slow), .fullRunOnly, .serialized)
struct PackageTests {
    static func deb() throws -> URL { try ReleasePackage.deb.get() }

    /// The runtime packages `scripts/setup.sh --runtime` installs.
    static func runtimePackages() throws -> Set<String> {
        let script = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("scripts/setup.sh"), encoding: .utf8)
        let block = try #require(script.range(of: "runtime_packages=(").map { script[$0.upperBound...] })
        let body = try #require(block.split(separator: ")", maxSplits: 1).first)
        return Set(body.split { $0 == " " || $0 == "\n" }.map(String.init))
    }

    @Test func metadataFilesAndLintian() async throws {
        let deb = try Self.deb()
        let version = try await TwinProcess.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb.lastPathComponent == "twin-preflight_\(version)_amd64.deb")

        let info = try runTool("dpkg-deb", ["--info", deb.path])
        #expect(info.status == 0, "\(info.output)")
        #expect(info.output.contains("Package: twin-preflight"))
        #expect(info.output.contains("Version: \(version)"))
        let depends = try #require(info.output.split(separator: "\n").first { $0.hasPrefix(" Depends: ") })
        let names = Set(depends.dropFirst(" Depends: ".count).split(separator: ",").map {
            String($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        })
        // Found from the binary's links (dpkg-shlibdeps), plus the two model packages.
        for name in ["libavformat59", "libavcodec59", "libavutil57", "libswresample4", "libjpeg62-turbo", "libpng16-16",
                     "libebur128-1", "libpocketsphinx3", "libsphinxbase3", "libdlib19.1", "libblas3", "liblapack3", "libsqlite3-0",
                     "pocketsphinx-en-us", "libdlib-data"] {
            #expect(names.contains(name), "Depends lacks \(name): \(depends)")
        }
        // No Swift runtime package: it is linked in.
        #expect(!names.contains { $0.contains("swift") })
        // setup.sh --runtime installs everything the package depends on that is not a base system library.
        let runtime = try Self.runtimePackages()
        let base: Set = ["libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libcurl4", "libxml2", "libuuid1"]
        #expect(names.subtracting(runtime).subtracting(base).isEmpty, "not in setup.sh --runtime: \(names.subtracting(runtime))")

        let contents = try runTool("dpkg-deb", ["--contents", deb.path])
        #expect(contents.status == 0)
        for file in ["./usr/bin/twin", "./usr/share/man/man1/twin.1.gz", "./usr/share/man/man1/twin-validate.1.gz",
                     "./usr/share/man/man1/twin-doctor.1.gz", "./usr/share/man/man1/twin-batch.1.gz",
                     "./usr/share/bash-completion/completions/twin", "./usr/share/zsh/vendor-completions/_twin",
                     "./usr/share/fish/vendor_completions.d/twin.fish", "./usr/share/doc/twin-preflight/README.md.gz",
                     "./usr/share/doc/twin-preflight/docs/install.md.gz", "./usr/share/doc/twin-preflight/docs/validate.md.gz",
                     "./usr/share/doc/twin-preflight/copyright",
                     "./usr/share/doc/twin-preflight/models/pocketsphinx-en-us.copyright",
                     "./usr/share/doc/twin-preflight/models/libdlib-data.copyright"] {
            #expect(contents.output.contains(" \(file)\n") || contents.output.hasSuffix(" \(file)"), "missing \(file)")
        }
        #expect(contents.output.contains("root/root"))

        // lintian, when installed: no error or warning (the one override, zlib inside the binary, is explained in
        // the package).
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian") {
            let lintian = try runTool("lintian", ["--tag-display-limit", "0", deb.path])
            let tags = lintian.output.split(separator: "\n").filter { $0.hasPrefix("E: ") || $0.hasPrefix("W: ") }
            #expect(tags.isEmpty, "\(lintian.output)")
        }
    }

    @Test func theInstalledTwinValidatesTheDemoFromAnotherFolder() async throws {
        let deb = try Self.deb()
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-deb-install")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Installed through the Action's deb-url step, with a file:// URL and the GITHUB_* variables it uses.
        let githubEnv = folder.appendingPathComponent("github-env")
        try Data().write(to: githubEnv)
        var env = ProcessInfo.processInfo.environment
        env["GITHUB_ACTION_PATH"] = TestPaths.packageRoot.path
        env["GITHUB_ENV"] = githubEnv.path
        env["RUNNER_TEMP"] = folder.path
        env["TWIN_DEB_URL"] = deb.absoluteString
        let install = try runTool("bash", [TestPaths.packageRoot.appendingPathComponent("scripts/action-steps.sh").path, "install-deb"],
                                  environment: env)
        defer { _ = try? runTool("apt-get", ["remove", "-y", "-qq", "twin-preflight"]) }
        #expect(install.status == 0, "\(install.output)")
        #expect(try String(contentsOf: githubEnv, encoding: .utf8) == "TWIN_EXECUTABLE=/usr/bin/twin\n")

        let clean = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "LANG": "C.UTF-8"]
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo").path
        let version = try runTool("/usr/bin/twin", ["--version"], environment: clean)
        #expect(version.output == (try await TwinProcess.run(["--version"]).stdout))
        let validate = try runTool("bash", ["-c", "cd \"$1\" && twin validate \"$2\"", "-", folder.path, demo], environment: clean)
        #expect(validate.status == 0, "\(validate.output)")
        #expect(validate.output.contains("1. neutral ← neutral.jpg"), "\(validate.output)")
        let doctor = try runTool("bash", ["-c", "cd \"$1\" && twin doctor", "-", folder.path], environment: clean)
        #expect(doctor.status == 0, "\(doctor.output)")
        let man = try runTool("man", ["-w", "twin-validate"], environment: clean)
        #expect(man.output.hasPrefix("/usr/share/man/man1/twin-validate.1"), "\(man.output)")
        let page = try runTool("bash", ["-c", "MANWIDTH=100 man twin-validate | head -20"], environment: clean)
        #expect(page.output.contains("TWIN-VALIDATE(1)") && page.output.contains("twin-validate —")
                && page.output.contains("twin validate [--format format]"), "\(page.output)")
        #expect(!page.output.contains("mdoc warning"), "mdoc warns of nothing: \(page.output.prefix(400))")

        let remove = try runTool("apt-get", ["remove", "-y", "-qq", "twin-preflight"])
        #expect(remove.status == 0, "\(remove.output)")
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/twin"))
    }

    /// The Action's build and validate steps, as action.yml writes them, run here with the GITHUB_* variables set.
    @Test func theActionsBuildAndValidateStepsRunLocally() throws {
        _ = try Self.deb()  // the same release build: the build step then has nothing to do
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-action-local")
        defer { try? FileManager.default.removeItem(at: folder) }
        let steps = try ActionSteps.load()
        let githubEnv = folder.appendingPathComponent("github-env"), output = folder.appendingPathComponent("github-output")
        try Data().write(to: githubEnv)
        try Data().write(to: output)
        var env = ProcessInfo.processInfo.environment
        env.merge(["GITHUB_ACTION_PATH": TestPaths.packageRoot.path, "GITHUB_ENV": githubEnv.path, "GITHUB_OUTPUT": output.path,
                   "GITHUB_WORKSPACE": TestPaths.packageRoot.path, "RUNNER_OS": "Linux", "RUNNER_TEMP": folder.path]) { $1 }
        env.removeValue(forKey: "GITHUB_STEP_SUMMARY")

        let key = try runTool("bash", ["-c", try steps.run(named: "Compute the build cache key")], environment: env)
        #expect(key.status == 0, "\(key.output)")
        #expect(try String(contentsOf: output, encoding: .utf8).contains("key=twin-release-Linux-swift-"))

        let build = try runTool("bash", ["-c", try steps.run(named: "Build twin")], environment: env)
        #expect(build.status == 0, "\(build.output)")
        let exported = try String(contentsOf: githubEnv, encoding: .utf8)
        #expect(exported == "TWIN_EXECUTABLE=\(TestPaths.packageRoot.path)/.build-release/release/twin\n")

        env["TWIN_EXECUTABLE"] = String(exported.dropFirst("TWIN_EXECUTABLE=".count).dropLast())
        env.merge(["TWIN_PATHS": "fixtures/sessions/demo\n", "TWIN_REPORT": folder.appendingPathComponent("report.html").path,
                   "TWIN_FORMAT": "github", "TWIN_OUTPUT": "", "TWIN_ARGS": ""]) { $1 }
        let validate = try runTool("bash", ["-c", "cd \"$GITHUB_WORKSPACE\" && " + (try steps.run(named: "twin validate"))],
                                   environment: env)
        #expect(validate.status == 0, "\(validate.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    /// A validation that ends quickly (this mutant of `fixtures/voice/music.mp4`, found by the mutation sweep, is
    /// `corrupt` before any face is searched) exits while the landmark model's preload thread may still be checking
    /// the model: nothing that thread reads may be freed by the exit's static destructors. The release build died of
    /// SIGSEGV in about 1 run of 15 when the half-precision table was a `std::vector`; the debug build is too slow to
    /// lose that race, so the packaged binary runs it, 60 times.
    @Test func exitingWhileTheModelPreloadsNeverCrashes() throws {
        _ = try Self.deb()
        let twin = ReleasePackage.scratch.appendingPathComponent("release/twin").path
        let mutant = TestPaths.fixtures.appendingPathComponent("regressions/exit-while-model-loads.mp4").path
        for _ in 0..<60 {
            let run = try runTool(twin, ["validate", "--format", "json", mutant])
            #expect(run.status == 1, "exit status or signal \(run.status) (11: SIGSEGV): \(run.output.suffix(400))")
            if run.status != 1 { break }
        }
    }
}
