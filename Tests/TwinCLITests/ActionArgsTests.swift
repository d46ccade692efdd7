import Foundation
import TestSupport
import Testing

/// The Action's `twin validate` step, run as GitHub runs it (`bash -eo pipefail`, inputs as environment variables) with
/// the `twin` built here: `args` on several lines are all passed (issue 18, row 14: only the first line was read, so a
/// `--strict` on the second was silently dropped and a warning passed).
@Suite(.hangBackstop)
struct ActionArgsTests {
    /// The `run` script of action.yml's `twin validate` step.
    static func validateStep() throws -> String {
        let output = try PythonScript.run("""
            import sys, yaml
            steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
            print(next(step["run"] for step in steps if step.get("name") == "twin validate"))
            """, arguments: [TestPaths.packageRoot.appendingPathComponent("action.yml").path])
        return String(decoding: output, as: UTF8.self)
    }

    /// Runs the step in `folder` on `face.png` with `args`: its exit status and twin's output.
    static func runStep(in folder: URL, args: String) throws -> (status: Int32, output: String) {
        let script = folder.appendingPathComponent("step.sh")
        try Data(try validateStep().utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", script.path]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging([
            "GITHUB_ACTION_PATH": folder.path, "TWIN_PATHS": "face.png", "TWIN_REPORT": "report.html",
            "TWIN_FORMAT": "text", "TWIN_OUTPUT": "out.txt", "TWIN_ARGS": args,
            // The build or install step writes it to $GITHUB_ENV; here it is the twin built for the tests.
            "TWIN_EXECUTABLE": TwinProcess.executable.path,
        ]) { $1 }
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8)) ?? ""
        return (process.terminationStatus, output)
    }

    @Test(.tags(.slow), .fullRunOnly,
          arguments: ["--no-voice-check\n--strict", "--no-voice-check --strict", "--no-voice-check\n\n  --strict  \n"])
    func everyLineOfArgsIsPassed(args: String) async throws {
        try await withTemporaryFolder { folder in
            // A portrait with a face whose only finding is a warning: the name says PNG, the content is JPEG.
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo/neutral.jpg"),
                                             to: folder.appendingPathComponent("face.png"))
            let lenient = try Self.runStep(in: folder, args: "--no-voice-check")
            #expect(lenient.status == 0 && lenient.output.contains("warning extension-mismatch"), "\(lenient.output)")
            let strict = try Self.runStep(in: folder, args: args)
            #expect(strict.output.contains(", strict"), "--strict reached twin: \(strict.output)")
            #expect(strict.status == 1, "the warning fails the step under --strict")
        }
    }
}
