import Foundation
import NIOHTTP1

extension WebDAVPublisher {
    /// The start of the name a large upload goes to before it is moved onto its content address.
    static let temporaryPrefix = ".incoming-"

    var intentTarget: String { "webdav " + URLRedaction.redact(collection) }

    /// Deletes the `.incoming-*` temporary a killed overlapped upload left in the collection.
    func sweep(_ intent: UploadIntent) async throws -> Int {
        guard let temporary = intent.temporary else { return 0 }
        guard temporary.hasPrefix(Self.temporaryPrefix), !temporary.contains("/"), !temporary.contains("..") else {
            throw PublishError(.invalidKey, "'\(temporary)' is not a temporary name twin makes; not swept", url: collection)
        }
        let url = collection.appendingURLPath(encodePath(temporary))
        let response = try await transport.send(.DELETE, url, headers: authorization.map { [("authorization", $0)] } ?? [])
        if (200..<300).contains(response.status) { return 1 }
        guard response.status == 404 else {
            throw PublishError(.httpStatus, "DELETE answered \(response.status) while sweeping a killed upload's temporary", url: url,
                               status: response.status)
        }
        return 0
    }
}
