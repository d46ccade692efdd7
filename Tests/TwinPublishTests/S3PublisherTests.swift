import Crypto
import Foundation
import Testing
import TestSupport
import TwinSigning
@testable import TwinPublish

private func environment(_ moto: MotoS3, secret: String? = nil, token: String? = nil) -> [String: String] {
    var env = ["AWS_ACCESS_KEY_ID": moto.accessKeyID, "AWS_SECRET_ACCESS_KEY": secret ?? moto.secretAccessKey, "HOME": "/nonexistent"]
    if let token { env["AWS_SESSION_TOKEN"] = token }
    return env
}

private func s3Publisher(_ moto: MotoS3, prefix: String = "sessions", secret: String? = nil, token: String? = nil,
                         logger: LogCapture? = nil, _ change: (inout PublishOptions) -> Void = { _ in }) throws -> any Publisher {
    let options = quickOptions { $0.s3Endpoint = moto.endpoint; change(&$0) }
    let target = try PublishTarget(parsing: "s3://\(moto.bucket)/\(prefix)")
    if let logger {
        return try Publishers.make(target: target, options: options, environment: environment(moto, secret: secret, token: token),
                                   logger: logger.logger)
    }
    return try Publishers.make(target: target, options: options, environment: environment(moto, secret: secret, token: token))
}

/// moto with SigV4 enforced: it proves the signatures are accepted, and that a wrong secret is not.
@Suite(.motoWithAuth, .hangBackstop)
struct S3SignatureEnforcementTests {
    var moto: MotoS3 { MotoScope.current! }

    @Test func rightSecretIsAccepted() async throws {
        let file = try MediaFile.make(bytes: 40_000, ext: "png")
        defer { MediaFile.remove(file) }
        let publisher = try s3Publisher(moto) { $0.verifiesURLs = false } // moto answers 500 to presigned GETs with auth on
        let object = try await publisher.publish(file)
        #expect(object.key.hasPrefix("sessions/") && object.key.hasSuffix(".png"))
        #expect(object.reused == false)
        // The existence check (a signed HEAD) now finds it.
        #expect(try await publisher.publish(file).reused == true)
        try await publisher.unpublish(object.key)
    }

    @Test func temporaryCredentialsSignWithTheirSessionToken() async throws {
        let temporary = try #require(moto.temporaryCredentials)
        let file = try MediaFile.make(bytes: 2000, ext: "png")
        defer { MediaFile.remove(file) }
        let target = try PublishTarget(parsing: "s3://\(moto.bucket)/temporary")
        let options = quickOptions { $0.s3Endpoint = moto.endpoint; $0.verifiesURLs = false }
        var env = ["AWS_ACCESS_KEY_ID": temporary.accessKeyID, "AWS_SECRET_ACCESS_KEY": temporary.secretAccessKey,
                   "AWS_SESSION_TOKEN": temporary.sessionToken, "HOME": "/nonexistent"]
        let log = LogCapture()
        let object = try await Publishers.make(target: target, options: options, environment: env, logger: log.logger).publish(file)
        #expect(object.reused == false)
        #expect(log.messages.contains { $0.contains("temporary credentials") })
        env["AWS_SESSION_TOKEN"] = "not-the-session-token"
        let error = await #expect(throws: PublishError.self) {
            try await Publishers.make(target: target, options: options, environment: env).publish(try MediaFile.make(bytes: 10, ext: "png"))
        }
        #expect(error?.code == .accessDenied, "\(String(describing: error))")
        #expect(error?.description.contains(temporary.secretAccessKey) == false)
    }

    @Test func wrongSecretIsRejectedWithoutLeakingIt() async throws {
        let file = try MediaFile.make(bytes: 1000, ext: "jpg")
        defer { MediaFile.remove(file) }
        let wrong = "WRONG-secret-\(UUID().uuidString)"
        let publisher = try s3Publisher(moto, secret: wrong) { $0.verifiesURLs = false }
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(file) }
        #expect(error?.code == .accessDenied)
        #expect(error?.description.contains("SignatureDoesNotMatch") == true)
        #expect(error?.description.contains(wrong) == false)
        #expect(error?.description.contains(moto.secretAccessKey) == false)
    }
}

/// moto without auth: the plumbing (presigned round trip, multipart, skip-if-present, public URLs).
@Suite(.motoWithoutAuth, .hangBackstop)
struct S3PublisherTests {
    var moto: MotoS3 { MotoScope.current! }

    @Test func presignedGetRoundTrip() async throws {
        let file = try MediaFile.make(bytes: 100_000)
        defer { MediaFile.remove(file) }
        let object = try await s3Publisher(moto).publish(file)
        #expect(object.url.contains("X-Amz-Signature="))
        #expect(!object.displayURL.contains(object.url.components(separatedBy: "X-Amz-Signature=")[1]))
        #expect(object.displayURL.contains("X-Amz-Signature=<redacted>"))
        #expect(object.contentType == "video/mp4")
        #expect(object.expiresAt.map { abs($0.timeIntervalSinceNow - 86_400) < 60 } == true)
        let (status, body) = try await download(object.url)
        #expect(status == 200)
        #expect(body == (try Data(contentsOf: file)))
        #expect(object.sha256 == SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined())
    }

    @Test func publishingTwiceIsANoOp() async throws {
        let file = try MediaFile.make(bytes: 5000, ext: "mov")
        defer { MediaFile.remove(file) }
        let publisher = try s3Publisher(moto, prefix: "skip")
        let first = try await publisher.publish(file)
        let second = try await publisher.publish(file)
        #expect(first.reused == false)
        #expect(second.reused == true)
        #expect(first.key == second.key)
        #expect(second.contentType == "video/quicktime")
    }

    @Test func multipartUploadsPartsConcurrently() async throws {
        let file = try MediaFile.make(bytes: (11 << 20) + 123)
        defer { MediaFile.remove(file) }
        let capture = ProgressLog()
        let publisher = try s3Publisher(moto, prefix: "multi") {
            $0.partSize = 5 << 20
            $0.concurrency = 3
            $0.progress = { capture.record($0) }
        }
        let object = try await publisher.publish(file)
        #expect(object.size == (11 << 20) + 123)
        #expect(capture.last == object.size)
        let (status, body) = try await download(object.url)
        #expect(status == 200)
        #expect(body == (try Data(contentsOf: file)))
        #expect(try await publisher.publish(file).reused == true)
    }

    @Test func publicURLsUnderTheBaseURL() async throws {
        let file = try MediaFile.make(bytes: 3000, ext: "jpeg")
        defer { MediaFile.remove(file) }
        let base = "\(moto.endpoint)/\(moto.bucket)"
        let object = try await s3Publisher(moto, prefix: "public") { $0.publicBaseURL = base }.publish(file)
        #expect(object.url == "\(base)/\(object.key)")
        #expect(object.expiresAt == nil)
        #expect(object.contentType == "image/jpeg")
    }

    @Test func privateObjectBehindAPublicBaseURLFailsVerification() async throws {
        let file = try MediaFile.make(bytes: 3000, ext: "png")
        defer { MediaFile.remove(file) }
        let publisher = try s3Publisher(moto, prefix: "private") { $0.publicBaseURL = "\(moto.endpoint)/\(moto.bucket)" }
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(file) }
        #expect(error?.code == .verificationFailed)
        #expect(error?.status == 403)
        #expect(error?.description.contains("not publicly readable") == true)
    }

    @Test func unpublishRemovesTheObject() async throws {
        let file = try MediaFile.make(bytes: 2000, ext: "png")
        defer { MediaFile.remove(file) }
        let publisher = try s3Publisher(moto, prefix: "gone")
        let object = try await publisher.publish(file)
        try await publisher.unpublish(object.url)
        #expect(try await download(object.url).status == 404)
        try await publisher.unpublish(object.key) // already gone: fine
        await #expect(throws: PublishError.self) { try await publisher.unpublish("../etc/passwd") }
    }

    @Test func temporaryCredentialsWarnThatPresignedURLsMayDieEarly() async throws {
        let file = try MediaFile.make(bytes: 1000, ext: "png")
        defer { MediaFile.remove(file) }
        let log = LogCapture()
        let token = "SESSION-token-\(UUID().uuidString)"
        let object = try await s3Publisher(moto, prefix: "temp", token: token, logger: log).publish(file)
        #expect(log.messages.contains { $0.hasPrefix("warning") && $0.contains("temporary credentials") })
        #expect(!log.messages.joined().contains(token))
        #expect(object.url.contains("X-Amz-Security-Token="))
        #expect(!object.displayURL.contains(token))
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var sent: Int64 = 0
    func record(_ progress: PublishProgress) { lock.lock(); sent = max(sent, progress.bytesSent); lock.unlock() }
    var last: Int64 { lock.lock(); defer { lock.unlock() }; return sent }
}
