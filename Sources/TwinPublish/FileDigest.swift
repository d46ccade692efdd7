import Foundation
import Crypto
import TwinFiles
import TwinSigning
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One streaming pass over a file: its SHA-256, size, and (for S3 multipart) each part's SHA-256.
struct FileDigest: Sendable {
    static let chunkSize = 256 << 10

    let sha256: String
    let sha256Base64: String
    let size: Int64
    /// Hex SHA-256 of each `partSize` slice, when asked for.
    let partSHA256: [String]

    /// Reads `file` once through one reused 256 KiB buffer (memory stays flat).
    static func compute(_ file: URL, partSize: Int64? = nil) throws -> FileDigest {
        let descriptor = try FileByteStream.Descriptor(path: file.path)
        var whole = SHA256()
        var part = SHA256()
        var partFill: Int64 = 0
        var parts: [String] = []
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor.fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                throw PublishError(.unreadableFile, "cannot read \(file.path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            whole.update(bufferPointer: chunk)
            size += Int64(count)
            if let partSize {
                var offset = 0
                while offset < count {
                    let take = Int(min(Int64(count - offset), partSize - partFill))
                    part.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset + take)]))
                    partFill += Int64(take)
                    offset += take
                    if partFill == partSize {
                        parts.append(SigV4Signer.hex(part.finalize()))
                        part = SHA256()
                        partFill = 0
                    }
                }
            }
        }
        if partSize != nil, partFill > 0 { parts.append(SigV4Signer.hex(part.finalize())) }
        let digest = whole.finalize()
        return FileDigest(sha256: SigV4Signer.hex(digest), sha256Base64: Data(digest).base64EncodedString(), size: size, partSHA256: parts)
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// The name every publisher gives a file: `<sha256>.<ext>` (lowercase extension).
struct ContentAddress {
    let file: URL
    let digest: FileDigest
    let contentType: String

    var name: String { "\(digest.sha256).\(file.pathExtension.lowercased())" }

    static func of(_ file: URL, partSize: Int64? = nil) throws -> ContentAddress {
        let contentType = try MediaType.of(file)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw PublishError(.unreadableFile, "\(file.path) does not exist or is not a file")
        }
        return ContentAddress(file: file, digest: try FileDigest.compute(file, partSize: partSize), contentType: contentType)
    }

    /// The content address named by `keyOrURL`, or `.invalidKey`: unpublish removes nothing else.
    static func requireName(in keyOrURL: String) throws -> String {
        guard let name = name(in: keyOrURL) else {
            throw PublishError(.invalidKey, "'\(URLRedaction.redact(keyOrURL))' is not a published object (expected "
                + "[PREFIX/]<sha256>.<ext> or its URL)")
        }
        return name
    }

    /// Whether `keyOrURL`'s last path component is a content address (`<64 hex>.<ext>`); returns it.
    static func name(in keyOrURL: String) -> String? {
        var text = keyOrURL
        if let question = text.firstIndex(of: "?") { text = String(text[..<question]) }
        guard let last = text.split(separator: "/").last else { return nil }
        let parts = last.split(separator: ".")
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
              InternetMediaType.extensions.contains(where: { $0.fileExtension == parts[1] }) else { return nil }
        return String(last)
    }
}
