import Foundation
import Testing
import TestSupport
@testable import TwinPublish

/// The folder publisher copies bytes: a session file that is a link is read through, and neither the link nor
/// what it points at is changed.
@Suite struct FolderLinkTests {
    @Test func aLinkedSourceIsCopiedAsBytesAndItsTargetIsLeftAlone() async throws {
        let file = try MediaFile.make(bytes: 5000)
        defer { MediaFile.remove(file) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let link = file.deletingLastPathComponent().appendingPathComponent("linked.mp4")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        let folder = file.deletingLastPathComponent().appendingPathComponent("served")
        let publisher = try Publishers.make(target: PublishTarget(parsing: "file://\(folder.path)"),
                                            options: quickOptions { $0.publicBaseURL = "http://127.0.0.1:9/m"; $0.verifiesURLs = false })
        let object = try await publisher.publish(link)
        let published = folder.appendingPathComponent(object.key)
        let type = try FileManager.default.attributesOfItem(atPath: published.path)[.type] as? FileAttributeType
        #expect(type == .typeRegular, "a copy, not a link to the session's file")
        #expect(try Data(contentsOf: published) == (try Data(contentsOf: file)))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the source keeps its mode")
        let publishedMode = try FileManager.default.attributesOfItem(atPath: published.path)[.posixPermissions] as? Int
        #expect(publishedMode == 0o644)
    }
}
