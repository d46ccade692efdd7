import Foundation

/// A small HTTP file server under the test's control, for fault cases.
///
/// It stores PUT bodies in memory and serves them to GET/HEAD (with `Range`), accepts MKCOL and
/// DELETE, answers MOVE with 405 (a server without MOVE), starts S3 multipart uploads (upload ID
/// `test-upload`), and answers the next requests from a script first: `fail(500)`, `fail(429)`, `drop`
/// (close the connection without answering), `huge` (a 200 with a 2 MiB body), `stall` (a 206 head, one byte of
/// its body, then nothing for a minute), `echo-token` (a 400 whose plain-text body repeats the request's
/// `X-Amz-Security-Token` after 150 characters, so a 200-character preview cuts it), `trickle` (a 200 head, then one byte of its body every
/// 0.3 s: never idle long enough for a read timeout), `redirect:URL` (a 307 to URL). `requests()` returns every request it saw.
public struct FaultyHTTPServer: Sendable {
    public let server: LaunchedServer
    public var baseURL: String { server.baseURL }

    public static func launch() async throws -> FaultyHTTPServer {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-faulty")
        let script = folder.appendingPathComponent("faulty_server.py")
        try source.write(to: script, atomically: true, encoding: .utf8)
        let server = try await LaunchedServer.launch(
            name: "faulty", executable: "python3", arguments: { [script.path, String($0)] }, directory: folder
        )
        return FaultyHTTPServer(server: server)
    }

    /// Answers the next requests with `method` (`PUT`, `GET`, `*`) from `steps` (`"500"`, `"429"`, `"403"`, `"drop"`,
    /// `"huge"`, `"stall"`, `"trickle"`, `"echo-token"`, `"redirect:URL"`).
    public func script(_ method: String, _ steps: [String]) throws {
        _ = try control("script", body: (["method": method, "steps": steps] as [String: Any]))
    }

    /// Every request seen so far, as `METHOD /path`.
    public func requests() throws -> [String] {
        (try JSONSerialization.jsonObject(with: control("log", body: nil)) as? [String]) ?? []
    }

    private func control(_ name: String, body: Any?) throws -> Data {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        return try PythonScript.run(#"""
        import sys, urllib.request
        data = sys.stdin.buffer.read()
        req = urllib.request.Request(sys.argv[1], data=data if data else None, method="POST" if data else "GET")
        sys.stdout.buffer.write(urllib.request.urlopen(req).read())
        """#, arguments: ["\(baseURL)/__\(name)"], input: data ?? Data())
    }

    static let source = #"""
    import json, sys, threading, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    store, log, scripts, lock = {}, [], {}, threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def reply(self, status, body=b"", headers=None):
            self.send_response(status)
            for k, v in (headers or {}).items(): self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD": self.wfile.write(body)

        def scripted(self):
            with lock:
                log.append(f"{self.command} {self.path}")
                for key in (self.command, "*"):
                    if scripts.get(key): return scripts[key].pop(0)
            return None

        def handle_one(self):
            if self.path == "/__script":
                spec = json.loads(self.body()); scripts[spec["method"]] = list(spec["steps"]); return self.reply(200)
            if self.path == "/__log":
                with lock: return self.reply(200, json.dumps(log).encode())
            step = self.scripted()
            payload = self.body() if self.command in ("PUT", "POST", "MKCOL") else b""
            if step == "drop":
                self.close_connection = True
                self.connection.shutdown(2); return
            if step is not None and step.startswith("redirect:"):
                return self.reply(307, b"", {"Location": step[len("redirect:"):]})
            if step == "huge":
                return self.reply(200, b"x" * (2 << 20))
            if step == "echo-token":
                token = (self.headers.get("X-Amz-Security-Token") or "").encode()
                return self.reply(400, b"e" * 150 + token + b" was not accepted", {"Content-Type": "text/plain"})
            if step == "trickle":
                self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                try:
                    for _ in range(1000):
                        self.wfile.write(b"x"); self.wfile.flush(); time.sleep(0.3)
                except OSError: pass
                self.close_connection = True; return
            if step == "stall":
                self.send_response(206)
                self.send_header("Content-Length", "100")
                self.send_header("Content-Range", "bytes 0-99/100")
                self.end_headers()
                self.wfile.write(b"x"); self.wfile.flush()
                time.sleep(60); self.close_connection = True; return
            if step is not None:
                return self.reply(int(step), b"<Error><Code>Scripted</Code></Error>", {"Content-Type": "application/xml"})
            if self.command == "POST" and "?uploads" in self.path:
                return self.reply(200, b"<InitiateMultipartUploadResult><UploadId>test-upload</UploadId></InitiateMultipartUploadResult>")
            if self.command == "PUT" and "partNumber=" in self.path:
                return self.reply(200, b"", {"ETag": '"part"'})
            if self.command == "PUT":
                store[self.path] = (payload, self.headers.get("Content-Type", "application/octet-stream"))
                return self.reply(201)
            if self.command in ("MKCOL",): return self.reply(201)
            if self.command == "DELETE" and "uploadId=" in self.path: return self.reply(204)
            if self.command == "DELETE":
                return self.reply(204 if store.pop(self.path, None) is not None else 404)
            if self.command in ("GET", "HEAD"):
                if self.path not in store: return self.reply(404)
                data, ctype = store[self.path]
                rng = self.headers.get("Range")
                if rng and rng.startswith("bytes="):
                    first, _, last = rng[6:].partition("-")
                    first = int(first); last = min(int(last) if last else len(data) - 1, len(data) - 1)
                    return self.reply(206, data[first:last + 1], {"Content-Type": ctype,
                                                                  "Content-Range": f"bytes {first}-{last}/{len(data)}"})
                return self.reply(200, data, {"Content-Type": ctype})
            return self.reply(405)

        do_GET = do_PUT = do_HEAD = do_DELETE = do_MKCOL = do_POST = do_MOVE = handle_one

    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """#
}
