import Foundation
import TwinSigning

extension S3Publisher {
    var intentTarget: String { "s3://\(bucket)/\(prefix) via \(scheme)://\(host)" }

    /// Aborts the multipart upload the intent recorded, and every other one in progress on its key: a run killed
    /// between CreateMultipartUpload and recording the id left one nobody knows the id of.
    func sweep(_ intent: UploadIntent) async throws -> Int {
        guard let key = intent.key else { return 0 }
        guard prefix.isEmpty || key.hasPrefix(prefix + "/") else {
            throw PublishError(.invalidKey, "'\(key)' is not under this target's prefix '\(prefix)'; not swept",
                               url: "s3://\(bucket)/\(key)")
        }
        var uploadIDs = try await multipartUploads(onKey: key)
        if let recorded = intent.uploadID, !uploadIDs.contains(recorded) { uploadIDs.append(recorded) }
        var aborted = 0
        for uploadID in uploadIDs {
            let response = try await send("DELETE", key: key, query: [.init("uploadId", uploadID)])
            if (200..<300).contains(response.status) {
                aborted += 1
            } else if response.status != 404 {
                throw failure(response, "DELETE ?uploadId (abort)", key: key)
            }
        }
        return aborted
    }

    /// The ids of the multipart uploads in progress on exactly `key` (ListMultipartUploads with the key as prefix).
    private func multipartUploads(onKey key: String) async throws -> [String] {
        let response = try await send("GET", key: "", query: [.init("prefix", key), .init("uploads", "")])
        guard (200..<300).contains(response.status) else { throw failure(response, "GET ?uploads", key: key) }
        return Self.uploads(inListing: response.body).filter { $0.key == key }.map(\.uploadID)
    }

    /// The `<Upload>` entries of a ListMultipartUploads answer.
    static func uploads(inListing xml: String) -> [(key: String, uploadID: String)] {
        xml.components(separatedBy: "<Upload>").dropFirst().compactMap { block in
            guard let key = Transport.Response.element("Key", in: block), let id = Transport.Response.element("UploadId", in: block) else {
                return nil
            }
            return (unescapeXML(key), unescapeXML(id))
        }
    }

    private static func unescapeXML(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")].reduce(text) {
            $0.replacingOccurrences(of: $1.0, with: $1.1)
        }
    }
}
