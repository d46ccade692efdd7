import Foundation
import NIOCore
import TestSupport
import Testing
@testable import TwinAPI

/// Servers that answer to hurt the client: redirects that would carry the key away, numbers no integer holds.
@Suite(.hangBackstop)
struct HostileServerTests {
    static func answer(_ status: String, headers: String = "", body: String = "") -> String {
        "HTTP/1.1 \(status)\r\n\(headers)Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    @Test(arguments: ["301 Moved Permanently", "302 Found", "307 Temporary Redirect", "308 Permanent Redirect"])
    func redirectsToAnotherOriginAreNotFollowed(status: String) async throws {
        let elsewhere = try await RawServer(.reply(Self.answer("200 OK", body: #"{"twins": [], "operationId": "op-1"}"#)))
        let redirecting = try await RawServer(.reply(Self.answer(status, headers: "Location: \(elsewhere.baseURL)/steal?x=1\r\n")))
        let client = makeClient(redirecting.baseURL, clock: VirtualClock(), retry: .none)
        let error = await #expect(throws: TwinAPIError.unexpectedStatus) { try await client.listTwins() }
        #expect(error?.description.contains("redirect to \(elsewhere.baseURL.absoluteString)") == true)
        #expect(error?.description.contains("steal") == false, "only the origin is shown")
        await #expect(throws: TwinAPIError.unexpectedStatus) {
            try await client.createTwin(MisbehavingServerTests.request)
        }
        #expect(elsewhere.requests == 0, "neither the key nor the /create body may reach another origin")
        await redirecting.shutdown()
        await elsewhere.shutdown()
    }

    @Test(arguments: [
        #"{"detail": 1e20}"#,
        #"{"detail": -9.3e18}"#,
        #"{"detail": 18446744073709551616, "message": 1e308}"#,
    ])
    func hugeNumbersInAnAnswerAreText(body: String) async throws {
        let server = try await RawServer(.reply(Self.answer("400 Bad Request", body: body)))
        let client = makeClient(server.baseURL, clock: VirtualClock(), retry: .none)
        let error = await #expect(throws: TwinAPIError.badRequest) { try await client.listTwins() }
        #expect(error?.detail?.contains("e+") == true, "the number is kept as a floating-point text: \(error?.detail ?? "nil")")
        await server.shutdown()
    }

    @Test func hugeNumbersInAStatusAnswerDoNotTrap() async throws {
        let body = #"{"state": 1e300, "progress": 1e300, "detail": 9.3e18}"#
        let server = try await RawServer(.reply(Self.answer("200 OK", body: body)))
        let client = makeClient(server.baseURL, clock: VirtualClock(), retry: .none)
        await #expect(throws: TwinAPIError.malformedResponse) { try await client.status(operationID: "op-1") }
        await server.shutdown()
    }
}

/// The key echoed back cut short, escaped or inside a long body never shows in an error.
@Suite(.hangBackstop)
struct EchoedKeyTests {
    static let keyPrefix = String(testKeyText.prefix(APIKey.shortestRedactedPrefix))

    @Test(arguments: [
        String(repeating: "x", count: 190) + " " + testKeyText,
        String(repeating: "x", count: 195) + " " + testKeyText,  // the preview keeps 4 characters: only redacting first hides them
        #"["sk\u002dtest\u002dSECRET-0123456789abcdef"]"#,
        #"["sk-test-SECRET-0123\/456789abcdef"]"#,
        String(repeating: "y", count: 5000) + testKeyText,
    ])
    func anEchoedKeyIsRedactedFromTheDetail(body: String) async throws {
        let server = try await RawServer(.reply(HostileServerTests.answer("400 Bad Request", body: body)))
        let client = makeClient(server.baseURL, clock: VirtualClock(), retry: .none)
        let error = await #expect(throws: TwinAPIError.badRequest) { try await client.listTwins() }
        let shown = "\(error.map { String(describing: $0) } ?? "") \(error?.detail ?? "")"
        #expect(!shown.contains(Self.keyPrefix), "\(shown)")
        #expect(!shown.contains("0123456789abcdef"))
        #expect(!shown.contains(" " + testKeyText.prefix(4)), "no start of the key, however short: \(shown)")
        await server.shutdown()
    }

    @Test(arguments: [
        (testKeyText, "<redacted>"),
        ("a " + String(testKeyText.prefix(12)) + "…", "a <redacted>…"),
        ("sk-test-SE", "<redacted>"),
        ("sk-test", "sk-test"),
        (#"sk-test-SECRET-0123456789abcdef\u0022"#, #"<redacted>\u0022"#),
        ("nothing secret", "nothing secret"),
    ])
    func redactionCoversPrefixesAndEscapes(text: String, expected: String) {
        #expect(testKey.redact(text) == expected)
    }
}

/// A server that sends a head and then stalls the body is given up on at the request's deadline.
@Suite(.hangBackstop)
struct StalledBodyTests {
    @Test func aBodyStalledAfterTheHeadEndsAtTheDeadline() async throws {
        let server = try await RawServer(.replyAndStall("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"twins\": ["))
        let client = makeClient(server.baseURL, clock: VirtualClock(), retry: .none, requestTimeout: .milliseconds(500))
        let error = await #expect(throws: TwinAPIError.outcomeUnknown) { try await client.listTwins() }
        #expect(error?.description.contains("no complete answer") == true, "\(error.map { String(describing: $0) } ?? "")")
        await server.shutdown()
    }

    @Test func aStalledCreateIsSentOnceAndLeftUnknown() async throws {
        let server = try await RawServer(.replyAndStall("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"))
        let client = makeClient(server.baseURL, clock: VirtualClock(), requestTimeout: .milliseconds(500))
        let error = await #expect(throws: TwinAPIError.outcomeUnknown) { try await client.createTwin(MisbehavingServerTests.request) }
        #expect(error?.isOutcomeUnknown == true)
        #expect(server.requests == 1)
        await server.shutdown()
    }
}

/// Which transport errors prove that a request never went out, so that even `/create` may be sent again blindly:
/// only a connect that failed. ENETUNREACH and EHOSTUNREACH also arrive (by ICMP) on a connection that already
/// carried the request, so they prove nothing and go through reconciliation.
@Suite struct NeverSentTests {
    @Test(arguments: [(ECONNREFUSED, true), (EADDRNOTAVAIL, true), (ENETUNREACH, false), (EHOSTUNREACH, false), (ECONNRESET, false)])
    func onlyAFailedConnectProvesNothingWasSent(errno: Int32, neverSent: Bool) {
        #expect(TwinAPIClient.neverSent(IOError(errnoCode: errno, reason: "write")) == neverSent)
    }
}
