public import Foundation

/// Runs a small Python program (botocore cross-checks, server setup) and returns its standard output.
public enum PythonScript {
    /// Runs `python3 -c script arguments…` with `input` on standard input.
    ///
    /// - Throws: `ServerLaunchError` with the script's standard error when it exits non-zero.
    public static func run(_ script: String, arguments: [String] = [], input: Data = Data()) throws -> Data {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-python")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin")
        let outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try LaunchedServer.resolve("python3"))
        process.arguments = ["-c", script] + arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        let output = try Data(contentsOf: outputFile)
        guard process.terminationStatus == 0 else {
            let error = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw ServerLaunchError(message: "python3 exited with \(process.terminationStatus): \(error.suffix(3000))")
        }
        return output
    }
}
