import Foundation
import Testing
import TestSupport
import TwinSettings
@testable import TwinPublish

@Suite(.nginx, .hangBackstop)
struct WebDAVAndFolderTests {
    var nginx: NginxWebDAV { NginxScope.current! }
    var credentials: [String: String] { ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": nginx.password] }

    func webDAV(_ path: String, environment: [String: String]? = nil,
                _ change: (inout PublishOptions) -> Void = { _ in }) throws -> any Publisher {
        try Publishers.make(target: PublishTarget(parsing: "webdav+\(nginx.server.baseURL)\(path)"),
                            options: quickOptions(change), environment: environment ?? credentials)
    }

    @Test func putsIntoNewCollectionsAndVerifies() async throws {
        let file = try MediaFile.make(bytes: 70_000)
        defer { MediaFile.remove(file) }
        let path = "/media/\(UUID().uuidString)/deep"
        let object = try await webDAV(path).publish(file)
        #expect(object.url == "\(nginx.server.baseURL)\(path)/\(object.key)")
        let stored = nginx.root.appendingPathComponent(path).appendingPathComponent(object.key)
        #expect(try Data(contentsOf: stored) == (try Data(contentsOf: file)))
        #expect(try await webDAV(path).publish(file).reused == true)
    }

    @Test func largeFilesUploadWhileHashingThenMoveIntoPlace() async throws {
        let file = try MediaFile.make(bytes: 3 << 20)
        defer { MediaFile.remove(file) }
        let path = "/overlap-\(UUID().uuidString)"
        let publisher = try webDAV(path) { $0.overlapThreshold = 1 << 20 }
        let object = try await publisher.publish(file)
        let collection = nginx.root.appendingPathComponent(path)
        #expect(try Data(contentsOf: collection.appendingPathComponent(object.key)) == (try Data(contentsOf: file)))
        #expect(try await publisher.publish(file).reused == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: collection.path).sorted()
        #expect(names == [object.key, object.key + ".sha256"], "no temporary upload is left behind")
    }

    @Test func publicBaseURLReplacesThePutURL() async throws {
        let file = try MediaFile.make(bytes: 1234, ext: "png")
        defer { MediaFile.remove(file) }
        let base = "\(nginx.server.baseURL)/media"
        let object = try await webDAV("/media") { $0.publicBaseURL = base }.publish(file)
        #expect(object.url == "\(base)/\(object.key)")
    }

    @Test func wrongPasswordIsAClearErrorWithoutThePassword() async throws {
        let file = try MediaFile.make(bytes: 1000, ext: "jpg")
        defer { MediaFile.remove(file) }
        let wrong = "not-the-password-\(UUID().uuidString)"
        let publisher = try webDAV("/media", environment: ["TWIN_WEBDAV_USER": nginx.user, "TWIN_WEBDAV_PASSWORD": wrong])
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(file) }
        #expect(error?.code == .accessDenied)
        #expect(error?.status == 401)
        #expect(error?.description.contains(wrong) == false)
        #expect(error?.description.contains("TWIN_WEBDAV_PASSWORD") == true)
    }

    @Test func objectNotPubliclyReadableFailsVerification() async throws {
        let file = try MediaFile.make(bytes: 1000, ext: "png")
        defer { MediaFile.remove(file) }
        let error = await #expect(throws: PublishError.self) { try await webDAV("/private").publish(file) }
        #expect(error?.code == .verificationFailed)
        #expect(error?.status == 403)
        #expect(error?.url?.hasPrefix("\(nginx.server.baseURL)/private/") == true)
    }

    @Test func unpublishDeletesObjectAndRecord() async throws {
        let file = try MediaFile.make(bytes: 999, ext: "png")
        defer { MediaFile.remove(file) }
        let publisher = try webDAV("/media")
        let object = try await publisher.publish(file)
        try await publisher.unpublish(object.url)
        #expect(!FileManager.default.fileExists(atPath: nginx.root.appendingPathComponent("media/\(object.key)").path))
        #expect(!FileManager.default.fileExists(atPath: nginx.root.appendingPathComponent("media/\(object.key).sha256").path))
        try await publisher.unpublish(object.key)
    }

    @Test func folderTargetRenamesIntoPlaceAndVerifiesThroughTheServer() async throws {
        let file = try MediaFile.make(bytes: 200_000, ext: "mov")
        defer { MediaFile.remove(file) }
        let folder = nginx.root.appendingPathComponent("served-\(UUID().uuidString)")
        let target = try PublishTarget(parsing: "file://\(folder.path)")
        let base = "\(nginx.server.baseURL)/\(folder.lastPathComponent)"
        let publisher = try Publishers.make(target: target, options: quickOptions { $0.publicBaseURL = base })
        let object = try await publisher.publish(file)
        #expect(object.contentType == "video/quicktime")
        #expect(try Data(contentsOf: folder.appendingPathComponent(object.key)) == (try Data(contentsOf: file)))
        #expect(try await publisher.publish(file).reused == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty)
        try await publisher.unpublish(object.url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func folderTargetNeedsAPublicBaseURL() async throws {
        let file = try MediaFile.make(bytes: 10, ext: "png")
        defer { MediaFile.remove(file) }
        let publisher = try Publishers.make(target: PublishTarget(parsing: "file:///tmp/x"), options: quickOptions())
        let error = await #expect(throws: PublishError.self) { try await publisher.publish(file) }
        #expect(error?.description.contains("needs a public base URL") == true)
        #expect(error?.description.contains("--") == false, "the library names the setting, the CLI the flag")
        #expect(error?.setting == .publicBaseURL)
    }
}
