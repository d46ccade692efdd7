import Foundation
import TestSupport
import Testing
import TwinPipeline

/// The container image recipe and the Kubernetes indexed Job, as far as this machine can test them: the image
/// cannot be built here (no base-image registry, and podman's runtime is refused), so the Dockerfile is checked
/// for the install script the clean-root test runs; the Job is parsed, its shard arithmetic checked against
/// `twin batch --shard`'s rules, and its flags against `twin batch --help`.
@Suite struct DeploymentTests {
    static let root = TestPaths.packageRoot

    @Test func theDockerfileInstallsThePackageWithTheSharedScript() throws {
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let lines = dockerfile.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(lines.first == "FROM debian:bookworm-slim")
        #expect(lines.contains("COPY scripts/install-in-root.sh /tmp/twin/install-in-root.sh"))
        #expect(lines.contains("COPY .build-release/deb/twin-preflight_*_amd64.deb /tmp/twin/"))
        #expect(lines.contains { $0.hasPrefix("RUN ") && $0.contains("sh /tmp/twin/install-in-root.sh /tmp/twin/twin-preflight_*_amd64.deb") })
        #expect(lines.contains("ENTRYPOINT [\"twin\"]"))
        #expect(lines.contains("VOLUME [\"/sessions\", \"/state\"]"))
        // A non-root user, by number, that the install script creates.
        let user = try #require(lines.first { $0.hasPrefix("USER ") })
        #expect(user == "USER 10001:10001")
        let script = try String(contentsOf: Self.root.appendingPathComponent("scripts/install-in-root.sh"), encoding: .utf8)
        #expect(script.contains("useradd --system --uid 10001 --user-group"))
        #expect(script.contains("apt-get install -y -qq --no-install-recommends \"$deb\""))
        // The build context holds only what the Dockerfile copies.
        let ignore = try String(contentsOf: Self.root.appendingPathComponent(".dockerignore"), encoding: .utf8)
        #expect(ignore.contains("!scripts/install-in-root.sh") && ignore.contains("!.build-release/deb/twin-preflight_*_amd64.deb"))
    }

    /// The Job, Secret and claims of the manifest, and the Job's command line for each completion index as
    /// `/bin/sh -c` expands it.
    static func manifest() throws -> [String: Any] {
        let output = try PythonScript.run(#"""
            import json, subprocess, sys, yaml
            docs = list(yaml.safe_load_all(open(sys.argv[1])))
            job = next(d for d in docs if d["kind"] == "Job")
            spec = job["spec"]
            container = spec["template"]["spec"]["containers"][0]
            assert container["command"] == ["/bin/sh", "-c"], container["command"]
            commands = []
            for index in range(spec["completions"]):
                out = subprocess.run(["sh", "-c", "set -f; printf '%s\\n' " + container["args"][0]],
                                     env={"JOB_COMPLETION_INDEX": str(index), "PATH": "/usr/bin:/bin"},
                                     capture_output=True, text=True, check=True).stdout
                commands.append(out.split())
            print(json.dumps({
                "kinds": sorted(d["kind"] for d in docs),
                "completions": spec["completions"], "parallelism": spec["parallelism"], "mode": spec["completionMode"],
                "restart": spec["template"]["spec"]["restartPolicy"],
                "image": container["image"], "commands": commands,
                "secretKeys": sorted(next(d for d in docs if d["kind"] == "Secret")["stringData"].keys()),
                "secretRef": container["envFrom"][0]["secretRef"]["name"],
                "secretName": next(d for d in docs if d["kind"] == "Secret")["metadata"]["name"],
                "claims": sorted(d["metadata"]["name"] for d in docs if d["kind"] == "PersistentVolumeClaim"),
                "volumeClaims": sorted(v["persistentVolumeClaim"]["claimName"] for v in spec["template"]["spec"]["volumes"]),
                "mounts": {m["mountPath"]: bool(m.get("readOnly")) for m in container["volumeMounts"]},
                "nonRoot": spec["template"]["spec"]["securityContext"]["runAsNonRoot"],
            }))
            """#, arguments: [Self.root.appendingPathComponent("deploy/kubernetes/twin-batch-job.yaml").path])
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }

    @Test func theIndexedJobCoversEveryShardOnceWithFlagsTwinHas() async throws {
        let manifest = try Self.manifest()
        #expect(manifest["kinds"] as? [String] == ["Job", "PersistentVolumeClaim", "PersistentVolumeClaim", "Secret"])
        let completions = try #require(manifest["completions"] as? Int)
        #expect(manifest["parallelism"] as? Int == completions)
        #expect(manifest["mode"] as? String == "Indexed")
        #expect(manifest["restart"] as? String == "OnFailure")
        #expect(manifest["image"] as? String == "registry.example/twin-preflight:latest")
        #expect(manifest["nonRoot"] as? Bool == true)
        #expect(manifest["secretRef"] as? String == manifest["secretName"] as? String)
        #expect(manifest["secretKeys"] as? [String] == ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "CAPTIONS_API_KEY"])
        #expect(manifest["claims"] as? [String] == manifest["volumeClaims"] as? [String])
        #expect(manifest["mounts"] as? [String: Bool] == ["/sessions": true, "/state": false])

        let commands = try #require(manifest["commands"] as? [[String]])
        #expect(commands.count == completions)
        var shards: [Shard] = []
        var journals: Set<String> = []
        for command in commands {
            #expect(Array(command.prefix(3)) == ["twin", "batch", "/sessions"])
            let shard = try #require(command.firstIndex(of: "--shard").map { command[$0 + 1] })
            shards.append(try Shard(parsing: shard))
            journals.insert(try #require(command.firstIndex(of: "--journal").map { command[$0 + 1] }))
        }
        // Index i runs shard i + 1 of `completions`: every shard once, each with a journal of its own.
        #expect(shards.map(\.index) == Array(1...completions))
        #expect(shards.allSatisfy { $0.count == completions })
        #expect(journals.count == completions && journals.allSatisfy { $0.hasPrefix("/state/") })
        for name in (0..<200).map({ "session-\($0)" }) {
            #expect(shards.filter { $0.contains(name) }.count == 1, "\(name) is in exactly one shard")
        }

        // Every flag the Job passes is one `twin batch` has.
        let help = try await TwinProcess.run(["batch", "--help"])
        #expect(help.status == 0)
        for flag in Set(commands.flatMap { $0.filter { $0.hasPrefix("--") } }) {
            #expect(help.stdout.contains(flag), "twin batch --help has no \(flag)")
        }
    }
}
