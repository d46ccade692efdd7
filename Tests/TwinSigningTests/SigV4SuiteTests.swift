import Foundation
import Testing
import TestSupport
import TwinSigning

/// One case of the AWS SigV4 test suite (`../shared/test-vectors/sigv4/<name>/`).
struct SigV4SuiteCase: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }
    var folder: URL { TestPaths.sharedTestVectors.appendingPathComponent("sigv4").appendingPathComponent(name) }

    static let all: [SigV4SuiteCase] = {
        let root = TestPaths.sharedTestVectors.appendingPathComponent("sigv4")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "LICENSE" }.sorted().map(SigV4SuiteCase.init(name:))
    }()

    func file(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    /// Parses `request.txt`: request line, headers (folded lines joined), body.
    func request() throws -> (request: SigV4Request, body: Data) {
        let text = try file("request.txt")
        let (head, body) = text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        let (path, query) = target.firstIndex(of: "?").map { (String(target[..<$0]),
                                                              String(target[target.index(after: $0)...])) } ?? (target, "")
        var headers: [SigV4Request.Field] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                headers[headers.count - 1].value += "\n" + line
            } else {
                let colon = line.firstIndex(of: ":")!
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let host = headers.first { $0.name.lowercased() == "host" }!.value
        headers.removeAll { $0.name.lowercased() == "host" }
        let items: [SigV4Request.Field] = query.isEmpty ? [] : query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return .init(String(parts[0]).removingPercentEncoding!, parts.count > 1 ? String(parts[1]).removingPercentEncoding! : "")
        }
        return (SigV4Request(method: method, host: host, path: path, query: items, headers: headers), Data(body.utf8))
    }
}

enum SigningMode: String, CaseIterable, Sendable { case header, query }

@Suite struct SigV4SuiteTests {
    @Test func suiteIsPresent() {
        #expect(SigV4SuiteCase.all.count >= 30, "AWS SigV4 suite missing under \(TestPaths.sharedTestVectors.path)")
    }

    @Test(arguments: SigV4SuiteCase.all, SigningMode.allCases)
    func matchesAWSSuite(_ testCase: SigV4SuiteCase, mode: SigningMode) throws {
        let context = try JSONDecoder().decode(SigV4SuiteCase.Context.self, from: Data(try testCase.file("context.json").utf8))
        let (request, body) = try testCase.request()
        let signer = SigV4Signer(
            credentials: .init(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token
            ),
            region: context.region, service: context.service, normalizesPath: context.normalize
        )
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        let omit = context.omit_session_token ?? false
        let payloadHash = SigV4Signer.hexSHA256(body)
        let signature: SigV4Signature
        switch mode {
        case .header:
            signature = signer.signHeaders(request, payloadHash: payloadHash, addsPayloadHashHeader: context.sign_body,
                                           omitsSessionToken: omit, date: date)
        case .query:
            signature = signer.presign(request, expires: context.expiration_in_seconds, payloadHash: payloadHash,
                                       omitsSessionToken: omit, date: date)
        }
        let prefix = mode.rawValue
        #expect(signature.canonicalRequest == (try testCase.file("\(prefix)-canonical-request.txt")))
        #expect(signature.stringToSign == (try testCase.file("\(prefix)-string-to-sign.txt")))
        #expect(signature.signature == (try testCase.file("\(prefix)-signature.txt")))
        let signed = try testCase.file("\(prefix)-signed-request.txt")
        switch mode {
        case .header:
            let authorization = try #require(signature.authorization)
            #expect(signed.contains("Authorization:\(authorization)\n"))
        case .query:
            // The suite orders its query differently; compare the parameters as a set.
            let line = signed.split(separator: "\n")[0]
            let expected = Self.decodedPairs(String(line[line.index(after: line.firstIndex(of: "?")!)...].dropLast(" HTTP/1.1".count)))
            #expect(Self.decodedPairs(signature.encodedQuery) == expected)
        }
    }

    /// Query parameters as a set of decoded pairs: the suite orders them differently and leaves UTF-8 raw.
    static func decodedPairs(_ query: String) -> Set<String> {
        Set(query.split(separator: "&").map { String($0).removingPercentEncoding ?? String($0) })
    }

    @Test func credentialsAndSignaturesRedactInDescriptions() {
        let credentials = SigV4Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                           sessionToken: "TOKEN123")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
        let signature = signer.presign(.init(method: "GET", host: "h", path: "/k"), expires: 60, date: Date(timeIntervalSince1970: 0))
        for text in [credentials.description, signer.description, signature.description, String(describing: signer)] {
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("TOKEN123"))
            #expect(!text.contains(signature.signature))
        }
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"), (951_782_400, "20000229T000000Z"), (1_440_938_160, "20150830T123600Z"),
        (4_107_542_399, "21000228T235959Z"), (-1, "19691231T235959Z"),
    ])
    func timestampsAreUTC(_ seconds: Double, _ expected: String) {
        let signer = SigV4Signer(credentials: .init(accessKeyID: "A", secretAccessKey: "S"), region: "r")
        let signature = signer.signHeaders(.init(method: "GET", host: "h", path: "/"), payloadHash: SigV4Signer.emptyPayloadHash,
                                           date: Date(timeIntervalSince1970: seconds))
        #expect(signature.headers.first { $0.name == "x-amz-date" }?.value == expected)
    }
}
