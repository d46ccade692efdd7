import Foundation
import TwinPublish
#if canImport(Glibc)
import Glibc
#endif

/// A one-line upload progress bar on standard error, only when it is a terminal and the file is large.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastPercent = -1
    private var drawn = false
    static let minimumSize: Int64 = 8 << 20

    static func forStandardError() -> ProgressBar? {
        isatty(2) == 1 ? ProgressBar() : nil
    }

    func update(_ progress: PublishProgress) {
        guard progress.totalBytes >= Self.minimumSize else { return }
        let percent = Int(progress.bytesSent * 100 / max(1, progress.totalBytes))
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastPercent else { return }
        lastPercent = percent
        drawn = true
        let filled = percent * 30 / 100
        let name = URL(fileURLWithPath: progress.localPath).lastPathComponent
        let line = "\r\(name) [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: 30 - filled))] \(percent)%"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
        lastPercent = -1
    }
}
