public import Foundation
public import TwinAPI
public import TwinPublish
internal import TwinHTTP
internal import TwinMedia

/// How a session is taken through the pipeline.
public struct RunOptions: Sendable {
    /// Warnings fail validation too.
    public var strict: Bool = false
    /// Follow `/status` to a terminal state (`--no-wait` turns it off).
    public var wait: Bool = true
    /// When to check the status of a just-created operation.
    public var polling: PollingSchedule = .documented
    /// Stop following `/status` after this long (the session stays `created`; a rerun resumes it).
    public var statusTimeout: Duration?
    /// How long `/list` is watched for a twin whose `/create` outcome is unknown before the session becomes
    /// `create-unknown` (which waits for a person: `/create` is never sent again on its own).
    public var reconcileTimeout: Duration = .seconds(15 * 60)
    /// The most `/create` calls for one session in one run.
    public var maxCreateAttempts: Int = 3
    /// Re-publish a presigned URL that expires sooner than this.
    public var minimumURLLifetime: Duration = .seconds(3600)
    /// The twin's name instead of the manifest's or the folder's (`submit --name`).
    public var name: String?
    /// The language instead of the manifest's (`submit --language`).
    public var language: String?
    /// Check each video's voice against `/script` before anything is uploaded (`--no-voice-check`
    /// turns it off).
    public var voiceCheck: Bool = true
    /// Receives every validated session's reports, for a report page of the run (nil: not kept).
    public var collector: ValidationCollector?

    public init() {}
}

/// Everything a run talks to: the validator, the publisher and the API.
public struct PipelineServices: Sendable {
    /// Loads sessions and validates their media.
    public var validator: SessionValidator
    /// Publishes media and verifies the URLs (and removes them for `--cleanup`).
    public var publisher: any Publisher
    /// The AI Twin API; its rate limiter is shared by every session of the run.
    public var client: TwinAPIClient
    /// `/list`, shared by every session of the run.
    public var listedTwins: ListedTwins
    /// `/script` per language, fetched once per run for the voice check.
    public var scripts: ScriptBook
    /// The sessions validated so far in this run, compared with each other (`same-person`, `shared-media`).
    public var identities = IdentityRegistry()

    public init(validator: SessionValidator, publisher: any Publisher, client: TwinAPIClient) {
        self.validator = validator
        self.publisher = publisher
        self.client = client
        self.listedTwins = ListedTwins(list: { [client] in try await client.listTwins() })
        self.scripts = ScriptBook(client: client)
    }
}

/// Takes one session from wherever the journal says it is to a terminal state.
///
/// Every side effect is bracketed by journal writes: the stage before it is written first, the stage after it once
/// it is done. Which step follows which stage is ``SessionSteps``' (pure, tested alone); uploads are
/// content-addressed and recorded one by one, so a rerun re-uses recorded ones.
public struct SessionRunner: Sendable {
    /// What the runner talks to.
    public let services: PipelineServices
    /// Where every stage is recorded.
    public let journal: Journal
    /// How sessions are run.
    public let options: RunOptions
    let onProgress: @Sendable (SessionProgress) -> Void
    /// Every wait of the runner (publish retries, /create backoff, /list and /status polling) sleeps on it, and
    /// every deadline (the reconcile timeout, the first /status, URL lifetimes) is read from it: one clock.
    let clock: ClockBox
    /// The date when the runner was made; `now()` is this plus the clock's elapsed time.
    private let startDate: Date

    /// - Parameters:
    ///   - clock: what the runner sleeps on and reads its deadlines from (inject one in tests: its time is the
    ///     runner's, from the date the runner is made).
    public init(services: PipelineServices, journal: Journal, options: RunOptions,
                clock: some Clock<Duration> = ContinuousClock(),
                onProgress: @escaping @Sendable (SessionProgress) -> Void = { _ in }) {
        self.services = services
        self.journal = journal
        self.options = options
        self.clock = ClockBox(clock)
        self.startDate = Date()
        self.onProgress = onProgress
    }

    /// The runner's wall time, on its clock: the date it was made plus the time elapsed since. Journal dates
    /// (when `/create` was sent, when a URL expires) are compared with it, so a deadline passes on the same clock
    /// the runner sleeps on.
    func now() -> Date { startDate.addingTimeInterval(clock.now.seconds) }

    /// Runs the session registered in the journal as `id`, in `folder`. Never throws: whatever
    /// stops the session is in the outcome, and the journal says where to resume.
    public func run(id: String, folder: URL, displayPath: String) async -> SessionOutcome {
        let started = ContinuousClock.now
        var findings: [ReportedFinding] = []
        var resumedFrom: SessionStage?
        var detail: String?
        var entry: JournalEntry?
        do {
            guard let first = try journal.entry(id) else {
                throw PipelineError(.journal, "session '\(id)' is not registered in the journal \(journal.path.path)")
            }
            resumedFrom = first.stage == .pending ? nil : first.stage
            entry = try await drive(first, folder: folder, displayPath: displayPath, findings: &findings)
        } catch {
            detail = Self.describe(error)
            entry = (try? journal.entry(id)) ?? entry
            if let entry, !entry.stage.isTerminal {
                report(entry, "stopped at \(entry.stage): \(detail ?? "")")
            }
        }
        let elapsed = ContinuousClock.now - started
        let final = entry ?? JournalEntry(id: id, folder: folder.path, twinName: id, stage: .pending)
        let ok = final.stage == .complete || (final.stage == .created && !options.wait && detail == nil)
        return SessionOutcome(
            id: id, twinName: final.twinName, stage: final.stage, ok: ok, listedName: final.listedName,
            operationID: final.operationID, detail: ok ? nil : (detail ?? final.detail), findings: findings,
            durationSeconds: elapsed.seconds,
            resumedFrom: resumedFrom
        )
    }

    /// Performs the steps ``SessionSteps`` chooses (SessionRunner+validate, +publish, +create, +status), each recording
    /// its stage, from the stage the journal holds until a terminal stage or one that waits for the user.
    private func drive(
        _ start: JournalEntry, folder: URL, displayPath: String, findings: inout [ReportedFinding]
    ) async throws -> JournalEntry {
        var entry = start
        var run = SessionSteps.Run()
        var plan: PublishPlan?
        let limits = SessionSteps.Limits(wait: options.wait, maxCreateAttempts: options.maxCreateAttempts)
        while true {
            switch SessionSteps.next(from: entry.stage, run: &run, limits: limits) {
            case .stop:
                return entry
            case .giveUp(let attempts):
                throw PipelineError(.apiFailed, "/create was tried \(attempts) times in this run without success"
                                    + " (\(entry.detail ?? "no twin appeared")); run again later")
            case .validate:
                (entry, plan) = try await validate(entry, folder: folder, displayPath: displayPath, findings: &findings)
            case .publish:
                guard let plan else { throw PipelineError(.journal, "session '\(entry.id)' reached publishing without validated files") }
                entry = try await publish(entry, plan)
            case .create:
                entry = try await create(entry)
            case .reconcile:
                entry = try await reconcile(entry)
            case .follow(let resuming):
                entry = try await follow(entry, resuming: resuming)
            }
        }
    }

    // MARK: Reporting

    func onProgressReport(_ entry: JournalEntry, _ message: String) { report(entry, message) }

    func report(_ entry: JournalEntry, _ message: String, percent: Double? = nil) {
        onProgress(SessionProgress(sessionID: entry.id, stage: entry.stage, message: message, percent: percent))
    }

    /// An error for the journal, reports and people: any URL in it (a server may echo the presigned URLs of
    /// `/create`) has its signature, credential and token redacted.
    static func describe(_ error: any Error) -> String {
        let text = switch error {
        case let error as PipelineError: error.message
        case let error as TwinAPIError: error.description
        case let error as PublishError: error.description
        case is CancellationError: "cancelled"
        default: "\(error)"
        }
        return URLRedaction.redactURLs(in: text)
    }
}

