public import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension Journal {
    /// An exclusive lock on a journal, held by one `twin batch` process while it runs.
    ///
    /// An advisory `flock` on the journal file itself, so it belongs to the file (device and inode), not to a
    /// path: two runs that reach one journal through a symbolic or hard link contend for the same lock. The
    /// kernel drops it when the process dies, even by SIGKILL, so a killed batch never leaves a stale lock.
    /// (`flock` and SQLite's own `fcntl` locks do not interact on Linux.)
    public final class Lock: Sendable {
        private let descriptor: Int32

        /// Takes the lock for the journal at `path`, creating the (empty) file when there is none.
        ///
        /// - Throws: ``PipelineError`` `journal-busy` when another process holds it.
        public init(journal path: URL) throws(PipelineError) {
            let descriptor = open(path.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw PipelineError(.journal, "cannot open the journal \(path.path) to lock it: \(String(cString: strerror(errno)))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw PipelineError(.journalBusy, "another run is using the journal \(path.path); "
                                    + "wait for it to finish, or give this run a journal of its own")
            }
            self.descriptor = descriptor
        }

        deinit {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
