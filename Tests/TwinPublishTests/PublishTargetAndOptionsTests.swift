import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import Testing
import TestSupport
import TwinSigning
import TwinSettings
@testable import TwinPublish

@Suite struct PublishTargetAndOptionsTests {
    @Test(arguments: [
        ("s3://my-bucket/sessions/2024", PublishTarget.Kind.s3(bucket: "my-bucket", prefix: "sessions/2024")),
        ("s3://my-bucket", .s3(bucket: "my-bucket", prefix: "")),
        ("s3://my-bucket//a//b/", .s3(bucket: "my-bucket", prefix: "a/b")),
        ("webdav+https://dav.example.com/media/", .webDAV(collection: "https://dav.example.com/media")),
        ("webdav+http://127.0.0.1:8080", .webDAV(collection: "http://127.0.0.1:8080")),
        ("file:///srv/www/media", .folder(path: "/srv/www/media")),
    ])
    func parsesTargets(_ text: String, _ kind: PublishTarget.Kind) throws {
        #expect(try PublishTarget(parsing: text).kind == kind)
    }

    @Test(arguments: ["s3://", "s3://UPPER/x", "s3://a/x", "ftp://host/x", "webdav+http://user:pw@host/x", "file://remote/x", "media/", ""])
    func rejectsBadTargets(_ text: String) {
        let error = #expect(throws: PublishError.self) { try PublishTarget(parsing: text) }
        #expect(error?.code == .invalidTarget)
        #expect(error?.description.contains("pw") == false)
    }

    @Test func tomlThenFlags() throws {
        let toml = """
        [media]
        other = 1

        [publish]
        to = "s3://bucket/prefix"
        s3-endpoint = "http://127.0.0.1:9000"
        region = "eu-west-1"
        s3-addressing = "virtual"
        presign = "2h"
        part-size = "8MiB"
        concurrency = 2
        """
        let settings = try PublishSettings(toml: toml)
        #expect(settings.to == "s3://bucket/prefix")
        let options = try PublishOptions(toml: toml, overrides: PublishSettings(region: "us-west-2", presign: "90m"))
        #expect(options.s3Endpoint == "http://127.0.0.1:9000")
        #expect(options.region == "us-west-2")
        #expect(options.addressing == .virtual)
        #expect(options.presignExpiry == .seconds(5400))
        #expect(options.partSize == 8 << 20)
        #expect(options.concurrency == 2)
        #expect(try PublishOptions(toml: "[publish]\npresign = 600").presignExpiry == .seconds(600))
        #expect(try PublishOptions(toml: nil).presignExpiry == .seconds(86_400))
    }

    @Test(arguments: [
        PublishSettings(presign: "8d"), PublishSettings(presign: "soon"), PublishSettings(partSize: "1MiB"),
        PublishSettings(s3Addressing: "sideways"), PublishSettings(publicBaseURL: "ftp://x"), PublishSettings(concurrency: 0),
        PublishSettings(s3Endpoint: "127.0.0.1:9000"),
    ])
    func rejectsBadOptions(_ settings: PublishSettings) {
        let error = #expect(throws: PublishError.self) { try PublishOptions(settings: settings) }
        #expect(error?.code == .invalidOption)
    }

    @Test func badTomlIsAnOptionError() {
        #expect(throws: PublishError.self) { try PublishSettings(toml: "[publish\nto=") }
        #expect(throws: PublishError.self) { try PublishSettings(toml: "[publish]\nconcurrency = \"many\"") }
    }

    @Test(arguments: [
        ("https://b.s3.amazonaws.com/k.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F2015"
            + "&X-Amz-Signature=abcdef&X-Amz-Security-Token=TOK",
         "https://b.s3.amazonaws.com/k.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=<redacted>"
            + "&X-Amz-Signature=<redacted>&X-Amz-Security-Token=<redacted>"),
        ("http://user:secret@host/x", "http://<redacted>@host/x"),
        ("http://host/a@b", "http://host/a@b"),
    ])
    func redactsURLs(_ url: String, _ expected: String) {
        #expect(URLRedaction.redact(url) == expected)
    }

    @Test func credentialsFromEnvironmentThenProfiles() throws {
        let home = try LaunchedServer.makeTemporaryFolder(prefix: "twin-home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret

        [work]
        aws_access_key_id=AKIDWORK
        aws_secret_access_key=work-secret
        aws_session_token=work-token
        """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try "[profile work]\nregion = eu-central-1\n[default]\nregion = ap-south-1\n"
            .write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)

        let env = ["HOME": home.path, "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
                   "AWS_SESSION_TOKEN": "env-token"]
        let fromEnv = try AWSCredentialSources.credentials(environment: env)
        #expect(fromEnv.accessKeyID == "AKIDENV" && fromEnv.sessionToken == "env-token" && fromEnv.isTemporary)
        #expect(try AWSCredentialSources.credentials(environment: ["HOME": home.path]).accessKeyID == "AKIDDEFAULT")
        let work = try AWSCredentialSources.credentials(environment: ["HOME": home.path, "AWS_PROFILE": "work"])
        #expect(work.accessKeyID == "AKIDWORK" && work.sessionToken == "work-token")

        #expect(AWSCredentialSources.region(explicit: nil, environment: ["HOME": home.path, "AWS_PROFILE": "work"]) == "eu-central-1")
        #expect(AWSCredentialSources.region(explicit: nil, environment: ["HOME": home.path]) == "ap-south-1")
        #expect(AWSCredentialSources.region(explicit: nil, environment: ["HOME": home.path,
                                                                         "AWS_DEFAULT_REGION": "sa-east-1"]) == "sa-east-1")
        #expect(AWSCredentialSources.region(explicit: "us-west-1", environment: ["AWS_REGION": "x"]) == "us-west-1")
        #expect(AWSCredentialSources.region(explicit: nil, environment: ["HOME": "/nonexistent"]) == "us-east-1")

        let error = #expect(throws: PublishError.self) {
            try AWSCredentialSources.credentials(environment: ["HOME": home.path, "AWS_PROFILE": "missing"])
        }
        #expect(error?.code == .missingCredentials)
        #expect(error?.description.contains("AWS_ACCESS_KEY_ID") == true)
    }

    @Test(arguments: [
        ("http://127.0.0.1:9000", nil as PublishOptions.Addressing?, "127.0.0.1:9000", "/bucket"),
        ("http://127.0.0.1:9000", .virtual, "bucket.127.0.0.1:9000", ""),
        ("https://s3.eu-west-1.amazonaws.com:443", nil, "s3.eu-west-1.amazonaws.com", "/bucket"),
    ])
    func addressing(_ endpoint: String, _ addressing: PublishOptions.Addressing?, _ host: String, _ basePath: String) throws {
        var options = PublishOptions()
        options.s3Endpoint = endpoint
        options.addressing = addressing
        let publisher = try S3Publisher(bucket: "bucket", prefix: "p", options: options,
                                        environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"],
                                        transport: Transport(client: .shared, options: options, logger: .init(label: "t")))
        #expect(publisher.host == host)
        #expect(publisher.basePath == basePath)
    }

    @Test(arguments: [
        (Int64(1) << 30, Int64(16) << 20, Int64(16) << 20),
        (Int64(500) << 30, Int64(16) << 20, Int64(52) << 20),
        (Int64(5) << 40, Int64(5) << 20, Int64(525) << 20),
    ])
    func partSizeGrowsToStayWithinTenThousandParts(_ size: Int64, _ preferred: Int64, _ expected: Int64) {
        let partSize = S3Publisher.partSize(for: size, preferred: preferred)
        #expect(partSize == expected)
        #expect((size + partSize - 1) / partSize <= 10_000)
    }

    @Test func awsDefaultsToVirtualHostAddressing() throws {
        var options = PublishOptions()
        options.region = "eu-west-1"
        let publisher = try S3Publisher(bucket: "bucket", prefix: "", options: options,
                                        environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"],
                                        transport: Transport(client: .shared, options: options, logger: .init(label: "t")))
        #expect(publisher.host == "bucket.s3.eu-west-1.amazonaws.com")
        #expect(publisher.key(for: "x.mp4") == "x.mp4")
    }

    @Test(arguments: [("a.MP4", "video/mp4"), ("b.mov", "video/quicktime"), ("c.JPG", "image/jpeg"), ("d.png", "image/png")])
    func mediaTypes(_ name: String, _ type: String) throws {
        #expect(try MediaType.of(URL(fileURLWithPath: "/x/\(name)")) == type)
    }

    @Test func aMissingTargetAsksForThePublishTarget() {
        let error = #expect(throws: PublishError.self) { try PublishSettings().target() }
        #expect(error?.code == .invalidTarget)
        #expect(error?.setting == .publishTarget)
        #expect(error?.message.hasPrefix("no target: set a publish target, s3://") == true)
    }

    /// A bucket in another region: S3 says so in its error code, and the error asks for the region setting.
    @Test(arguments: ["AuthorizationHeaderMalformed", "PermanentRedirect"])
    func anotherRegionAsksForTheRegion(code: String) throws {
        var options = PublishOptions()
        options.region = "eu-west-1"
        let publisher = try S3Publisher(bucket: "bucket", prefix: "", options: options,
                                        environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"],
                                        transport: Transport(client: .shared, options: options, logger: .init(label: "t")))
        let body = "<Error><Code>\(code)</Code><Message>the region is wrong</Message></Error>"
        let error = publisher.failure(.init(status: 400, headers: [:], body: body), "PUT", key: "x.mp4")
        #expect(error.setting == .s3Region)
        #expect(error.message.hasSuffix("set the S3 region"), "\(error.message)")
        let refused = publisher.failure(.init(status: 403, headers: [:], body: "<Error><Code>AccessDenied</Code></Error>"), "PUT", key: "x")
        #expect(refused.code == .accessDenied && refused.setting == nil)
    }

    @Test func unsupportedMediaTypeIsRejected() {
        let error = #expect(throws: PublishError.self) { try MediaType.of(URL(fileURLWithPath: "/x/notes.txt")) }
        #expect(error?.code == .unsupportedMediaType)
    }
}
