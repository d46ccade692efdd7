import Foundation
import Testing
import TestSupport
@testable import TwinPublish

/// Fault cases against a small server the test scripts (500s, 429s, dropped connections, 403s).
@Suite(.hangBackstop)
struct FaultTests {
    func withFaulty(_ body: (FaultyHTTPServer) async throws -> Void) async throws {
        let server = try await FaultyHTTPServer.launch()
        defer { server.server.stop() }
        try await body(server)
    }

    func webDAV(_ server: FaultyHTTPServer, _ change: (inout PublishOptions) -> Void = { _ in }) throws -> any Publisher {
        try Publishers.make(target: PublishTarget(parsing: "webdav+\(server.baseURL)/media"), options: quickOptions(change),
                            environment: ["TWIN_WEBDAV_USER": "u", "TWIN_WEBDAV_PASSWORD": "p"])
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: [["500"], ["429"], ["drop"], ["503", "500"]])
    func transientFailuresAreRetried(_ steps: [String]) async throws {
        try await withFaulty { server in
            try server.script("PUT", steps)
            let file = try MediaFile.make(bytes: 50_000)
            defer { MediaFile.remove(file) }
            let object = try await webDAV(server).publish(file)
            #expect(object.reused == false)
            let puts = try server.requests().filter { $0 == "PUT /media/\(object.key)" }
            #expect(puts.count == steps.count + 1)
        }
    }

    @Test func retriesWaitTheBackoffOnTheInjectedClock() async throws {
        try await withFaulty { server in
            try server.script("PUT", ["503", "drop", "500"])
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let clock = VirtualClock()
            let publisher = try Publishers.make(
                target: PublishTarget(parsing: "webdav+\(server.baseURL)/media"),
                options: quickOptions { $0.maxAttempts = 4; $0.retryBaseDelay = .seconds(2) },
                environment: ["TWIN_WEBDAV_USER": "u", "TWIN_WEBDAV_PASSWORD": "p"], clock: clock
            )
            _ = try await publisher.publish(file)
            // 2 s, 4 s, 8 s, each with up to half taken off: waited on the clock, not in real time.
            let waits = clock.sleeps
            #expect(waits.count == 3)
            for (wait, base) in zip(waits, [2, 4, 8]) {
                #expect(wait > .seconds(base) / 2 && wait <= .seconds(base), "\(wait) for a base of \(base) s")
            }
        }
    }

    @Test func serverWithoutMoveGetsADirectPut() async throws {
        try await withFaulty { server in
            let file = try MediaFile.make(bytes: 2 << 20)
            defer { MediaFile.remove(file) }
            let object = try await webDAV(server) { $0.overlapThreshold = 1 << 20 }.publish(file)
            let log = try server.requests()
            #expect(log.contains { $0.hasPrefix("MOVE /media/.incoming-") })
            #expect(log.contains("PUT /media/\(object.key)"))
            #expect(log.contains { $0.hasPrefix("DELETE /media/.incoming-") })
            #expect(try await download(object.url).body == (try Data(contentsOf: file)))
        }
    }

    @Test func failedPutLeavesNothingUnderTheFinalName() async throws {
        try await withFaulty { server in
            try server.script("PUT", ["drop", "drop", "drop"])
            let file = try MediaFile.make(bytes: 200_000)
            defer { MediaFile.remove(file) }
            await #expect(throws: PublishError.self) { try await webDAV(server).publish(file) }
            let log = try server.requests()
            let put = try #require(log.first { $0.hasPrefix("PUT /media/") })
            #expect(log.last == "DELETE" + put.dropFirst(3), "a failed upload is deleted from its final name")
        }
    }

    @Test func persistentServerErrorsStopAfterMaxAttempts() async throws {
        try await withFaulty { server in
            try server.script("PUT", Array(repeating: "500", count: 10))
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let error = await #expect(throws: PublishError.self) { try await webDAV(server) { $0.maxAttempts = 3 }.publish(file) }
            #expect(error?.code == .httpStatus)
            #expect(error?.status == 500)
            #expect(try server.requests().filter { $0.hasPrefix("PUT ") }.count == 3)
        }
    }

    @Test func wrongCredentialsAreNotRetried() async throws {
        try await withFaulty { server in
            try server.script("PUT", Array(repeating: "401", count: 10))
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let error = await #expect(throws: PublishError.self) { try await webDAV(server).publish(file) }
            #expect(error?.code == .accessDenied)
            #expect(try server.requests().filter { $0.hasPrefix("PUT ") }.count == 1)
        }
    }

    @Test func s3WrongCredentialsAreOneRequestNotAStorm() async throws {
        try await withFaulty { server in
            try server.script("PUT", Array(repeating: "403", count: 10))
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let secret = "s3cr3t-\(UUID().uuidString)"
            let publisher = try Publishers.make(
                target: PublishTarget(parsing: "s3://bucket/p"), options: quickOptions { $0.s3Endpoint = server.baseURL },
                environment: ["AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": secret])
            let error = await #expect(throws: PublishError.self) { try await publisher.publish(file) }
            #expect(error?.code == .accessDenied)
            #expect(error?.description.contains(secret) == false)
            #expect(try server.requests().filter { $0.hasPrefix("PUT ") }.count == 1)
        }
    }

    /// Row 14: a server echoing the session token in a body the 200-character preview cuts leaks no part of it.
    @Test func echoedSessionTokenCutByThePreviewIsRedacted() async throws {
        try await withFaulty { server in
            try server.script("PUT", ["echo-token"])
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let token = "FwoGZXIvYXdzE" + String(repeating: "Tok3n", count: 60)
            let publisher = try Publishers.make(
                target: PublishTarget(parsing: "s3://bucket/p"), options: quickOptions { $0.s3Endpoint = server.baseURL },
                environment: ["AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": token])
            let error = await #expect(throws: PublishError.self) { try await publisher.publish(file) }
            let text = try #require(error?.description)
            #expect(text.contains("eeee<redacted>"), "the preview reached the token: \(text)")
            #expect(!text.contains(token.prefix(8)), "no 8 leading characters of the token: \(text)")
        }
    }

    @Test func failedMultipartUploadIsAborted() async throws {
        try await withFaulty { server in
            try server.script("PUT", ["400"])
            let file = try MediaFile.make(bytes: (10 << 20) + 1)
            defer { MediaFile.remove(file) }
            let publisher = try Publishers.make(
                target: PublishTarget(parsing: "s3://bucket/p"),
                options: quickOptions { $0.s3Endpoint = server.baseURL; $0.partSize = 5 << 20; $0.concurrency = 1 },
                environment: ["AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "x"])
            await #expect(throws: PublishError.self) { try await publisher.publish(file) }
            let log = try server.requests()
            #expect(log.contains { $0.hasPrefix("POST /bucket/p/") && $0.hasSuffix("?uploads=") })
            #expect(log.contains { $0.hasPrefix("DELETE /bucket/p/") && $0.contains("uploadId=") })
            #expect(!log.contains { $0.hasPrefix("POST ") && $0.contains("uploadId=") }) // never completed
        }
    }

    /// Row 6: a redirect never takes a publisher's request (its credentials, its body) to another origin.
    @Test func aRedirectToAnotherOriginIsNotFollowed() async throws {
        try await withFaulty { elsewhere in
            try await withFaulty { server in
                try server.script("*", Array(repeating: "redirect:\(elsewhere.baseURL)/steal", count: 10))
                let file = try MediaFile.make(bytes: 1000)
                defer { MediaFile.remove(file) }
                let published = try? await webDAV(server).publish(file)
                #expect(published == nil, "a 307 is not an upload")
                #expect(try server.requests().count >= 1)
                let reached = try elsewhere.requests()
                #expect(reached.isEmpty, "nothing reached the other origin: \(reached)")
            }
        }
    }

    @Test func anAnswerOverTheCapIsNotSentAgain() async throws {
        try await withFaulty { server in
            try server.script("PUT", ["huge", "huge", "huge"])
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let error = await #expect(throws: PublishError.self) { try await webDAV(server).publish(file) }
            #expect(error?.code == .httpStatus)
            #expect(error?.description.contains("not sent again") == true)
            #expect(try server.requests().filter { $0.hasPrefix("PUT ") && !$0.contains(".sha256") }.count == 1)
        }
    }

    @Test func aBodyStalledAfterTheHeadEndsAtTheDeadline() async throws {
        try await withFaulty { server in
            try server.script("GET", ["stall"])
            let file = try MediaFile.make(bytes: 1000)
            defer { MediaFile.remove(file) }
            let error = await #expect(throws: PublishError.self) {
                try await webDAV(server) { $0.requestTimeout = .seconds(1) }.publish(file)
            }
            #expect(error?.code == .verificationFailed)
            #expect(error?.description.contains("no complete answer") == true)
        }
    }

    @Test func unreachableHostIsAClearError() async throws {
        let port = try FreePort.pick() // nobody listens there
        let publisher = try Publishers.make(target: PublishTarget(parsing: "webdav+http://127.0.0.1:\(port)/media"),
                                            options: quickOptions { $0.maxAttempts = 2 })
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(try MediaFile.make(bytes: 10, ext: "png")) }
        #expect(error?.code == .unreachable)
        #expect(error?.url?.contains("127.0.0.1:\(port)") == true)
    }
}
