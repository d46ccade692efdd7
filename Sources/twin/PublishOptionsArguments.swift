import ArgumentParser
import Foundation
import TwinFiles
import TwinPipeline
import TwinPublish

/// The publishing flags, shared by `publish`, `unpublish`, `submit` and `batch` through `@OptionGroup`.
///
/// Flags override the `[publish]` table of `twin.toml`; secrets only come from the environment
/// or credential files.
struct PublishOptionsArguments: ParsableArguments {
    @Option(help: ArgumentHelp("twin.toml to read the [publish] table from (default ./twin.toml when present).", valueName: "path"))
    var config: String?

    @Option(name: .customLong("to"), help: ArgumentHelp(
        "Where to publish: s3://BUCKET/PREFIX, webdav+https://HOST/PATH, webdav+http://HOST/PATH or file:///PATH.",
        valueName: "target"))
    var to: String?

    @Option(name: .customLong("s3-endpoint"), help: ArgumentHelp(
        "S3-compatible endpoint (R2, MinIO, B2, Wasabi, GCS, moto); default AWS.", valueName: "url"))
    var s3Endpoint: String?

    @Option(name: .customLong("region"), help: ArgumentHelp(
        "S3 region; default AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1.", valueName: "region"))
    var region: String?

    @Option(name: .customLong("s3-addressing"), help: ArgumentHelp(
        "S3 addressing: path or virtual; default path with --s3-endpoint, virtual on AWS.", valueName: "style"))
    var s3Addressing: String?

    @Option(name: .customLong("presign"), help: ArgumentHelp(
        "Hand out presigned GET URLs valid this long (e.g. 90m, 24h, 7d); the default, for 24h.", valueName: "duration"))
    var presign: String?

    @Option(name: .customLong("public-base-url"), help: ArgumentHelp(
        "Hand out public URLs under this base: the public URL of the bucket, WebDAV collection or folder.", valueName: "url"))
    var publicBaseURL: String?

    @Option(name: .customLong("part-size"), help: ArgumentHelp(
        "S3 multipart part size (at least 5MiB; default 16MiB); larger files upload in parts.", valueName: "size"))
    var partSize: String?

    @Option(name: .customLong("upload-concurrency"), help: ArgumentHelp(
        "How many S3 parts upload at once (default 4).", valueName: "n"))
    var concurrency: Int?

    @Flag(name: .customLong("no-verify"),
          help: "Skip the ranged GET that proves each URL serves the file (only for hosts this machine cannot reach).")
    var noVerify = false

    func validate() throws {
        if presign != nil, publicBaseURL != nil {
            throw ValidationError("--presign and --public-base-url exclude each other: a URL is either presigned or public")
        }
        do {
            _ = try PublishOptions(settings: settings)
            if let to { _ = try PublishTarget(parsing: to) }
        } catch let error as PublishError {
            throw ValidationError(error.message)
        }
    }

    /// The flags as settings (unset flags are nil, so `twin.toml` values show through).
    var settings: PublishSettings {
        PublishSettings(to: to, s3Endpoint: s3Endpoint, region: region, s3Addressing: s3Addressing, presign: presign,
                        publicBaseURL: publicBaseURL, partSize: partSize, concurrency: concurrency,
                        verify: noVerify ? false : nil)
    }

    /// Target and options from a `twin.toml` text (may be nil) overridden by these flags.
    ///
    /// A `--presign` flag drops a `public-base-url` from the file, and the reverse, so the flag wins.
    func resolve(toml: String?) throws -> (target: PublishTarget, options: PublishOptions) {
        var file = try toml.map(PublishSettings.init(toml:)) ?? PublishSettings()
        if presign != nil { file.publicBaseURL = nil }
        if publicBaseURL != nil { file.presign = nil }
        let merged = file.overriding(with: settings)
        return (try merged.target(), try PublishOptions(settings: merged))
    }

    /// Reads `path`, or `twin.toml` in `directory` when no path is given and it exists.
    ///
    /// A default `twin.toml` that is a session's manifest (run from inside a session folder someone sent) is not
    /// read: its `[publish]` table could point an endpoint at another host and receive signed requests and media.
    /// Only the user's own `--config` file and flags say where credentials go.
    static func loadConfig(
        _ path: String?, in directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        note: (String) -> Void = { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) }
    ) throws -> String? {
        let url = path.map { URL(fileURLWithPath: $0, relativeTo: directory) } ?? directory.appendingPathComponent("twin.toml")
        guard path != nil || FileManager.default.fileExists(atPath: url.path) else { return nil }
        let text: String
        do {
            text = try BoundedFile.readText(url, limit: 1 << 20)
        } catch {
            throw ValidationError("cannot read the configuration: \(error)")
        }
        if path == nil, SessionManifest.describesSession(text) {
            note("\(url.path) is a session's manifest: its [publish] table is ignored; pass your own --config FILE or flags")
            return nil
        }
        return text
    }
}
