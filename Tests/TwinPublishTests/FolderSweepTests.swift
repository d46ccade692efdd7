import Foundation
import Testing
import TestSupport
@testable import TwinPublish

/// A run killed while the folder publisher copies leaves `.<name>.partial-<tag>` files: the publisher records
/// their names before writing them, and `sweep` removes exactly those, never the published object.
@Suite struct FolderSweepTests {
    @Test func theRecordedTemporaryNamesAreSweptAndTheObjectIsKept() async throws {
        let file = try MediaFile.make(bytes: 5000)
        defer { MediaFile.remove(file) }
        let folder = file.deletingLastPathComponent().appendingPathComponent("served-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let publisher = try Publishers.make(target: PublishTarget(parsing: "file://\(folder.path)"),
                                            options: quickOptions { $0.publicBaseURL = "http://127.0.0.1:9/m"; $0.verifiesURLs = false })
        let recorded = IntentLog()
        let object = try await publisher.publish(file, recordingIntent: { await recorded.add($0) })
        let intent = try #require(await recorded.intents.last)
        #expect(intent.key == object.key)
        let temporary = try #require(intent.temporary)
        #expect(temporary.hasPrefix(".\(object.key).partial-"))
        #expect(publisher.intentTarget.contains(folder.path))

        // What a kill during the copy and the record would have left, under the recorded names.
        let tag = String(temporary.dropFirst(".\(object.key).partial-".count))
        let leftovers = [temporary, ".\(object.key).sha256.partial-\(tag)"].map { folder.appendingPathComponent($0) }
        for leftover in leftovers { try Data("partial".utf8).write(to: leftover) }
        let stranger = folder.appendingPathComponent(".\(object.key).partial-someone-else")
        try Data("another run's copy".utf8).write(to: stranger)

        #expect(try await publisher.sweep(intent) == 2)
        for leftover in leftovers { #expect(!FileManager.default.fileExists(atPath: leftover.path)) }
        #expect(FileManager.default.fileExists(atPath: stranger.path), "only the recorded names are swept")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(object.key).path), "the object stays")
        #expect(try await publisher.sweep(intent) == 0, "sweeping twice is fine")
    }

    @Test func anIntentNamingAnotherPathIsIgnored() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("served-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outside = folder.deletingLastPathComponent().appendingPathComponent("keep-\(UUID().uuidString)")
        try Data("x".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        let publisher = try Publishers.make(target: PublishTarget(parsing: "file://\(folder.path)"),
                                            options: quickOptions { $0.publicBaseURL = "http://127.0.0.1:9/m" })
        let hostile = UploadIntent(key: "k.mp4", temporary: ".k.mp4.partial-/../../\(outside.lastPathComponent)")
        #expect(try await publisher.sweep(hostile) == 0)
        #expect(FileManager.default.fileExists(atPath: outside.path))
    }
}

private actor IntentLog {
    var intents: [UploadIntent] = []
    func add(_ intent: UploadIntent) { intents.append(intent) }
}
