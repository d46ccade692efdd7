import Foundation
import TwinSettings
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies files into a folder a web server already serves (`file:///PATH` + `--public-base-url`).
///
/// Each file is written to a temporary name in the same folder and renamed into place, so a
/// reader never sees a partial file. A `<name>.sha256` record next to it makes republishing a no-op.
struct FolderPublisher: Publisher {
    let folder: URL
    /// Required to publish (unpublishing works without it).
    let publicBaseURL: String?
    let transport: Transport

    init(folder: String, options: PublishOptions, transport: Transport) {
        self.folder = URL(fileURLWithPath: folder, isDirectory: true)
        self.publicBaseURL = options.publicBaseURL
        self.transport = transport
    }

    func plan(_ file: URL) async throws -> PublishPlan {
        let address = try ContentAddress.of(file)
        return PublishPlan(localPath: file.path, key: address.name, destination: folder.appendingPathComponent(address.name).path,
                           sha256: address.digest.sha256, size: address.digest.size, contentType: address.contentType)
    }

    func publish(_ file: URL) async throws -> PublishedObject {
        try await publish(file, recordingIntent: { _ in })
    }

    /// Records the temporary names (`.<name>.partial-<tag>`, and the `.sha256` record's) before writing them, so a
    /// run killed mid-copy leaves nothing ``sweep(_:)`` cannot find.
    func publish(_ file: URL, recordingIntent recordIntent: @Sendable (UploadIntent) async throws -> Void) async throws -> PublishedObject {
        guard publicBaseURL != nil else { throw missingPublicBaseURL }
        let address = try ContentAddress.of(file)
        let final = folder.appendingPathComponent(address.name)
        let record = folder.appendingPathComponent(address.name + ".sha256")
        let reused = Self.isPresent(final, record: record, digest: address.digest)
        if !reused {
            let tag = UUID().uuidString
            try await recordIntent(UploadIntent(key: address.name, temporary: Self.temporaryName(of: address.name, tag: tag)))
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Self.atomicCopy(from: file, to: final, tag: tag)
                try Self.atomicWrite(Data("\(address.digest.sha256)  \(address.name)\n".utf8), to: record, tag: tag)
            } catch let error as PublishError {
                throw error
            } catch {
                throw PublishError(.writeFailed, "cannot write \(final.path): \(FileDigest.reason(error)); check that the folder exists "
                    + "and is writable")
            }
        }
        return try await transport.finish(address, key: address.name, url: try fetchURL(forKey: address.name), reused: reused)
    }

    func fetchURL(forKey key: String) throws -> String {
        guard let publicBaseURL else { throw missingPublicBaseURL }
        return publicBaseURL.appendingURLPath(encodePath(key))
    }

    private var missingPublicBaseURL: PublishError {
        PublishError(.invalidOption, "a file:// target needs \(setting: .publicBaseURL): the http(s) URL at which a web server "
            + "serves \(folder.path)", setting: .publicBaseURL)
    }

    func unpublish(_ keyOrURL: String) async throws {
        let name = try ContentAddress.requireName(in: keyOrURL)
        for url in [folder.appendingPathComponent(name), folder.appendingPathComponent(name + ".sha256")] {
            do {
                try FileManager.default.removeItem(at: url)
            } catch CocoaError.fileNoSuchFile {
                continue
            } catch {
                if FileManager.default.fileExists(atPath: url.path) {
                    throw PublishError(.writeFailed, "cannot remove \(url.path): \(FileDigest.reason(error))")
                }
            }
        }
    }

    static func isPresent(_ final: URL, record: URL, digest: FileDigest) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: final.path),
              (attributes[.size] as? NSNumber)?.int64Value == digest.size,
              let stored = try? String(contentsOf: record, encoding: .utf8) else { return false }
        return stored.hasPrefix(digest.sha256)
    }

    /// The temporary name a copy to `name` is written under before it is renamed into place.
    static func temporaryName(of name: String, tag: String) -> String { ".\(name).partial-\(tag)" }

    /// Copies the bytes of `source` (a link is read through, never copied as a link) into a new world-readable
    /// `.<name>.partial-<tag>` beside `final`, then renames it over `final`. Only that new file's mode is set:
    /// the source and whatever a link points at are never changed.
    static func atomicCopy(from source: URL, to final: URL, tag: String = UUID().uuidString) throws {
        let temporary = final.deletingLastPathComponent().appendingPathComponent(temporaryName(of: final.lastPathComponent, tag: tag))
        do {
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            let output = try createNewFile(temporary)
            defer { try? output.close() }
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
            try moveAtomically(temporary, final)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Creates `url` as a new regular file, mode 0644 whatever the umask; fails if anything (a link included) is there.
    private static func createNewFile(_ url: URL) throws -> FileHandle {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PublishError(.writeFailed, "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        guard fchmod(descriptor, 0o644) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw PublishError(.writeFailed, "cannot make \(url.path) readable: \(reason)")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    static func atomicWrite(_ data: Data, to final: URL, tag: String = UUID().uuidString) throws {
        let temporary = final.deletingLastPathComponent().appendingPathComponent(temporaryName(of: final.lastPathComponent, tag: tag))
        do {
            let output = try createNewFile(temporary)
            defer { try? output.close() }
            try output.write(contentsOf: data)
            try moveAtomically(temporary, final)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private static func moveAtomically(_ from: URL, _ to: URL) throws {
        guard rename(from.path, to.path) == 0 else {
            throw PublishError(.writeFailed, "cannot rename into \(to.path): \(String(cString: strerror(errno)))")
        }
    }
}
