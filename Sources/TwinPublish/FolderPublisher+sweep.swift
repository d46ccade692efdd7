import Foundation

extension FolderPublisher {
    var intentTarget: String { "folder " + folder.path }

    /// Removes the temporary copy (and the `.sha256` record's) a killed publish left under the names its intent
    /// recorded. Only names of the publisher's own form, directly in the folder, are removed.
    func sweep(_ intent: UploadIntent) async throws -> Int {
        guard let key = intent.key, let temporary = intent.temporary, temporary.hasPrefix(".\(key).partial-"),
              !temporary.contains("/") else { return 0 }
        let tag = String(temporary.dropFirst(".\(key).partial-".count))
        var removed = 0
        for name in [temporary, Self.temporaryName(of: key + ".sha256", tag: tag)] {
            let url = folder.appendingPathComponent(name)
            do {
                try FileManager.default.removeItem(at: url)
                removed += 1
            } catch CocoaError.fileNoSuchFile {
                continue
            } catch {
                throw PublishError(.writeFailed, "cannot remove the leftover \(url.path): \(FileDigest.reason(error))")
            }
        }
        return removed
    }
}
