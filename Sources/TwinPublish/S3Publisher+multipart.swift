import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TwinSigning

extension S3Publisher {
    /// CreateMultipartUpload, the parts (at most `concurrency` at once, each with its signed
    /// SHA-256), CompleteMultipartUpload. Any failure aborts the upload, so no part lingers and
    /// nothing appears under the key.
    func uploadMultipart(_ address: ContentAddress, key: String, partSize: Int64, progress: ProgressCounter?,
                         recordIntent: @Sendable (UploadIntent) async throws -> Void) async throws {
        let created = try await send("POST", key: key, query: [.init("uploads", "")], headers: [
            .init("content-type", address.contentType),
            .init("x-amz-meta-sha256", address.digest.sha256),
        ])
        guard (200..<300).contains(created.status), let uploadID = Transport.Response.element("UploadId", in: created.body) else {
            throw failure(created, "POST ?uploads", key: key)
        }
        do {
            try await recordIntent(UploadIntent(key: key, uploadID: uploadID))
            let etags = try await uploadParts(address, key: key, uploadID: uploadID, partSize: partSize, progress: progress)
            let xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let body = Data(xml.utf8)
            let completed = try await send(
                "POST", key: key, query: [.init("uploadId", uploadID)], headers: [.init("content-type", "application/xml")],
                payloadHash: SigV4Signer.hexSHA256(body), size: Int64(body.count)
            ) { .bytes(ByteBuffer(bytes: body)) }
            // S3 may answer 200 and still report an error in the body.
            guard (200..<300).contains(completed.status), !completed.body.contains("<Error>") else {
                throw failure(completed, "POST ?uploadId (complete)", key: key)
            }
        } catch {
            _ = try? await send("DELETE", key: key, query: [.init("uploadId", uploadID)])
            throw error
        }
    }

    private func uploadParts(_ address: ContentAddress, key: String, uploadID: String, partSize: Int64,
                             progress: ProgressCounter?) async throws -> [String] {
        let size = address.digest.size
        let hashes = address.digest.partSHA256
        let count = hashes.count
        return try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var etags = [String](repeating: "", count: count)
            var next = 0
            func addPart(_ index: Int) {
                let offset = Int64(index) * partSize
                let length = min(partSize, size - offset)
                group.addTask {
                    let response = try await send(
                        "PUT", key: key, query: [.init("partNumber", String(index + 1)), .init("uploadId", uploadID)],
                        payloadHash: hashes[index], size: length
                    ) { [transport, file = address.file] in
                        transport.body(file: file, offset: offset, length: length, progress: progress)
                    }
                    guard (200..<300).contains(response.status), let etag = response.headers.first(name: "etag") else {
                        throw failure(response, "PUT part \(index + 1)", key: key)
                    }
                    return (index, etag)
                }
            }
            while next < min(options.concurrency, count) {
                addPart(next)
                next += 1
            }
            while let (index, etag) = try await group.next() {
                etags[index] = etag
                if next < count {
                    addPart(next)
                    next += 1
                }
            }
            return etags
        }
    }
}
