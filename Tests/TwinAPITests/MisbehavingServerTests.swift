import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinAPI
import TwinSettings

/// The client against servers that drop connections, answer garbage, fail or are not there.
@Suite(.hangBackstop)
struct MisbehavingServerTests {
    static let request = CreateTwinRequest(
        name: "sam", videoUrl: URL(string: "https://media.example/v.mp4")!,
        calibrationImageUrls: [URL(string: "https://media.example/1.jpg")!]
    )

    @Test func createIsSentOnceWhenTheConnectionDropsAfterSending() async throws {
        let server = try await RawServer(.drop)
        let clock = VirtualClock()
        let client = makeClient(server.baseURL, clock: clock)
        let error = await #expect(throws: TwinAPIError.outcomeUnknown) { try await client.createTwin(Self.request) }
        #expect(error?.isOutcomeUnknown == true)
        #expect(error?.description.contains("check the list of twins") == true)
        #expect(error?.setting == .twinList)
        #expect(server.requests == 1, "/create must not be retried once sent")
        await server.shutdown()
    }

    @Test func createIsSentOnceWhenTheAnswerTimesOut() async throws {
        let server = try await RawServer(.silent)
        let client = makeClient(server.baseURL, clock: VirtualClock(), requestTimeout: .milliseconds(300))
        let error = await #expect(throws: TwinAPIError.outcomeUnknown) { try await client.createTwin(Self.request) }
        #expect(error?.isOutcomeUnknown == true)
        #expect(server.requests == 1, "/create must not be retried after a timeout once sent")
        await server.shutdown()
    }

    @Test func idempotentCallsAreRetriedWhenTheConnectionDrops() async throws {
        let server = try await RawServer(.drop)
        let clock = VirtualClock()
        let client = makeClient(server.baseURL, clock: clock)
        await #expect(throws: TwinAPIError.outcomeUnknown) { try await client.listTwins() }
        #expect(server.requests == 3)
        #expect(clock.sleeps == [.seconds(1), .seconds(2)], "exponential backoff without jitter")
        await server.shutdown()
    }

    @Test(arguments: [
        ("not http at all\r\n\r\n", TwinAPIError.outcomeUnknown),
        ("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\n<html>hi</>", TwinAPIError.malformedResponse),
        ("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{\"a\": 1}\n", TwinAPIError.malformedResponse),
        ("HTTP/1.1 418 I'm a teapot\r\nContent-Length: 6\r\nConnection: close\r\n\r\nteapot", TwinAPIError.unexpectedStatus),
    ])
    func garbageAnswersBecomeErrorsWithContext(answer: String, expected: TwinAPIError) async throws {
        let server = try await RawServer(.reply(answer))
        let clock = VirtualClock()
        let client = makeClient(server.baseURL, clock: clock, retry: .none)
        let error = await #expect(throws: expected) { try await client.listTwins() }
        if expected == .malformedResponse {
            #expect(error?.statusCode == 200)
            #expect(error?.description.contains("HTTP 200") == true)
        }
        if answer.contains("<html>") { #expect(error?.detail == "<html>hi</>") }
        await server.shutdown()
    }

    @Test func connectFailureIsRetriedEvenForCreate() async throws {
        // Reserve a free port, then close it: connecting is refused.
        let server = try await RawServer(.drop)
        let url = server.baseURL
        await server.shutdown()
        let httpClient = TwinAPIClient.makeHTTPClient()
        let clock = VirtualClock()
        let client = makeClient(url, clock: clock, httpClient: httpClient)
        let error = await #expect(throws: TwinAPIError.connectFailed) { try await client.createTwin(Self.request) }
        #expect(error?.isOutcomeUnknown == false, "a refused connection proves nothing was created")
        #expect(error?.setting == .apiURL)
        #expect(clock.sleeps.count == 2, "retried twice within 3 attempts")
        try await httpClient.shutdown()
    }

    @Test func serverErrorsAreRetriedExceptForCreate() async throws {
        let calls = Counter()
        let router = Router()
        router.post("list") { _, _ -> Response in
            if await calls.next() < 3 {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "<html>busy</html>")))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"twins": ["twin-1-sam"], "extra": {"x": 1}}"#)))
        }
        router.post("create") { _, _ -> Response in
            _ = await calls.next()
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: #"{"detail": "boom"}"#)))
        }
        try await withRouter(router) { url async throws in
            let clock = VirtualClock()
            let client = makeClient(url, clock: clock)
            #expect(try await client.listTwins() == ["twin-1-sam"])
            #expect(clock.sleeps == [.seconds(1), .seconds(2)])
            let error = await #expect(throws: TwinAPIError.serverError) { try await client.createTwin(Self.request) }
            #expect(error?.isOutcomeUnknown == true)
            #expect(error?.detail == "boom")
            #expect(await calls.value == 4, "one /create, never retried")
        }
    }

    @Test func htmlRateLimitIsRetriedAfterRetryAfter() async throws {
        let calls = Counter()
        let router = Router()
        router.post("supported-languages") { _, _ -> Response in
            if await calls.next() == 1 {
                return Response(
                    status: .tooManyRequests, headers: [.retryAfter: "7", .contentType: "text/html"],
                    body: .init(byteBuffer: ByteBuffer(string: "<html><body>Too Many Requests</body></html>"))
                )
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"supportedLanguages": ["English"]}"#)))
        }
        try await withRouter(router) { url async throws in
            let clock = VirtualClock()
            let client = makeClient(url, clock: clock)
            #expect(try await client.supportedLanguages() == ["English"])
            #expect(clock.sleeps == [.seconds(7)], "Retry-After honoured (longer than the 1 s backoff)")
        }
    }

    @Test func languagesAreSentInTheServicesSpelling() async throws {
        let router = Router()
        router.post("supported-languages") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"supportedLanguages": ["Chinese-Simplified"]}"#)))
        }
        router.post("script") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1000))
            guard body.contains(#""Chinese-Simplified""#) else {
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: #"{"detail": "case matters"}"#)))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"script": "你好"}"#)))
        }
        try await withRouter(router) { url async throws in
            let client = makeClient(url, clock: VirtualClock())
            _ = try await client.supportedLanguages()
            #expect(try await client.script(language: "chinese-simplified") == "你好")
        }
    }

    @Test func tolerantDecoding() async throws {
        let router = Router()
        router.post("status") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1000))
            let answer = switch true {
            case body.contains("fraction"): #"{"state": "processing", "progress": 0.42, "unknown": [1, 2]}"#
            case body.contains("percent"): #"{"state": "PROCESSING", "progress": "42"}"#
            case body.contains("missing"): #"{"state": "QUEUED"}"#
            case body.contains("done"): #"{"state": "COMPLETE", "progress": 1}"#
            case body.contains("failed"): #"{"state": "FAILED", "progress": 1, "error": "video is landscape"}"#
            default: #"{"progress": 5}"#
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        try await withRouter(router) { url async throws in
            let client = makeClient(url, clock: VirtualClock())
            #expect(try await client.status(operationID: "fraction") == OperationStatus(state: .processing, progress: 42))
            #expect(try await client.status(operationID: "percent") == OperationStatus(state: .processing, progress: 42))
            #expect(try await client.status(operationID: "missing") == OperationStatus(state: .queued, progress: 0))
            #expect(try await client.status(operationID: "done") == OperationStatus(state: .complete, progress: 100))
            #expect(try await client.status(operationID: "failed")
                == OperationStatus(state: .failed, progress: 1, detail: "video is landscape"))
            let error = await #expect(throws: TwinAPIError.malformedResponse) { try await client.status(operationID: "nostate") }
            #expect(error?.description.contains(#"{"progress": 5}"#) == true)
        }
    }
}
