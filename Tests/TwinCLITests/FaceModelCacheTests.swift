import Foundation
import Testing
import TestSupport

/// The face checks keep a flat copy of dlib's landmark model and of its face detector in the user's cache
/// (`$XDG_CACHE_HOME/twin-preflight`): later processes map it instead of decoding 100 MB again. These tests run
/// `twin` as separate processes, since each process loads the model once.
@Suite(.timeLimit(.minutes(5)))
struct FaceModelCacheTests {
    private static let photo = FacePictures.shared.appendingPathComponent("scikit-image/astronaut.png").path

    /// `twin validate --format json` of the astronaut portrait with its cache in `cache`: the faces it reports.
    private func faces(cache: URL) throws -> String {
        let result = try TwinProcess.run(["validate", "--no-voice-check", "--format", "json", Self.photo],
                                         environment: ["XDG_CACHE_HOME": cache.path])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let file = (json?["files"] as? [[String: Any]])?.first
        let faces = try #require(file?["faces"] as? [[String: Any]], "\(result.stdout)\n\(result.stderr)")
        #expect(faces.count == 1)
        return String(decoding: try JSONSerialization.data(withJSONObject: faces, options: .sortedKeys), as: UTF8.self)
    }

    private func cacheFiles(_ cache: URL) throws -> [String: Data] {
        let folder = cache.appendingPathComponent("twin-preflight")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
    }

    /// Each cache file's inode: a rewrite (a new file renamed into place) changes it.
    private func inodes(_ cache: URL) throws -> [String: Int] {
        let folder = cache.appendingPathComponent("twin-preflight")
        return try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: folder.path).map { name in
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return (name, (attributes[.systemFileNumber] as? Int) ?? -1)
        })
    }

    @Test func theFirstRunWritesTheCacheAndLaterRunsFindTheSameFace() async throws {
        try await withTemporaryFolder { cache in
            let first = try faces(cache: cache)
            let files = try cacheFiles(cache)
            #expect(files.keys.contains { $0.hasPrefix("landmarks-") && $0.hasSuffix(".bin") }, "\(files.keys)")
            #expect(files.keys.contains { $0.hasPrefix("frontal-face-detector-") }, "\(files.keys)")
            #expect(!files.keys.contains { $0.hasPrefix(".incoming-") }, "no temporary file is left behind")
            let written = try inodes(cache)
            // Landmarks from the mapped copy are those from dlib's own model file, to the pixel.
            #expect(try faces(cache: cache) == first)
            #expect(try inodes(cache) == written, "a fresh cache is read, not written again")
            #expect(try cacheFiles(cache) == files)
        }
    }

    @Test(arguments: ["flipped", "truncated", "empty", "garbage"])
    func aDamagedCacheIsIgnoredAndRewritten(damage: String) async throws {
        try await withTemporaryFolder { cache in
            let expected = try faces(cache: cache)
            let good = try cacheFiles(cache)
            let folder = cache.appendingPathComponent("twin-preflight")
            for (name, data) in good {
                var bad = data
                switch damage {
                case "flipped": bad[bad.count / 2] ^= 0x40  // the header still matches: only the checksum can tell
                case "truncated": bad = bad.prefix(bad.count - 4096)
                case "empty": bad = Data()
                default: bad = Data(repeating: 0x5A, count: data.count)
                }
                try bad.write(to: folder.appendingPathComponent(name))
            }
            #expect(try faces(cache: cache) == expected)
            #expect(try cacheFiles(cache) == good, "the damaged copies are replaced by good ones")
        }
    }

    @Test func aCacheThatCannotBeWrittenCostsOnlyTime() async throws {
        try await withTemporaryFolder { folder in
            let expected = try faces(cache: folder.appendingPathComponent("writable"))
            // A file where the cache's folder should be: nothing can be written under it.
            let blocked = folder.appendingPathComponent("blocked")
            try Data("not a folder".utf8).write(to: blocked)
            #expect(try faces(cache: blocked) == expected)
        }
    }
}
