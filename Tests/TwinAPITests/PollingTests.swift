import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import TwinAPI

@Suite(.hangBackstop)
struct PollingTests {
    /// A `/status` that walks QUEUED → PROCESSING (as a fraction, then percent) → COMPLETE, one step per call.
    static func scriptedRouter(_ answers: [String], calls: Counter) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("status") { _, _ -> Response in
            let call = await calls.next()
            let answer = answers[min(call, answers.count) - 1]
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        return router
    }

    static let walk = [
        #"{"state": "QUEUED", "progress": 0}"#,
        #"{"state": "PROCESSING", "progress": 0.5}"#,
        #"{"state": "PROCESSING", "progress": 80}"#,
        #"{"state": "COMPLETE", "progress": 100}"#,
    ]

    actor Updates {
        var seen: [OperationStatus] = []
        func add(_ status: OperationStatus) { seen.append(status) }
    }

    @Test func followsTheDocumentedSchedule() async throws {
        let calls = Counter()
        try await withRouter(Self.scriptedRouter(Self.walk, calls: calls)) { url async throws in
            let clock = VirtualClock()
            let client = makeClient(url, clock: clock)
            let updates = Updates()
            let final = try await client.waitForTerminalState(operationID: "op1", schedule: .documented) {
                await updates.add($0)
            }
            #expect(final.state == .complete)
            #expect(clock.sleeps == [.seconds(30), .seconds(5), .seconds(5), .seconds(5)])
            #expect(await updates.seen.map(\.progress) == [0, 50, 80, 100])
            #expect(await updates.seen.map(\.state) == [.queued, .processing, .processing, .complete])
        }
    }

    @Test func fractionalSecondsAndResuming() async throws {
        let calls = Counter()
        try await withRouter(Self.scriptedRouter(Self.walk, calls: calls)) { url async throws in
            let clock = VirtualClock()
            let client = makeClient(url, clock: clock)
            _ = try await client.waitForTerminalState(operationID: "op1", schedule: .resuming(interval: .milliseconds(2500)))
            #expect(clock.sleeps == [.milliseconds(2500), .milliseconds(2500), .milliseconds(2500)])
        }
    }

    @Test func stopsAtTheTimeoutWithTheOperationID() async throws {
        let calls = Counter()
        try await withRouter(Self.scriptedRouter([#"{"state": "PROCESSING", "progress": 10}"#], calls: calls)) { url async throws in
            let clock = VirtualClock()
            let client = makeClient(url, clock: clock)
            let error = await #expect(throws: TwinAPIError.pollingTimedOut) {
                try await client.waitForTerminalState(operationID: "op7", schedule: .documented, timeout: .seconds(42))
            }
            #expect(error?.operationID == "op7")
            #expect(error?.operationID == "op7")
            #expect(error?.description.contains("--") == false, "the library names no command-line flag")
            #expect(clock.elapsed == .seconds(42))
            #expect(await calls.value == 3, "checks at 30, 35 and 40 s")
        }
    }

    @Test func failedIsReturnedNotThrown() async throws {
        let calls = Counter()
        let answers = [#"{"state": "FAILED", "progress": 0, "detail": "video: not-vertical"}"#]
        try await withRouter(Self.scriptedRouter(answers, calls: calls)) { url async throws in
            let client = makeClient(url, clock: VirtualClock())
            let final = try await client.waitForTerminalState(operationID: "op1", schedule: .resuming())
            #expect(final == OperationStatus(state: .failed, progress: 0, detail: "video: not-vertical"))
        }
    }
}
