public import Foundation

/// A `twin sandbox --port 0` process: the sandbox outlives the processes a test kills.
public final class SandboxProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`, as the sandbox printed it.
    public let baseURL: URL
    /// The key the sandbox accepts.
    public let apiKey: String
    private let process: Process

    /// Starts the sandbox and waits for its `sandbox listening on URL` line.
    public init(timeScale: Double, apiKey: String = "sandbox-key-\(UUID().uuidString.prefix(8))") throws {
        self.apiKey = apiKey
        process = Process()
        process.executableURL = TwinProcess.executable
        process.arguments = ["sandbox", "--port", "0", "--time-scale", String(timeScale)]
        process.environment = ProcessInfo.processInfo.environment.merging(["TWIN_SANDBOX_API_KEY": apiKey]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        let handle = out.fileHandleForReading
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self)
        guard let range = line.range(of: "http://"),
              let url = URL(string: String(line[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ServerLaunchError(message: "twin sandbox did not print its URL: \(line)")
        }
        baseURL = url
    }

    deinit { stop() }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// A reverse proxy in front of an API that answers scripted requests with faults.
///
/// Steps per endpoint path (`/create`, `/status`, `*`): `"500"` or `"429"` (answered without
/// forwarding), `"500-after"` (forwarded, then the answer replaced by a 500: the request took
/// effect but the client cannot know), `"drop"` (connection closed, nothing forwarded),
/// `"drop-after"` (forwarded, then the connection closed).
public struct FaultyAPIProxy: Sendable {
    public let server: LaunchedServer
    public var baseURL: URL { URL(string: server.baseURL)! }

    public static func launch(upstream: URL) async throws -> FaultyAPIProxy {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-api-proxy")
        let script = folder.appendingPathComponent("proxy.py")
        try source.write(to: script, atomically: true, encoding: .utf8)
        let server = try await LaunchedServer.launch(
            name: "api-proxy", executable: "python3", arguments: { [script.path, String($0), upstream.absoluteString] }, directory: folder)
        return FaultyAPIProxy(server: server)
    }

    /// Answers the next requests to `path` with `steps`.
    public func script(_ path: String, _ steps: [String]) throws {
        _ = try control("script", ["path": path, "steps": steps])
    }

    /// Every request seen, as `PATH -> what happened`.
    public func log() throws -> [String] {
        (try JSONSerialization.jsonObject(with: control("log", nil)) as? [String]) ?? []
    }

    private func control(_ name: String, _ body: [String: Any]?) throws -> Data {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        return try PythonScript.run(#"""
        import sys, urllib.request
        data = sys.stdin.buffer.read()
        req = urllib.request.Request(sys.argv[1], data=data if data else b"{}", method="POST")
        sys.stdout.buffer.write(urllib.request.urlopen(req).read())
        """#, arguments: ["\(server.baseURL)/__\(name)"], input: data ?? Data())
    }

    static let source = #"""
    import json, signal, sys, threading, urllib.request, urllib.error
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    # A child inherits the test process's blocked signals; SIGTERM must stop this server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])

    upstream = sys.argv[2].rstrip("/")
    scripts, log, lock = {}, [], threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass

        def reply(self, status, body, headers=None):
            self.send_response(status)
            for k, v in (headers or {}).items(): self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def forward(self, body):
            req = urllib.request.Request(upstream + self.path, data=body, method="POST")
            for key in ("x-api-key", "Content-Type"):
                if self.headers.get(key): req.add_header(key, self.headers.get(key))
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return r.status, r.read(), r.headers.get("Content-Type", "application/json")
            except urllib.error.HTTPError as e:
                return e.code, e.read(), e.headers.get("Content-Type", "application/json")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == "/__script":
                spec = json.loads(body); scripts[spec["path"]] = list(spec["steps"]); return self.reply(200, b"{}")
            if self.path == "/__log":
                with lock: return self.reply(200, json.dumps(log).encode())
            endpoint = "/" + self.path.rstrip("/").split("/")[-1]
            with lock:
                step = None
                for key in (endpoint, "*"):
                    if scripts.get(key): step = scripts[key].pop(0); break
                log.append(f"{endpoint} -> {step or 'forwarded'}")
            if step in ("drop", "drop-after"):
                if step == "drop-after": self.forward(body)
                self.close_connection = True
                self.connection.shutdown(2); return
            if step == "429":
                return self.reply(429, b"<html>Too Many Requests</html>", {"Content-Type": "text/html", "Retry-After": "1"})
            if step == "500":
                return self.reply(500, b'{"detail": "injected failure"}', {"Content-Type": "application/json"})
            status, answer, ctype = self.forward(body)
            if step == "500-after":
                return self.reply(500, b'{"detail": "injected failure after the request took effect"}',
                                  {"Content-Type": "application/json"})
            return self.reply(status, answer, {"Content-Type": ctype})

    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """#
}
