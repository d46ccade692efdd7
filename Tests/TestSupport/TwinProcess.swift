public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `twin` executable as a real process (for exit codes and output).
public struct TwinProcess: Sendable {
    /// Exit status, standard output and standard error of one run.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `twin` binary next to the test bundle (`.build/<config>/twin`).
    public static let executable: URL = {
        var candidates: [URL] = []
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            candidates.append(url.appendingPathComponent("twin"))
            url.deleteLastPathComponent()
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("twin"))
        }
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".build/debug/twin"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs `twin arguments…` in `directory` (the package root by default) with extra environment.
    ///
    /// The process is waited for on a thread of its own: a test awaiting it holds none of Swift concurrency's
    /// cooperative threads (two on two cores), which the other tests of a parallel run need meanwhile.
    public static func run(
        _ arguments: [String], in directory: URL = TestPaths.packageRoot, environment: [String: String] = [:]
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try runWaiting(arguments, in: directory, environment: environment) })
            }
        }
    }

    private static func runWaiting(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GITHUB_STEP_SUMMARY")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errData = LockedData()
        let errDone = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errData.set(errHandle.readDataToEndOfFile())
            errDone.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data ?? Data() } }
}

/// A `twin` process running in the background, its output going to a log file: a run a test can
/// kill, or wait for with a deadline.
public final class RunningTwin: @unchecked Sendable {
    /// The process (its status once `exited` is open).
    public let process: Process
    /// Opened when the process exits.
    public let exited: Latch
    /// Its standard output and standard error.
    public let log: URL

    /// Starts `twin arguments…` with extra environment, writing its output to `log`.
    public init(_ arguments: [String], environment: [String: String] = [:], log: URL) throws {
        process = Process()
        process.executableURL = TwinProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        self.log = log
        exited = Latch.exit(of: process)
        try process.run()
    }

    /// Everything it has written so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends SIGKILL (unless it has ended) and waits (up to 10 s) for the process to be gone.
    public func kill() async {
        if !exited.isOpen { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        _ = await exited.wait(within: .seconds(10))
        process.waitUntilExit()
    }
}
