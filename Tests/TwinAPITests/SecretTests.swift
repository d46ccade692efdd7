import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinAPI
import TwinSandbox

/// The API key appears in no description, log line or error, even when things go wrong.
@Suite(.hangBackstop)
struct SecretTests {
    @Test func keyDescriptionsAreRedacted() throws {
        var dumped = ""
        dump(testKey, to: &dumped)
        for text in [String(describing: testKey), "\(testKey)", String(reflecting: testKey), dumped, "\([testKey])"] {
            #expect(!text.contains(testKeyText))
            #expect(!text.contains("SECRET"))
        }
        #expect(testKey.matches(testKeyText))
        #expect(!testKey.matches(testKeyText + "x"))
        #expect(try APIKey("  \(testKeyText)\n") == testKey, "a key file's trailing newline is ignored")
        let error = #expect(throws: TwinAPIError.invalidAPIKey) { try APIKey("two words") }
        #expect(error?.description.contains("two words") == false)
    }

    @Test func keyFileAndEnvironment() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)")
        try (testKeyText + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try APIKey(contentsOf: file) == testKey)
        #expect(try APIKey(environment: ["CAPTIONS_API_KEY": testKeyText]) == testKey)
        #expect(try APIKey(environment: [:]) == nil)
        let missing = #expect(throws: TwinAPIError.invalidAPIKey) {
            try APIKey(contentsOf: file.appendingPathExtension("missing"))
        }
        #expect(missing?.description.contains("cannot read the API key file") == true)
    }

    @Test func keyNeverLeaksThroughErrorsOrLogs() async throws {
        let capture = LogCapture()
        let errors = LogCapture()
        // A server that echoes the request, headers included, in an error and in a success body.
        let router = Router()
        router.post("list") { request, _ -> Response in
            let echoed = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: #"{"detail": "bad: \#(echoed)"}"#)))
        }
        router.post("status") { request, _ -> Response in
            let echoed = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"state": "FAILED", "detail": "\#(echoed)"}"#)))
        }
        router.post("script") { request, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "echo \(request.headers)")))
        }
        try await withRouter(router) { url async throws in
            let client = makeClient(url, clock: VirtualClock(), logger: capture.logger)
            do { _ = try await client.listTwins() } catch { errors.append("\(error)"); errors.append(String(reflecting: error)) }
            let status = try await client.status(operationID: "x")
            errors.append(status.detail ?? "")
            do { _ = try await client.script() } catch { errors.append("\(error)") }
        }
        // Bad key, connection refused, and the sandbox's own log.
        let clock = VirtualClock()
        try await withSandbox(clock: clock, logger: capture.logger) { sandbox async throws in
            let wrong = makeClient(sandbox.baseURL, key: try APIKey(testKeyText + "-wrong"), clock: clock, logger: capture.logger)
            do { _ = try await wrong.listTwins() } catch { errors.append("\(error)") }
            let right = makeClient(sandbox.baseURL, clock: clock, logger: capture.logger)
            let id = try await right.createTwin(unreachableMediaRequest)
            let final = try await right.waitForTerminalState(operationID: id, schedule: .resuming())
            errors.append(final.detail ?? "")
        }
        let httpClient = TwinAPIClient.makeHTTPClient()
        let refused = makeClient(
            URL(string: "http://127.0.0.1:1")!, clock: VirtualClock(), httpClient: httpClient, logger: capture.logger
        )
        do { _ = try await refused.listTwins() } catch { errors.append("\(error)") }
        try await httpClient.shutdown()

        #expect(errors.text.split(separator: "\n").count >= 6)
        #expect(errors.text.contains("<redacted>"), "the echoed key was scrubbed, not dropped silently")
        for text in [errors.text, capture.text] {
            #expect(!text.contains(testKeyText))
            #expect(!text.contains("SECRET"))
        }
        #expect(capture.text.contains("api call"), "the capture did see the client's log")
        #expect(capture.text.contains("/list: connect-failed, retrying in 1 s (attempt 2 of 3)"), "retries are logged for people")
    }
}
