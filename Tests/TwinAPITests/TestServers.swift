import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import TestSupport
import TwinAPI
import TwinSandbox

/// The key the tests use; it must never show up in any output.
let testKeyText = "sk-test-SECRET-0123456789abcdef"
let testKey = try! APIKey(testKeyText)

/// A creation whose media cannot be downloaded (nothing listens on port 1).
let unreachableMediaRequest = CreateTwinRequest(
    name: "sam", videoUrl: URL(string: "http://127.0.0.1:1/v.mp4")!,
    calibrationImageUrls: [URL(string: "http://127.0.0.1:1/1.jpg")!]
)

/// A client for `baseURL` with a virtual clock, no client-side limit and quick retries.
func makeClient(
    _ baseURL: URL, key: APIKey = testKey, clock: VirtualClock, httpClient: HTTPClient = TwinAPIClient.sharedHTTPClient,
    retry: RetryPolicy = RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), jitter: 0),
    rate: Int = 0, requestTimeout: Duration = .seconds(10), logger: Logger = TwinAPIClient.silentLogger
) -> TwinAPIClient {
    TwinAPIClient(
        baseURL: baseURL, apiKey: key, httpClient: httpClient,
        rateLimiter: RateLimiter(requestsPerMinute: rate, clock: clock), retryPolicy: retry, clock: clock,
        requestTimeout: requestTimeout, logger: logger
    )
}

/// Runs `body` with a sandbox on a free loopback port, sharing `clock`.
func withSandbox<T>(
    clock: VirtualClock, timeScale: Double = 1, rateLimit: Int = 0, extraKeys: [APIKey] = [], logger: Logger? = nil,
    configure: (inout SandboxConfiguration) -> Void = { _ in },
    _ body: (RunningSandbox) async throws -> T
) async throws -> T {
    var configuration = SandboxConfiguration(apiKey: testKey, timeScale: timeScale, rateLimit: rateLimit, clock: clock)
    configuration.apiKeys += extraKeys
    if let logger { configuration.logger = logger }
    configure(&configuration)
    let sandbox = try await Sandbox.start(configuration: configuration)
    do {
        let result = try await body(sandbox)
        await sandbox.shutdown()
        return result
    } catch {
        await sandbox.shutdown()
        throw error
    }
}

/// Runs `body` with a Hummingbird router served on a free loopback port.
func withRouter<T: Sendable>(_ router: Router<BasicRequestContext>, _ body: @Sendable (URL) async throws -> T) async throws -> T {
    let app = Application(router: router)
    let box = ResultBox<T>()
    try await app.test(.live) { client in
        box.value = try await body(URL(string: "http://127.0.0.1:\(client.port!)")!)
    }
    return box.value!
}

final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Counts calls, safely from any task.
actor Counter {
    private(set) var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}

/// A TCP server that misbehaves on purpose: it reads a request, then drops the connection or
/// answers fixed bytes. It counts the requests it saw.
final class RawServer: Sendable {
    enum Behaviour: Sendable {
        /// Reads the request and never answers.
        case silent
        case drop
        case reply(String)
        /// Sends these bytes (a head and part of a body), then neither more nor a close.
        case replyAndStall(String)
    }

    let port: Int
    private let channel: any Channel
    private let seen: LockedBox<Int>

    var requests: Int { seen.value }
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    init(_ behaviour: Behaviour) async throws {
        let seen = LockedBox(0)
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(behaviour: behaviour, seen: seen))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        port = channel.localAddress!.port!
        self.seen = seen
    }

    func shutdown() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let behaviour: Behaviour
        let seen: LockedBox<Int>
        let answered = LockedBox(false)

        init(behaviour: Behaviour, seen: LockedBox<Int>) {
            self.behaviour = behaviour
            self.seen = seen
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let first = answered.withLockedValue { answered in
                defer { answered = true }
                return !answered
            }
            guard first else { return }
            seen.withLockedValue { $0 += 1 }
            switch behaviour {
            case .silent:
                break
            case .drop:
                context.close(promise: nil)
            case .reply(let text):
                let channel = context.channel
                channel.writeAndFlush(channel.allocator.buffer(string: text)).whenComplete { _ in channel.close(promise: nil) }
            case .replyAndStall(let text):
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
            }
        }
    }
}

/// Sends a raw POST (bypassing the client's checks) and returns status and body.
func rawPost(_ url: URL, key: String?, body: String) async throws -> (status: Int, body: String) {
    var request = HTTPClientRequest(url: url.absoluteString)
    request.method = .POST
    if let key { request.headers.add(name: "x-api-key", value: key) }
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: bytes))
}

/// A value behind a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func withLockedValue<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&stored) } }
}
