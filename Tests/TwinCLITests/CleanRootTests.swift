import Foundation
import TestSupport
import Testing

/// The package alone is enough on a machine that has nothing else: a Debian 12 minbase root (debootstrap, from this
/// machine's configured Debian source, cached under `.build/clean-root/`), the package installed inside it by
/// `scripts/install-in-root.sh` (the Dockerfile's install), then the installed `twin --version`, `twin validate` on the
/// demo session and `twin doctor` run there, as the image's non-root user. Only the package's declared dependencies
/// (and theirs) may have been installed.
@Suite(.tags(.slow), .fullRunOnly, .serialized)
struct CleanRootTests {
    static let cache = TestPaths.packageRoot.appendingPathComponent(".build/clean-root")
    static let tarball = cache.appendingPathComponent("bookworm-minbase.tar")

    /// The first `URIs:` of a deb822 stanza for bookworm in /etc/apt/sources.list.d, else the first `deb URL bookworm`
    /// line of /etc/apt/sources.list: the Debian source this machine is configured with.
    static func debianMirror() throws -> String {
        let folder = URL(fileURLWithPath: "/etc/apt/sources.list.d")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".sources") }.sorted()
        for file in files {
            let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            for stanza in text.components(separatedBy: "\n\n") {
                let fields = Dictionary(stanza.split(separator: "\n").compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }, uniquingKeysWith: { first, _ in first })
                if fields["Suites"]?.split(separator: " ").contains("bookworm") == true,
                   let uri = fields["URIs"]?.split(separator: " ").first {
                    return String(uri)
                }
            }
        }
        let list = (try? String(contentsOfFile: "/etc/apt/sources.list", encoding: .utf8)) ?? ""
        for line in list.split(separator: "\n") {
            let words = line.split(separator: " ").filter { !$0.hasPrefix("[") }
            if words.count >= 3, words[0] == "deb", words[2] == "bookworm" { return String(words[1]) }
        }
        throw ReleasePackageError(message: "no Debian bookworm source in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list")
    }

    /// A tarball of a fresh minbase root, made once (debootstrap takes about half a minute) and kept under .build/.
    static func minbaseTarball() throws -> URL {
        if FileManager.default.fileExists(atPath: tarball.path) { return tarball }
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let staging = cache.appendingPathComponent("staging-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let mirror = try debianMirror()
        let bootstrap = try runTool("debootstrap", ["--variant=minbase", "bookworm", staging.path, mirror])
        try #require(bootstrap.status == 0, "debootstrap failed: \(bootstrap.output.suffix(3000))")
        let partial = tarball.appendingPathExtension("partial")
        let tar = try runTool("tar", ["-C", staging.path, "-cf", partial.path, "."])
        try #require(tar.status == 0, "\(tar.output)")
        try FileManager.default.moveItem(at: partial, to: tarball)
        return tarball
    }

    /// Installed packages and their dependency fields, as dpkg in `root` lists them.
    static func installed(in root: URL) throws -> [String: (depends: [[String]], provides: [String])] {
        let query = try runTool("chroot", [root.path, "dpkg-query", "-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Pre-Depends}, ${Depends}\t${Provides}\n"],
                                environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
        try #require(query.status == 0, "\(query.output)")
        var packages: [String: (depends: [[String]], provides: [String])] = [:]
        func names(_ field: Substring) -> [String] {
            field.split(separator: "|").compactMap { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first }
                .map { String($0.split(separator: ":").first ?? $0) }
        }
        for line in query.output.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0].hasPrefix("ii") else { continue }
            let depends = fields[2].split(separator: ",").map(names).filter { !$0.isEmpty }
            packages[String(fields[1])] = (depends, fields[3].split(separator: ",").flatMap(names))
        }
        return packages
    }

    @Test(.timeLimit(.minutes(20))) func thePackageAloneIsEnoughInAFreshMinbaseRoot() async throws {
        let deb = try ReleasePackage.deb.get()
        let tarball = try Self.minbaseTarball()
        let root = Self.cache.appendingPathComponent("root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer {
            // Never remove a root with /proc still mounted in it.
            let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? root.path
            if !mounts.contains(root.path) { try? FileManager.default.removeItem(at: root) }
        }
        let unpack = try runTool("tar", ["-C", root.path, "-xf", tarball.path])
        try #require(unpack.status == 0, "\(unpack.output)")

        // The package, the shared install script, the demo session and a resolver, copied in.
        let twinFolder = root.appendingPathComponent("tmp/twin")
        try FileManager.default.createDirectory(at: twinFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: deb, to: twinFolder.appendingPathComponent(deb.lastPathComponent))
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("scripts/install-in-root.sh"),
                                         to: twinFolder.appendingPathComponent("install-in-root.sh"))
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo"),
                                         to: root.appendingPathComponent("tmp/demo"))
        try? FileManager.default.removeItem(at: root.appendingPathComponent("etc/resolv.conf"))
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/etc/resolv.conf"), to: root.appendingPathComponent("etc/resolv.conf"))

        let proc = root.appendingPathComponent("proc").path
        let mount = try runTool("mount", ["--bind", "/proc", proc])
        try #require(mount.status == 0, "\(mount.output)")
        // Unmounted even when an expectation fails, before the root is removed.
        defer { _ = try? runTool("umount", ["--lazy", proc]) }

        let before = Set(try Self.installed(in: root).keys)
        #expect(!before.contains("libdlib19.1") && !before.contains("pocketsphinx-en-us"), "the minbase root is clean")
        let path = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]
        let install = try runTool("chroot", [root.path, "sh", "/tmp/twin/install-in-root.sh", "/tmp/twin/\(deb.lastPathComponent)"],
                                  environment: path)
        try #require(install.status == 0, "\(install.output.suffix(4000))")
        let version = try await TwinProcess.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(install.output.hasSuffix("\(version)\n"), "\(install.output.suffix(500))")

        // What was installed: twin-preflight and its dependency closure, nothing else (no Recommends).
        let after = try Self.installed(in: root)
        var closure: Set<String> = []
        var queue = ["twin-preflight"]
        let providers = Dictionary(after.flatMap { package in package.value.provides.map { ($0, package.key) } }, uniquingKeysWith: { a, _ in a })
        while let name = queue.popLast() {
            let resolved = after[name] != nil ? name : providers[name]
            guard let resolved, closure.insert(resolved).inserted else { continue }
            for alternatives in after[resolved]?.depends ?? [] {
                if let met = alternatives.first(where: { after[$0] != nil || providers[$0] != nil }) { queue.append(met) }
            }
        }
        let added = Set(after.keys).subtracting(before)
        #expect(added.contains("twin-preflight") && added.contains("libdlib-data") && added.contains("pocketsphinx-en-us"))
        #expect(added.subtracting(closure).isEmpty, "installed beyond the declared dependencies: \(added.subtracting(closure).sorted())")

        // The installed twin, as the image's user, in the root.
        let asUser = ["--userspec=10001:10001", root.path, "env", "HOME=/home/twin", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        let shown = try runTool("chroot", asUser + ["twin", "--version"], environment: path)
        #expect(shown.status == 0 && shown.output == "\(version)\n", "\(shown.output)")
        let validate = try runTool("chroot", asUser + ["sh", "-c", "cd /home/twin && twin validate /tmp/demo"], environment: path)
        #expect(validate.status == 0, "\(validate.output)")
        let doctor = try runTool("chroot", asUser + ["twin", "doctor"], environment: path)
        #expect(doctor.status == 0, "\(doctor.output)")
        #expect(doctor.output.contains("✓ PocketSphinx en-us model") && doctor.output.contains("✓ Cache folder"), "\(doctor.output)")
    }
}
