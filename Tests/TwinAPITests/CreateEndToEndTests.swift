import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinAPI
import TwinSandbox

/// `/create` end to end: media served over HTTP by `StaticFileServer`, downloaded and validated by
/// the sandbox, followed by the client until COMPLETE or FAILED.
@Suite(.hangBackstop)
struct CreateEndToEndTests {
    static let demoPhotos = ["neutral.jpg", "aah.jpg", "ooh.jpg", "pursed.jpg", "teeth.jpg"]

    /// Serves `fixtures/`, runs a sandbox on a shared virtual clock, and hands over a client.
    func withFixtures(
        extraKeys: [APIKey] = [],
        configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (TwinAPIClient, RunningFileServer, RunningSandbox, VirtualClock) async throws -> Void
    ) async throws {
        let files = try await StaticFileServer.start(root: TestPaths.fixtures)
        let clock = VirtualClock()
        do {
            try await withSandbox(clock: clock, extraKeys: extraKeys, configure: configure) { sandbox async throws in
                try await body(makeClient(sandbox.baseURL, clock: clock), files, sandbox, clock)
            }
        } catch {
            await files.shutdown()
            throw error
        }
        await files.shutdown()
    }

    func request(_ files: RunningFileServer, name: String, video: String, photos: [String]) -> CreateTwinRequest {
        CreateTwinRequest(
            name: name, videoUrl: files.url(forRelativePath: video), language: "English",
            calibrationImageUrls: photos.map { files.url(forRelativePath: $0) }
        )
    }

    func demo(_ files: RunningFileServer, name: String = "demo") -> CreateTwinRequest {
        request(files, name: name, video: "sessions/demo/video.mp4", photos: Self.demoPhotos.map { "sessions/demo/\($0)" })
    }

    @Test(.tags(.slow), .fullRunOnly) func demoSessionCompletesAndCanBeDeleted() async throws {
        try await withFixtures { client, files, sandbox, clock in
            _ = try await client.supportedLanguages()
            let id = try await client.createTwin(demo(files))
            let final = try await client.waitForTerminalState(operationID: id, schedule: .documented)
            #expect(final == OperationStatus(state: .complete, progress: 100), "\(final.detail ?? "")")
            #expect(clock.elapsed >= .seconds(120), "a creation takes 120 s of sandbox time")
            #expect(try await client.listTwins() == ["twin-1-demo"])

            let second = try await client.createTwin(demo(files, name: "sam"))
            _ = try await client.waitForTerminalState(operationID: second, schedule: .documented)
            #expect(try await client.listTwins() == ["twin-1-demo", "twin-2-sam"])

            try await client.deleteTwin(name: "twin-1-demo")
            #expect(try await client.listTwins() == ["twin-2-sam"])
            await #expect(throws: TwinAPIError.notFound) { try await client.deleteTwin(name: "twin-1-demo") }
            #expect(await sandbox.stats().operationsCreatedByName == ["demo": 1, "sam": 1])
        }
    }

    @Test func progressRisesThroughTheStates() async throws {
        try await withFixtures { client, files, _, _ in
            let id = try await client.createTwin(demo(files))
            let seen = StatusLog()
            _ = try await client.waitForTerminalState(operationID: id, schedule: .resuming(interval: .seconds(10))) {
                await seen.add($0)
            }
            let statuses = await seen.statuses
            #expect(statuses.first?.state == .queued)
            #expect(statuses.contains { $0.state == .processing && $0.progress > 0 && $0.progress < 100 })
            #expect(statuses.last == OperationStatus(state: .complete, progress: 100))
            let progress = statuses.map(\.progress)
            #expect(progress == progress.sorted(), "progress never goes back")
        }
    }

    @Test func twinsAreNumberedPerKey() async throws {
        let otherKey = try APIKey("sk-other-key")
        try await withFixtures(extraKeys: [otherKey]) { client, files, sandbox, clock in
            let other = makeClient(sandbox.baseURL, key: otherKey, clock: clock)
            let first = try await client.createTwin(demo(files, name: "a"))
            let second = try await other.createTwin(demo(files, name: "b"))
            _ = try await client.waitForTerminalState(operationID: first, schedule: .documented)
            _ = try await other.waitForTerminalState(operationID: second, schedule: .documented)
            #expect(try await client.listTwins() == ["twin-1-a"])
            #expect(try await other.listTwins() == ["twin-1-b"])
            await #expect(throws: TwinAPIError.notFound) { try await other.status(operationID: first) }
        }
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: [
        ("video/landscape.mp4", ["sessions/demo/neutral.jpg"], "video", "not-vertical"),
        ("video/no-audio.mp4", ["sessions/demo/neutral.jpg"], "video", "no-audio"),
        ("sessions/demo/video.mp4", ["sessions/demo/neutral.jpg", "image/truncated.jpg"], "calibration image 2", "corrupt"),
        ("sessions/demo/video.mp4", ["image/corrupt-crc.png"], "calibration image 1", "corrupt"),
        ("sessions/demo/video.mp4", ["sessions/demo/neutral.jpg", "image/vertical.jpg"], "calibration image 2", "no-face"),
        ("sessions/demo/video.mp4", ["sessions/demo/missing.jpg"], "calibration image 1", "answered HTTP 404"),
        ("sessions/demo/neutral.jpg", ["sessions/demo/neutral.jpg"], "video", "not a video"),
        // The voice check: another text than the sandbox's English script, music, silence.
        ("voice/slt-other-clean.mp4", ["sessions/demo/neutral.jpg"], "video", "script-mismatch"),
        ("voice/music.mp4", ["sessions/demo/neutral.jpg"], "video", "no-speech"),
        ("voice/silent.mp4", ["sessions/demo/neutral.jpg"], "video", "silent-audio"),
    ])
    func invalidMediaFailsWithTheReason(video: String, photos: [String], role: String, reason: String) async throws {
        try await withFixtures { client, files, _, _ in
            let id = try await client.createTwin(request(files, name: "bad", video: video, photos: photos))
            let final = try await client.waitForTerminalState(operationID: id, schedule: .documented)
            #expect(final.state == .failed)
            let detail = final.detail ?? ""
            #expect(detail.hasPrefix(role), "\(detail)")
            #expect(detail.contains(reason), "\(detail)")
            #expect(try await client.listTwins().isEmpty)
        }
    }
}

extension CreateEndToEndTests {
    @Test func downloadsAreCappedInSize() async throws {
        try await withFixtures(configure: { $0.maxImageBytes = 1000 }) { client, files, _, _ in
            let id = try await client.createTwin(demo(files))
            let final = try await client.waitForTerminalState(operationID: id, schedule: .documented)
            #expect(final.state == .failed)
            #expect(final.detail?.hasPrefix("calibration image 1: ") == true)
            #expect(final.detail?.contains("more than the 1000 bytes allowed") == true, "\(final.detail ?? "")")
        }
    }

    @Test func redirectsAreFollowedButBounded() async throws {
        try await withFixtures(configure: { $0.maxRedirects = 3 }) { client, files, _, _ in
            let router = Router()
            let target = files.url(forRelativePath: "sessions/demo/video.mp4").absoluteString
            router.get("moved/video.mp4") { _, _ in Response(status: .found, headers: [.location: target]) }
            router.get("loop/:n") { _, context in
                let next = (Int(context.parameters.get("n") ?? "0") ?? 0) + 1
                return Response(status: .found, headers: [.location: "/loop/\(next)"])
            }
            try await withRouter(router) { url async throws in
                var moved = demo(files)
                moved.videoUrl = url.appendingPathComponent("moved/video.mp4")
                let ok = try await client.createTwin(moved)
                let okFinal = try await client.waitForTerminalState(operationID: ok, schedule: .documented)
                #expect(okFinal.state == .complete, "\(okFinal.detail ?? "")")

                var looping = demo(files)
                looping.videoUrl = url.appendingPathComponent("loop/0")
                let loop = try await client.createTwin(looping)
                let loopFinal = try await client.waitForTerminalState(operationID: loop, schedule: .documented)
                #expect(loopFinal.state == .failed)
                #expect(loopFinal.detail?.contains("unreachable") == true, "\(loopFinal.detail ?? "")")
            }
        }
    }
}

actor StatusLog {
    var statuses: [OperationStatus] = []
    func add(_ status: OperationStatus) { statuses.append(status) }
}
