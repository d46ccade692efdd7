internal import Foundation

extension BatchRunner {
    /// Checks the voice of every session's video that has not been published yet, before any
    /// session uploads anything; the verdicts go to the journal, where each session's run finds
    /// them. A failure here (an unreadable folder, `/script` unreachable) is left for the session's
    /// own run to report.
    func checkVoicesFirst(_ folders: [URL]) async {
        guard runner.options.voiceCheck else { return }
        let journal = runner.journal
        let waiting = folders.filter { folder in
            guard let stage = try? journal.entry(folder.lastPathComponent)?.stage else { return false }
            return [.pending, .invalid, .validated, .publishing].contains(stage)
        }
        await withTaskGroup(of: Void.self) { group in
            var pending = waiting[...]
            func startNext() {
                guard let folder = pending.popFirst() else { return }
                let runner = self.runner, loader = self.loader
                group.addTask {
                    guard let session = try? loader.load(folder), let video = session.video else { return }
                    let language = runner.options.language ?? session.language ?? "English"
                    _ = try? await runner.voiceVerdict(folder.lastPathComponent, video: video, language: language)
                }
            }
            for _ in 0..<concurrency { startNext() }
            while await group.next() != nil { startNext() }
        }
    }
}
