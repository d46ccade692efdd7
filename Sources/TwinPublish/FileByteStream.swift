import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte range of a file as an async sequence of buffers: uploads stream from disk, never whole.
struct FileByteStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let file: URL
    let offset: Int64
    let length: Int64
    let chunkSize: Int
    /// Called with the number of bytes handed on, as they go.
    let onChunk: (@Sendable (Int) -> Void)?

    init(file: URL, offset: Int64 = 0, length: Int64, chunkSize: Int = 256 << 10, onChunk: (@Sendable (Int) -> Void)? = nil) {
        self.file = file
        self.offset = offset
        self.length = length
        self.chunkSize = chunkSize
        self.onChunk = onChunk
    }

    /// Owns the descriptor so an abandoned upload (cancelled, failed) still closes it.
    final class Descriptor: @unchecked Sendable {
        let fd: Int32
        init(path: String) throws {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw PublishError(.unreadableFile, "cannot open \(path): \(String(cString: strerror(errno)))")
            }
        }
        deinit { close(fd) }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let stream: FileByteStream
        var descriptor: Descriptor?
        var position: Int64
        var remaining: Int64
        let allocator = ByteBufferAllocator()

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else {
                descriptor = nil
                return nil
            }
            if descriptor == nil { descriptor = try Descriptor(path: stream.file.path) }
            let fd = descriptor!.fd
            let want = Int(Swift.min(Int64(stream.chunkSize), remaining))
            var buffer = allocator.buffer(capacity: want)
            let at = position
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { pointer in
                Swift.max(0, pread(fd, pointer.baseAddress, want, off_t(at)))
            }
            if count == 0 {
                throw PublishError(.unreadableFile, "\(stream.file.path) shrank or became unreadable while it was being uploaded")
            }
            position += Int64(count)
            remaining -= Int64(count)
            stream.onChunk?(count)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self, descriptor: nil, position: offset, remaining: length)
    }
}
