internal import Crypto
internal import Foundation

/// SHA-256 digests of files' contents, each file read once per process (keyed by path, size and modification
/// time), so `shared-media` compares every pair of same-sized files across a batch for the price of one read each.
final class ContentDigests: @unchecked Sendable {
    static let shared = ContentDigests()

    private struct Key: Hashable {
        var path: String
        var size: Int64
        var modified: Int
        var modifiedNanoseconds: Int
    }

    private let lock = NSLock()
    private var known: [Key: SHA256.Digest] = [:]
    /// Bytes read per `read(2)`.
    private static let chunkBytes = 1 << 20

    /// The digest of `file`'s bytes; nil when it cannot be read as a regular file (it is not compared then).
    func digest(of file: URL) -> SHA256.Digest? {
        let descriptor = open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)  // a FIFO must not block the open
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let key = Key(path: file.path, size: Int64(status.st_size), modified: status.st_mtim.tv_sec,
                      modifiedNanoseconds: status.st_mtim.tv_nsec)
        if let digest = lock.withLock({ known[key] }) { return digest }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        var remaining = Int64(status.st_size)  // the size it had when opened: a file still growing is not read forever
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, Int(min(Int64(Self.chunkBytes), remaining))) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            remaining -= Int64(count)
        }
        let digest = hasher.finalize()
        lock.withLock { known[key] = digest }
        return digest
    }
}
