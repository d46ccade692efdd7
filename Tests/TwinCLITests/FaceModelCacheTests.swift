import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The face checks keep a flat copy of dlib's landmark model and of its face detector in the user's cache
/// (`$XDG_CACHE_HOME/twin-preflight`): later processes map it instead of decoding 100 MB again. These tests run
/// `twin` as separate processes, since each process loads the model once.
@Suite(.hangBackstop)
struct FaceModelCacheTests {
    private static let photo = FacePictures.shared.appendingPathComponent("scikit-image/astronaut.png").path

    /// `twin validate --format json` of the astronaut portrait with its cache in `cache`: the faces it reports.
    private func faces(cache: URL) async throws -> String {
        let result = try await TwinProcess.run(["validate", "--no-voice-check", "--format", "json", Self.photo],
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

    @Test(.tags(.slow), .fullRunOnly) func theFirstRunWritesTheCacheAndLaterRunsFindTheSameFace() async throws {
        try await withTemporaryFolder { cache in
            let first = try await faces(cache: cache)
            let files = try cacheFiles(cache)
            #expect(files.keys.contains { $0.hasPrefix("landmarks-") && $0.hasSuffix(".bin") }, "\(files.keys)")
            #expect(files.keys.contains { $0.hasPrefix("frontal-face-detector-") }, "\(files.keys)")
            #expect(!files.keys.contains { $0.hasPrefix(".incoming-") }, "no temporary file is left behind")
            let written = try inodes(cache)
            // Landmarks from the mapped copy are those from dlib's own model file, to the pixel.
            #expect(try await faces(cache: cache) == first)
            #expect(try inodes(cache) == written, "a fresh cache is read, not written again")
            #expect(try cacheFiles(cache) == files)
        }
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: ["flipped", "truncated", "empty", "garbage"])
    func aDamagedCacheIsIgnoredAndRewritten(damage: String) async throws {
        try await withTemporaryFolder { cache in
            let expected = try await faces(cache: cache)
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
            #expect(try await faces(cache: cache) == expected)
            #expect(try cacheFiles(cache) == good, "the damaged copies are replaced by good ones")
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func aCacheThatCannotBeWrittenCostsOnlyTime() async throws {
        try await withTemporaryFolder { folder in
            let expected = try await faces(cache: folder.appendingPathComponent("writable"))
            // A file where the cache's folder should be: nothing can be written under it.
            let blocked = folder.appendingPathComponent("blocked")
            try Data("not a folder".utf8).write(to: blocked)
            #expect(try await faces(cache: blocked) == expected)
        }
    }

    // MARK: Hostile caches (issue 18, rows 3-8)

    private static func cacheFolder(_ cache: URL) -> URL { cache.appendingPathComponent("twin-preflight") }

    private static func landmarksFile(_ cache: URL) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: cacheFolder(cache).path)
        let name = try #require(names.first { $0.hasPrefix("landmarks-") }, "\(names)")
        return cacheFolder(cache).appendingPathComponent(name)
    }

    /// The cache's checksum (landmark_model.cpp's `checksum`), so a test can forge a cache file that passes it.
    private static func checksum(_ bytes: Data) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            var index = 0
            while index + 8 <= raw.count {
                let mixed = hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                hash = (mixed << 29 | mixed >> 35) &* 0xBF58_476D_1CE4_E5B9
                index += 8
            }
            while index < raw.count {
                hash = (hash ^ UInt64(raw[index])) &* 0x1_0000_0001_B3
                index += 1
            }
            return hash ^ (hash >> 31)
        }
    }

    /// A forged model: the mean shape (the first floats after the 64-byte header) stretched about its centre and every
    /// leaf zeroed, so the fit is that stretched mean shape; then a checksum that matches.
    private static func forge(_ file: URL) throws {
        var data = try Data(contentsOf: file)
        func field(_ offset: Int) -> Int { Int(data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }) }
        let (cascades, trees, splits, features, values) = (field(40), field(44), field(48), field(52), field(56))
        for index in 0..<values {
            let offset = 64 + index * 4
            let value = 0.5 + (data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Float.self) } - 0.5) * 1.4
            withUnsafeBytes(of: value) { data.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        let leaves = 64 + values * 4 + cascades * features * 12 + cascades * trees * splits * 12
        data.replaceSubrange(leaves..<data.count, with: Data(count: data.count - leaves))
        let sum = checksum(data.subdata(in: 64..<data.count))
        withUnsafeBytes(of: sum.littleEndian) { data.replaceSubrange(32..<40, with: $0) }
        try data.write(to: file)
    }

    @Test(.tags(.slow), .fullRunOnly) func aFIFOAtACacheFileNameIsPassedOverNotWaitedOn() async throws {
        try await withTemporaryFolder { cache in
            let expected = try await faces(cache: cache)
            for name in try cacheFiles(cache).keys {
                let path = Self.cacheFolder(cache).appendingPathComponent(name).path
                try FileManager.default.removeItem(atPath: path)
                try #require(mkfifo(path, 0o600) == 0)
            }
            let run = try RunningTwin(["validate", "--no-voice-check", "--format", "json", Self.photo],
                                      environment: ["XDG_CACHE_HOME": cache.path], log: cache.appendingPathComponent("log"))
            let ended = await run.exited.wait(within: .seconds(60))
            await run.kill()
            #expect(ended, "twin waited for a writer on the FIFO: \(run.output)")
            #expect(try await faces(cache: cache) == expected)
        }
    }

    /// A cache file that another user could have written is a forged model waiting to be used: the folder or the
    /// file writable by group or others, or owned by someone else (as root, the test can chown to nobody).
    @Test(.tags(.slow), .fullRunOnly, arguments: ["folder-0777", "file-0666", "folder-owner", "file-owner"])
    func aCacheOthersCanWriteIsNotBelieved(weakness: String) async throws {
        guard !weakness.hasSuffix("owner") || geteuid() == 0 else { return }  // only root can give a file away
        try await withTemporaryFolder { cache in
            let expected = try await faces(cache: cache)
            let file = try Self.landmarksFile(cache)
            try Self.forge(file)
            #expect(try await faces(cache: cache) != expected, "the forged model, in a cache trusted as it is, moves the landmarks")
            let folder = Self.cacheFolder(cache).path
            switch weakness {
            case "folder-0777": #expect(chmod(folder, 0o777) == 0)
            case "file-0666": #expect(chmod(file.path, 0o666) == 0)
            case "folder-owner": #expect(chown(folder, 65534, 65534) == 0)
            default: #expect(chown(file.path, 65534, 65534) == 0)
            }
            #expect(try await faces(cache: cache) == expected, "\(weakness): the cache is ignored, the model read from dlib's file")
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func aSparseGiantCacheFileIsRefusedBeforeItIsRead() async throws {
        try await withTemporaryFolder { cache in
            let expected = try await faces(cache: cache)
            let file = try Self.landmarksFile(cache)
            // The valid header stays; the file grows to 1 GB of holes, which a checksum over it would read page by page.
            try #require(truncate(file.path, 1 << 30) == 0)
            let measured = try PythonScript.run("""
                import resource, subprocess, sys
                result = subprocess.run(sys.argv[1:], capture_output=True)
                print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
                """, arguments: ["env", "XDG_CACHE_HOME=\(cache.path)", TwinProcess.executable.path, "validate", "--no-voice-check",
                                 "--format", "json", Self.photo])
            let fields = String(decoding: measured, as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            try #require(fields.count == 2)
            #expect([0, 1].contains(fields[0]))
            #expect(fields[1] < 700, "peak RSS \(fields[1]) MB: the sparse file was read")
            #expect(try await faces(cache: cache) == expected)
        }
    }

    @Test func staleTemporaryFilesOfAKilledWriteAreSwept() async throws {
        try await withTemporaryFolder { cache in
            _ = try await faces(cache: cache)
            let folder = Self.cacheFolder(cache)
            let stale = folder.appendingPathComponent(".incoming-Ab3dE9"), fresh = folder.appendingPathComponent(".incoming-Zx81qQ")
            let other = folder.appendingPathComponent(".incoming-not-ours")
            for file in [stale, fresh, other] { try Data(repeating: 1, count: 4096).write(to: file) }
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: stale.path)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: other.path)
            _ = try await faces(cache: cache)
            #expect(!FileManager.default.fileExists(atPath: stale.path), "older than a minute: a killed write's leftover")
            #expect(FileManager.default.fileExists(atPath: fresh.path), "a write that may still be running is left alone")
            #expect(FileManager.default.fileExists(atPath: other.path), "not a name of ours")
        }
    }

    /// Another process truncates or rewrites the cache file while `twin` uses the model it read from it: the bytes
    /// `twin` holds are its own, so neither a SIGBUS (truncation under a mapping) nor indices past the model
    /// (new bytes showing through a mapping) can follow. Many copies of the photo keep `twin` fitting landmarks after
    /// the damage; the damage comes once the model is mapped (seen in /proc) or, when it is read instead, after 2 s.
    @Test(.tags(.slow), .fullRunOnly, arguments: ["truncate", "rewrite"])
    func aCacheFileDamagedWhileInUseChangesNothing(damage: String) async throws {
        try await withTemporaryFolder { cache in
            _ = try await faces(cache: cache)
            let file = try Self.landmarksFile(cache)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
            let copies = Array(repeating: Self.photo, count: 120)
            let run = try RunningTwin(["validate", "--no-voice-check", "--format", "json"] + copies,
                                      environment: ["XDG_CACHE_HOME": cache.path], log: cache.appendingPathComponent("log"))
            let start = ContinuousClock.now
            while ContinuousClock.now - start < .seconds(2), !run.exited.isOpen {
                let maps = (try? String(contentsOfFile: "/proc/\(run.process.processIdentifier)/maps", encoding: .utf8)) ?? ""
                if maps.contains(file.lastPathComponent) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(!run.exited.isOpen, "twin was still fitting when the cache file was damaged")
            let handle = try FileHandle(forUpdating: file)
            if damage == "truncate" {
                try handle.truncate(atOffset: 4096)
            } else {
                try handle.seek(toOffset: 64)
                try handle.write(contentsOf: Data(repeating: 0xFF, count: size - 64))
            }
            try handle.close()
            let ended = await run.exited.wait(within: .seconds(240))
            await run.kill()
            #expect(ended)
            #expect(run.process.terminationReason == .exit && [0, 1].contains(run.process.terminationStatus),
                    "\(damage): twin died of signal \(run.process.terminationStatus)")
            let json = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            let files = try #require(json?["files"] as? [[String: Any]], "\(run.output)")
            #expect(files.count == copies.count)
            #expect(files.allSatisfy { ($0["faces"] as? [Any])?.count == 1 }, "the face is found in every copy")
        }
    }
}
