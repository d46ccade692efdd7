import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinAPI
import TwinSandbox
import TwinSettings

/// The client against the sandbox over real loopback HTTP: every endpoint and its error paths.
@Suite(.hangBackstop)
struct ClientSandboxTests {
    @Test func supportedLanguagesAndScripts() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            let languages = try await client.supportedLanguages()
            #expect(languages.contains("English"))
            #expect(languages.contains("Chinese-Simplified"))
            let english = try await client.script()
            #expect(english.contains("AI twin"))
            let spanish = try await client.script(language: "Spanish")
            #expect(spanish.hasPrefix("Hola"))
            // The list is known now, so an unknown language is refused before sending.
            await #expect(throws: TwinAPIError.invalidRequest) { try await client.script(language: "Klingon") }
        }
    }

    @Test func sandboxServesTheRealURLLayoutToo() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            // Pointing a client at the sandbox changes only the host: /api/twin/<endpoint> answers like the root.
            let client = makeClient(sandbox.baseURL.appendingPathComponent("api/twin"), clock: clock)
            #expect(try await client.script().contains("AI twin"))
            #expect(try await client.listTwins().isEmpty)
            let missing = try await rawPost(sandbox.baseURL.appendingPathComponent("api/twin/list"), key: nil, body: "{}")
            #expect(missing.status == 401, "the key is checked under /api/twin as well")
            let unknown = try await rawPost(sandbox.baseURL.appendingPathComponent("api/other/list"), key: nil, body: "{}")
            #expect(unknown.status != 200)
        }
    }

    @Test func unknownLanguageIsRefusedByTheSandboxToo() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            let error = await #expect(throws: TwinAPIError.badRequest) { try await client.script(language: "Klingon") }
            #expect(error?.statusCode == 400)
            #expect(error?.detail == "Unsupported language: Klingon")
        }
    }

    @Test func wrongKeyIsUnauthorized() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, key: try APIKey("sk-wrong-key"), clock: clock)
            let error = await #expect(throws: TwinAPIError.unauthorized) { try await client.listTwins() }
            #expect(error?.statusCode == 401)
            #expect(error?.setting == .apiKey)
            #expect(error?.message == "the API key was refused; check the API key", "the library names the setting, not a flag")
            #expect(clock.sleeps.isEmpty, "a 401 is never retried")
            let missing = try await rawPost(sandbox.baseURL.appendingPathComponent("list"), key: nil, body: "{}")
            #expect(missing.status == 401)
            #expect(missing.body.contains("\"detail\""))
        }
    }

    @Test(arguments: [
        ("create", "not json", "Request body must be a JSON object"),
        ("create", #"{"videoUrl": "http://x/v.mp4", "calibrationImageUrls": ["http://x/1.jpg"]}"#, "Missing field: name"),
        ("create", #"{"name": "sam", "calibrationImageUrls": ["http://x/1.jpg"]}"#, "Missing field: videoUrl"),
        ("create", #"{"name": "sam", "videoUrl": "http://x/v.mp4"}"#, "Missing field: calibrationImageUrls"),
        ("create", #"{"name": "sam", "videoUrl": "ftp://x/v.mp4", "calibrationImageUrls": ["http://x/1.jpg"]}"#,
         "Field videoUrl must hold http(s) URLs, got ftp://x/v.mp4"),
        ("create", #"{"name": "sam", "videoUrl": "http://x/v.mp4", "calibrationImageUrls": []}"#,
         "Field calibrationImageUrls must be a non-empty array of URLs"),
        ("status", "{}", "Missing field: operationId"),
        ("delete", #"{"name": 3}"#, "Field name must be a non-empty string"),
        ("script", #"{"language": 7}"#, "Field language must be a string"),
    ])
    func malformedBodiesAreRefusedWithADetail(endpoint: String, body: String, detail: String) async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let answer = try await rawPost(sandbox.baseURL.appendingPathComponent(endpoint), key: testKeyText, body: body)
            #expect(answer.status == 400)
            let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String]
            #expect(json?["detail"] == detail)
        }
    }

    @Test func unknownOperationAndTwinAreNotFound() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            let status = await #expect(throws: TwinAPIError.notFound) { try await client.status(operationID: "nope") }
            #expect(status?.detail == "Operation not found: nope")
            let delete = await #expect(throws: TwinAPIError.notFound) { try await client.deleteTwin(name: "twin-9-ghost") }
            #expect(delete?.statusCode == 404)
            await #expect(throws: TwinAPIError.invalidRequest) { try await client.deleteTwin(name: "ghost") }
            #expect(try await client.listTwins().isEmpty)
        }
    }

    @Test(arguments: [
        ("", "https://h/v.mp4", ["https://h/1.jpg"], "the twin name is empty"),
        ("sam", "file:///v.mp4", ["https://h/1.jpg"], "is not an http(s) URL"),
        ("sam", "https://h/v.mp4", [], "at least one calibration image URL is required"),
        ("sam", "https://h/v.mp4", ["s3://bucket/1.jpg"], "is not an http(s) URL"),
        ("sam", "https://h/v.mp4", ["http:///1.jpg"], "image URL http:///1.jpg is not an http(s) URL with a host"),
    ])
    func createChecksBeforeSending(name: String, video: String, images: [String], problem: String) async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            let request = CreateTwinRequest(
                name: name, videoUrl: URL(string: video)!, calibrationImageUrls: images.map { URL(string: $0)! }
            )
            let error = await #expect(throws: TwinAPIError.invalidRequest) { try await client.createTwin(request) }
            #expect(error?.message.contains(problem) == true)
            #expect(error?.isOutcomeUnknown == false)
            #expect(await sandbox.stats().createRequests == 0, "nothing was sent")
        }
    }

    @Test func statsNeedTheKeyAndCountCreates() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            let request = unreachableMediaRequest
            _ = try await client.createTwin(request)
            _ = try await client.createTwin(request)
            let bad = try await rawPost(sandbox.baseURL.appendingPathComponent("create"), key: testKeyText, body: #"{"name": "kim"}"#)
            #expect(bad.status == 400)
            let stats = try await SandboxStats.fetch(baseURL: sandbox.baseURL, apiKey: testKey)
            #expect(stats == SandboxStats(
                createRequests: 3, createRequestsByName: ["sam": 2, "kim": 1],
                operationsCreated: 2, operationsCreatedByName: ["sam": 2]
            ))
            await #expect(throws: TwinAPIError.self) {
                try await SandboxStats.fetch(baseURL: sandbox.baseURL, apiKey: try APIKey("other"))
            }
        }
    }

    @Test func aPortInUseIsAnErrorNotAHang() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let port = try #require(sandbox.baseURL.port)
            await #expect(throws: (any Error).self) {
                let second = try await Sandbox.start(port: port, configuration: SandboxConfiguration(apiKey: testKey))
                await second.shutdown()
            }
            await #expect(throws: (any Error).self) {
                let files = try await StaticFileServer.start(root: TestPaths.fixtures, port: port)
                await files.shutdown()
            }
        }
    }

    @Test func unreachableMediaFailsTheOperationWithTheReason() async throws {
        let clock = VirtualClock()
        try await withSandbox(clock: clock) { sandbox async throws in
            let client = makeClient(sandbox.baseURL, clock: clock)
            let request = unreachableMediaRequest
            let id = try await client.createTwin(request)
            let status = try await client.waitForTerminalState(operationID: id, schedule: .resuming(interval: .seconds(1)))
            #expect(status.state == .failed)
            #expect(status.detail?.contains("video: http://127.0.0.1:1/v.mp4 is unreachable") == true)
            #expect(try await client.listTwins().isEmpty)
        }
    }
}
