public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small text files (manifests, profiles, keys, configuration) read with a size cap, and only when they are
/// regular files: a FIFO would block the read until a writer comes, and `/dev/zero` would never end.
public enum BoundedFile {
    /// Why a file was not read; `description` says what to do.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What `path` is once links are followed, for a message: nil when it is a regular file.
    public static func irregularKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return kind(of: info.st_mode)
    }

    /// Reads `url` as UTF-8 text of at most `limit` bytes.
    ///
    /// - Throws: ``Failure`` when the file cannot be opened, is not a regular file, is over `limit` or is not UTF-8.
    public static func readText(_ url: URL, limit: Int) throws(Failure) -> String {
        let path = url.path
        if let kind = irregularKind(path) {
            throw Failure(description: "\(path) is \(kind), not a regular file")
        }
        // O_NONBLOCK: if the file was swapped for a FIFO since the check, opening does not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, kind(of: info.st_mode) == nil else {
            throw Failure(description: "\(path) is not a regular file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= limit else {
                throw Failure(description: "\(path) is larger than \(limit) bytes: it cannot be this kind of file")
            }
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw Failure(description: "\(path) is not UTF-8 text")
        }
        return text
    }

    private static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        default: "not a regular file"
        }
    }
}
