/// The session's state machine, with no I/O: from the stage the journal holds and what this run has done so far,
/// the step the runner takes next (``SessionRunner`` performs it, records the new stage, and asks again).
///
/// The rules that make a killed run safe to restart live here:
/// - validation has no side effect, so any stage before `published` validates again in a new run;
/// - a session at `create-sent` never sends `/create` blindly: it is reconciled with `/list` first;
/// - a session at `create-unknown` is looked for in `/list` once per run, and otherwise waits for a person;
/// - `/create` is sent at most ``SessionSteps/Limits/maxCreateAttempts`` times in one run.
enum SessionSteps {
    /// What the runner does next.
    enum Step: Equatable {
        /// Validate the session's files (and its voice), with no side effect.
        case validate
        /// Upload the validated files (re-using recorded uploads) and verify their URLs.
        case publish
        /// Send `/create`.
        case create
        /// Look for the twin in `/list` (after an unanswered `/create`).
        case reconcile
        /// Follow `/status` to the end; `resuming` when the operation was created by an earlier run.
        case follow(resuming: Bool)
        /// Stop: the stage is terminal, waits for a person, or is where this run was asked to stop.
        case stop
        /// Stop with an error: `/create` was tried `attempts` times in this run without success.
        case giveUp(attempts: Int)
    }

    /// What this run has done so far (a new run starts from ``Run/init()``).
    struct Run: Equatable {
        /// Whether the files were validated in this run (the publish step needs the files this validation chose).
        var validated = false
        /// The `/create` calls sent in this run.
        var creates = 0
        /// Whether `/list` was consulted for an unanswered `/create` in this run.
        var lookedForUnknownCreate = false
        /// False once this run sent `/create` itself: the operation it follows is its own.
        var resumingOperation = true

        init() {}
    }

    /// The run's settings the machine obeys.
    struct Limits: Equatable {
        /// Follow `/status` to the end (`--wait`), or stop at `created`.
        var wait: Bool
        /// At most this many `/create` calls per session in one run.
        var maxCreateAttempts: Int
    }

    /// The next step from `stage`, updating `run` for the step taken.
    static func next(from stage: SessionStage, run: inout Run, limits: Limits) -> Step {
        switch stage {
        case .complete, .failed:
            return .stop
        case .pending, .invalid, .validated, .publishing:
            guard run.validated else {
                run.validated = true
                return .validate
            }
            // Validated in this run: refused (invalid) stops; passed goes on to publish.
            return stage == .invalid || stage == .pending ? .stop : .publish
        case .published:
            guard run.creates < limits.maxCreateAttempts else { return .giveUp(attempts: run.creates) }
            run.creates += 1
            run.resumingOperation = false
            return .create
        case .createSent:
            run.lookedForUnknownCreate = true
            return .reconcile
        case .createUnknown:
            guard !run.lookedForUnknownCreate else { return .stop }
            run.lookedForUnknownCreate = true
            return .reconcile
        case .created:
            return limits.wait ? .follow(resuming: run.resumingOperation) : .stop
        }
    }
}
