internal import Crypto
internal import Foundation
internal import TwinFiles

/// SHA-256 digests of files' contents, each file read once per process (keyed by path, size and modification
/// time), so `shared-media` compares every pair of same-sized files across a batch for the price of one read each.
final class ContentDigests: @unchecked Sendable {
    static let shared = ContentDigests()

    /// A file's path and its contents' stamp (size, modification time) when it was read.
    private struct Key: Hashable {
        var path: String
        var stamp: RegularFileReader.Stamp
    }

    private let lock = NSLock()
    private var known: [Key: SHA256.Digest] = [:]

    /// The digest of `file`'s bytes; nil when it cannot be read as a regular file (it is not compared then).
    func digest(of file: URL) -> SHA256.Digest? {
        guard let reader = RegularFileReader(path: file.path) else { return nil }
        let key = Key(path: file.path, stamp: reader.stamp)
        if let digest = lock.withLock({ known[key] }) { return digest }
        var hasher = SHA256()
        guard reader.forEachChunk({ hasher.update(bufferPointer: $0) }) else { return nil }
        let digest = hasher.finalize()
        lock.withLock { known[key] = digest }
        return digest
    }
}
