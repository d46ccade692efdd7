internal import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened for reading whole, in chunks (to hash a video, say): never a FIFO, a device or a socket,
/// whose read could block or never end, and never past the size the file had when it was opened.
public final class RegularFileReader {
    /// What identifies the file's contents without reading them: its size and modification time when opened.
    public struct Stamp: Hashable, Sendable {
        public var size: Int64
        public var modifiedSeconds: Int
        public var modifiedNanoseconds: Int
    }

    /// The file's size and modification time when it was opened.
    public let stamp: Stamp
    private let descriptor: Int32

    /// Opens `path`; nil when it cannot be opened or is not a regular file once opened (links followed).
    public init?(path: String) {
        // O_NONBLOCK: opening a FIFO does not wait for a writer (it is then refused as not regular).
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        #if canImport(Darwin)
        stamp = Stamp(size: Int64(info.st_size), modifiedSeconds: info.st_mtimespec.tv_sec, modifiedNanoseconds: info.st_mtimespec.tv_nsec)
        #else
        stamp = Stamp(size: Int64(info.st_size), modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec)
        #endif
    }

    deinit { close(descriptor) }

    /// Hands the file's bytes to `body`, `chunkBytes` at a time, up to ``stamp``'s size (a file still growing is not
    /// read forever). Returns false when a read failed or the file ended early (it was cut while being read).
    public func forEachChunk(chunkBytes: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0, count: max(1, chunkBytes))
        var remaining = stamp.size
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, Int(min(Int64($0.count), remaining))) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            remaining -= Int64(count)
        }
        return true
    }
}
