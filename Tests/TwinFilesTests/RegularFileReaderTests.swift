import Foundation
import Testing
import TwinFiles

/// Whole-file reads in chunks: every byte once, in order, and nothing that is not a regular file (a FIFO would
/// block the open or the read, a device would never end).
@Suite struct RegularFileReaderTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twin-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func readsEveryByteInOrderInChunks() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let file = folder.appendingPathComponent("data.bin")
        try Data(bytes).write(to: file)
        let reader = try #require(RegularFileReader(path: file.path))
        #expect(reader.stamp.size == 10_000)
        var read: [UInt8] = [], chunks = 0
        #expect(reader.forEachChunk(chunkBytes: 4096) { read.append(contentsOf: $0); chunks += 1 })
        #expect(read == bytes)
        #expect(chunks == 3)
    }

    @Test func aFileCutWhileReadIsAFailedRead() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cut.bin")
        try Data(count: 5000).write(to: file)
        let reader = try #require(RegularFileReader(path: file.path))
        #expect(truncate(file.path, 100) == 0)
        #expect(!reader.forEachChunk(chunkBytes: 1024) { _ in })
    }

    @Test func aFIFOAFolderADeviceAndNothingAreRefusedWithoutBlocking() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.mp4")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(RegularFileReader(path: fifo.path) == nil, "no writer: a blocking open would hang here")
        #expect(RegularFileReader(path: folder.path) == nil)
        #expect(RegularFileReader(path: "/dev/zero") == nil)
        #expect(RegularFileReader(path: folder.appendingPathComponent("missing").path) == nil)
    }

    @Test func theStampChangesWithTheContents() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.bin")
        try Data([1, 2, 3]).write(to: file)
        let before = try #require(RegularFileReader(path: file.path)).stamp
        try Data([1, 2, 3, 4]).write(to: file)
        let after = try #require(RegularFileReader(path: file.path)).stamp
        #expect(before != after)
    }
}
