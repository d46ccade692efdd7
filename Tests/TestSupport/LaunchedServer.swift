public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server process a test started: stopped by `stop()` (or when released), and by a watchdog
/// process if the test process dies first.
///
/// Each server gets a free loopback port and is waited for by polling that port with a deadline.
public final class LaunchedServer: @unchecked Sendable {
    /// The loopback port it listens on.
    public let port: Int
    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// A folder owned by this server (config, data, logs), removed by `stop()`.
    public let directory: URL
    let process: Process
    let watchdog: Process
    let errorLog: URL
    private let processExited: Latch
    private let watchdogExited: Latch
    /// The write end of the watchdog's standard input, held only by this process: when this process
    /// dies, the pipe closes and the watchdog stops the server.
    private let lifeline: FileHandle
    private let lock = NSLock()
    private var stopped = false

    /// Launches `command(port)` and returns once it accepts connections on that port.
    ///
    /// - Parameters:
    ///   - name: For error messages.
    ///   - executable: Program to run (searched on `PATH` when not absolute).
    ///   - arguments: Arguments, given the chosen port.
    ///   - environment: Extra environment variables.
    ///   - directory: The server's working folder (created if needed; a fresh temp folder by default).
    ///   - deadline: How long to wait for the port.
    public static func launch(
        name: String,
        executable: String,
        arguments: @Sendable (Int) -> [String],
        environment: [String: String] = [:],
        directory: URL? = nil,
        deadline: Duration = .seconds(30)
    ) async throws -> LaunchedServer {
        let folder = try directory ?? LaunchedServer.makeTemporaryFolder(prefix: "twin-\(name)")
        var lastError: (any Error)?
        // A port picked here may be taken before the server binds it; try a few.
        for _ in 0..<3 {
            let port = try FreePort.pick()
            let server = try LaunchedServer(
                name: name, executable: executable, arguments: arguments(port), environment: environment,
                port: port, directory: folder
            )
            do {
                try await server.waitUntilListening(name: name, deadline: deadline)
                return server
            } catch {
                server.stop(removingDirectory: false)
                lastError = error
            }
        }
        throw lastError ?? ServerLaunchError(message: "\(name) did not start")
    }

    private init(name: String, executable: String, arguments: [String], environment: [String: String], port: Int, directory: URL) throws {
        self.port = port
        self.directory = directory
        errorLog = directory.appendingPathComponent("\(name)-\(port).stderr")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try Self.resolve("python3"))
        server.arguments = ["-c", Self.execUnblocked, try Self.resolve(executable)] + arguments
        server.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        server.currentDirectoryURL = directory
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = try FileHandle(forWritingTo: errorLog)
        let serverExited = Latch.exit(of: server)
        try server.run()
        do {
            (watchdog, watchdogExited, lifeline) = try Self.launchWatchdog(stopping: server.processIdentifier)
        } catch {
            Self.end(server, exited: serverExited)
            throw error
        }
        process = server
        processExited = serverExited
    }

    /// Starts the process that kills the server if this test process dies before calling `stop()`.
    ///
    /// The watchdog reads a pipe whose only write end, the returned lifeline, is ours (close-on-exec,
    /// so no other child holds it): when this process dies the pipe closes and the watchdog acts.
    private static func launchWatchdog(stopping server: Int32) throws -> (Process, Latch, lifeline: FileHandle) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ServerLaunchError(message: "pipe() failed: \(errno)") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let lifeline = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let input = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        defer { try? input.close() }
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: try resolve("python3"))
        // One process, no children: a child would keep open the descriptor by which Foundation sees it exit.
        watchdog.arguments = ["-c", watchdogScript, String(server)]
        watchdog.standardInput = input
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        let exited = Latch.exit(of: watchdog)
        try watchdog.run()
        return (watchdog, exited, lifeline)
    }

    /// The watchdog: reads its standard input to the end (this process gone), then sends the server SIGTERM.
    static let watchdogScript = """
        import os, signal, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        sys.stdin.buffer.read()
        try: os.kill(int(sys.argv[1]), signal.SIGTERM)
        except ProcessLookupError: pass
        """

    /// Children inherit the test process's blocked signals (SIGTERM among them): this resets the
    /// mask, then execs the real program (same process ID), so `stop()` can terminate it.
    static let execUnblocked = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"

    deinit { stop() }

    /// Stops the server and waits for it to exit; removes its folder unless told not to.
    public func stop(removingDirectory: Bool = true) {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        Self.end(process, exited: processExited)
        Self.end(watchdog, exited: watchdogExited)
        try? lifeline.close()
        if removingDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// SIGTERM, up to 5 s to exit, then SIGKILL and up to 5 s more: never waits forever.
    static func end(_ process: Process, exited: Latch) {
        guard process.isRunning else { return }
        process.terminate()
        if !exited.waitBlocking(within: .seconds(5)) {
            kill(process.processIdentifier, SIGKILL)
            guard exited.waitBlocking(within: .seconds(5)) else { return }
        }
        process.waitUntilExit()
    }

    /// The server's standard error so far (for failure messages).
    public var standardError: String {
        (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    }

    /// Polls for the port (a server says nothing when it starts listening), failing at once if the server exits.
    private func waitUntilListening(name: String, deadline: Duration) async throws {
        do {
            try await Polling.until("\(name) listening on 127.0.0.1:\(port)", within: deadline, every: .milliseconds(25)) {
                if processExited.isOpen {
                    let status = process.terminationStatus
                    throw ServerLaunchError(message: "\(name) exited with status \(status): \(standardError.suffix(2000))")
                }
                // The port must be listened on by this very process: another program may have taken
                // the port between `FreePort.pick()` and the server's own bind.
                return FreePort.isListening(port, byProcess: process.processIdentifier)
            }
        } catch let timeout as WaitTimeout {
            throw ServerLaunchError(message: "\(timeout): \(standardError.suffix(2000))")
        }
    }

    static func resolve(_ executable: String) throws -> String {
        if executable.hasPrefix("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(executable).path
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw ServerLaunchError(message: "\(executable) not found on PATH (\(path)); run `bash scripts/setup.sh`")
    }
}

/// A server could not be started (missing program, port never opened, early exit).
public struct ServerLaunchError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Loopback ports: a free one, and whether one accepts connections.
public enum FreePort {
    /// A port the OS reports free on 127.0.0.1 (bound to port 0, then released).
    public static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerLaunchError(message: "socket() failed: \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ServerLaunchError(message: "bind() failed: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// Whether process `pid` itself holds a socket listening on TCP `port` (Linux `/proc`; elsewhere
    /// only whether something listens).
    public static func isListening(_ port: Int, byProcess pid: Int32) -> Bool {
        guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return isListening(port) }
        let hexPort = String(format: ":%04X", port)
        var inodes: Set<String> = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // fields: sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
            guard fields.count > 9, fields[1].hasSuffix(hexPort), fields[3] == "0A" else { continue }
            inodes.insert("socket:[\(fields[9])]")
        }
        guard !inodes.isEmpty, let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else {
            return false
        }
        return descriptors.contains { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")).map(inodes.contains) ?? false
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

extension LaunchedServer {
    /// Creates and returns a new empty folder under the system temp folder.
    public static func makeTemporaryFolder(prefix: String = "twin-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
