import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import TwinAPI
import TwinHTTP
import TwinPublish

extension Doctor {
    /// Calls `/supported-languages` once, with no retry: the URL answers and the key works. The key is never shown.
    func checkAPI() async -> DoctorItem {
        let title = "AI Twin API"
        switch api {
        case let .notConfigured(baseURL):
            return DoctorItem(check: "api", title: title, status: .skipped,
                              detail: "\(baseURL.absoluteString): no key set, not checked",
                              fix: "set \(APIKey.environmentVariable) to check the key", required: false)
        case let .unusable(baseURL, reason):
            return DoctorItem(check: "api", title: title, status: .failed, detail: "\(baseURL.absoluteString): \(reason)",
                              fix: "give the key in \(APIKey.environmentVariable) or a file holding only the key")
        case let .configured(baseURL, key, keySource):
            let httpClient = TwinAPIClient.makeHTTPClient(connectTimeout: .seconds(min(10, timeout.seconds)))
            let client = TwinAPIClient(baseURL: baseURL, apiKey: key, httpClient: httpClient,
                                       rateLimiter: RateLimiter(requestsPerMinute: 0), retryPolicy: .none, requestTimeout: timeout)
            let item: DoctorItem
            do {
                let languages = try await client.supportedLanguages()
                item = DoctorItem(check: "api", title: title, status: .ok,
                                  detail: "\(baseURL.absoluteString) accepts the key from \(keySource) (\(languages.count) languages)")
            } catch let error as TwinAPIError where error == .unauthorized {
                item = DoctorItem(check: "api", title: title, status: .failed,
                                  detail: "\(baseURL.absoluteString) refused the key from \(keySource) (HTTP \(error.statusCode ?? 401))",
                                  fix: "check the key in \(keySource): it must be a current Captions API key for this URL")
            } catch let error as TwinAPIError where error == .connectFailed || error == .outcomeUnknown {
                item = DoctorItem(check: "api", title: title, status: .failed,
                                  detail: "\(baseURL.absoluteString) cannot be reached: \(error.message)",
                                  fix: "check the URL (\(TwinAPIClient.baseURLEnvironmentVariable)), the network and any proxy")
            } catch {
                item = DoctorItem(check: "api", title: title, status: .failed, detail: "\(baseURL.absoluteString): \(error)",
                                  fix: "check the URL (\(TwinAPIClient.baseURLEnvironmentVariable)) names the AI Twin API")
            }
            try? await httpClient.shutdown()
            return item
        }
    }

    /// Publishes a small probe picture, fetches its URL in full and compares the bytes, then deletes it.
    func checkPublishing() async -> DoctorItem {
        let title = "Publish target"
        switch publish {
        case .notConfigured:
            return DoctorItem(check: "publish", title: title, status: .skipped, detail: "no target set, not checked",
                              fix: "set the publish target (the [publish] table's `to` in twin.toml) to check it", required: false)
        case let .invalid(reason):
            return DoctorItem(check: "publish", title: title, status: .failed, detail: reason,
                              fix: "correct the publish settings")
        case let .target(target, options, environment):
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-doctor-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let probe = folder.appendingPathComponent("twin-doctor-probe.png")
                let bytes = ProbePicture.bytes(note: "twin doctor probe \(UUID().uuidString)")
                try bytes.write(to: probe)
                let logger = Logger(label: "twin.doctor", factory: { _ in SwiftLogNoOpLogHandler() })
                let publisher = try Publishers.make(target: target, options: options, environment: environment, logger: logger)
                let published: PublishedObject
                do {
                    published = try await HTTPClient.withDeadline(timeout) { try await publisher.publish(probe) }
                } catch {
                    return Self.publishFailure(target, "cannot publish a probe: \(error)", error: error)
                }
                let served = await fetch(published.url)
                let deleted: String?
                do {
                    try await HTTPClient.withDeadline(timeout) { try await publisher.unpublish(published.key) }
                    deleted = nil
                } catch {
                    deleted = "\(error)"
                }
                if served != bytes {
                    return DoctorItem(
                        check: "publish", title: title, status: .failed,
                        detail: "\(target): the probe's URL \(published.displayURL) does not serve it back byte for byte",
                        fix: "make the public base URL point at the same bucket, collection or folder the target writes to")
                }
                if let deleted {
                    return DoctorItem(check: "publish", title: title, status: .failed,
                                      detail: "\(target): published and served, but the probe cannot be deleted: \(deleted)",
                                      fix: "allow deletes for these credentials (unpublishing and clean-up need them)")
                }
                return DoctorItem(check: "publish", title: title, status: .ok,
                                  detail: "\(target): wrote, served back byte-exact and deleted a probe (\(bytes.count) bytes)")
            } catch {
                return Self.publishFailure(target, "\(error)", error: error)
            }
        }
    }

    /// The whole body at `url` (at most 1 MiB), or nil when it cannot be fetched.
    private func fetch(_ url: String) async -> Data? {
        let request = HTTPClientRequest(url: url)
        guard let response = try? await HTTPClient.publishing.exchange(request, timeout: timeout, maxBodyBytes: 1 << 20),
              response.status == 200 else { return nil }
        return Data(response.body.readableBytesView)
    }

    static func publishFailure(_ target: PublishTarget, _ detail: String, error: any Error) -> DoctorItem {
        let code = (error as? PublishError)?.code
        let fix = switch code {
        case PublishError.Code.accessDenied?:
            "give these credentials permission to write and delete under the target (s3:PutObject and s3:DeleteObject"
                + " on S3; PUT, MKCOL and DELETE on WebDAV)"
        case PublishError.Code.missingCredentials?: "set the target's credentials (AWS_* or ~/.aws/credentials for S3;"
            + " TWIN_WEBDAV_USER and TWIN_WEBDAV_PASSWORD for WebDAV)"
        case PublishError.Code.unreachable?: "check the target's host name, port and the network"
        case PublishError.Code.verificationFailed?: "make the URL the API fetches serve the file: a presigned URL, or a"
            + " public base URL that serves the target's objects"
        default: "check the publish settings and that the target accepts writes"
        }
        return DoctorItem(check: "publish", title: "Publish target", status: .failed, detail: "\(target): \(detail)", fix: fix)
    }
}

/// A 1×1 grey PNG carrying a text note: a valid picture unique to each probe, so every probe is a real upload.
enum ProbePicture {
    static func bytes(note: String) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        data += chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])  // 1×1, 8-bit greyscale
        data += chunk("tEXt", Array("Comment".utf8) + [0] + Array(note.utf8))
        data += chunk("IDAT", [0x78, 0x01, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])  // zlib of [0, 0]
        data += chunk("IEND", [])
        return data
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        return bigEndian(UInt32(body.count)) + Data(typed) + bigEndian(crc32(typed))
    }

    static func bigEndian(_ value: UInt32) -> Data { Data([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }) }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
