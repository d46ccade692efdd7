import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Logging
import Testing
import TestSupport
@testable import TwinPublish

/// Starts one server around a whole suite and stops it when the suite ends.
struct NginxScope: SuiteTrait, TestScoping {
    @TaskLocal static var current: NginxWebDAV?
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let nginx = try await NginxWebDAV.launch()
        defer { nginx.server.stop() }
        try await Self.$current.withValue(nginx) { try await function() }
    }
}

struct MotoScope: SuiteTrait, TestScoping {
    let enforcesSignatures: Bool
    @TaskLocal static var current: MotoS3?
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let moto = try await MotoS3.launch(enforcesSignatures: enforcesSignatures)
        defer { moto.server.stop() }
        try await Self.$current.withValue(moto) { try await function() }
    }
}

extension Trait where Self == NginxScope {
    static var nginx: Self { NginxScope() }
}

extension Trait where Self == MotoScope {
    static var motoWithAuth: Self { MotoScope(enforcesSignatures: true) }
    static var motoWithoutAuth: Self { MotoScope(enforcesSignatures: false) }
}

/// Random bytes under a media extension (the publishers only look at the extension).
enum MediaFile {
    static func make(bytes: Int, ext: String = "mp4") throws -> URL {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-media")
        let url = folder.appendingPathComponent("sample.\(ext)")
        var generator = SystemRandomNumberGenerator()
        var data = Data(capacity: bytes)
        while data.count < bytes {
            var word = generator.next() as UInt64
            withUnsafeBytes(of: &word) { data.append(contentsOf: $0.prefix(bytes - data.count)) }
        }
        try data.write(to: url)
        return url
    }

    /// Deletes a file made by ``make(bytes:ext:)`` and its folder.
    static func remove(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }
}

/// Options that fail fast in tests.
func quickOptions(_ change: (inout PublishOptions) -> Void = { _ in }) -> PublishOptions {
    var options = PublishOptions()
    options.retryBaseDelay = .milliseconds(10)
    options.maxAttempts = 3
    options.requestTimeout = .seconds(10)
    change(&options)
    return options
}

/// GETs a URL in full (test-side check of what the API would download).
func download(_ url: String) async throws -> (status: Int, body: Data) {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 64 << 20)
    return (Int(response.status.code), Data(body.readableBytesView))
}
