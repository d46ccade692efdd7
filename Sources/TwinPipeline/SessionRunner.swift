public import Foundation
public import TwinAPI
public import TwinPublish
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
    /// How long `/list` is watched for a twin whose `/create` outcome is unknown before `/create`
    /// is sent again.
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
    public var directory: TwinDirectory
    /// `/script` per language, fetched once per run for the voice check.
    public var scripts: ScriptBook

    public init(validator: SessionValidator, publisher: any Publisher, client: TwinAPIClient) {
        self.validator = validator
        self.publisher = publisher
        self.client = client
        self.directory = TwinDirectory(list: { [client] in try await client.listTwins() })
        self.scripts = ScriptBook(client: client)
    }
}

/// Takes one session from wherever the journal says it is to a terminal state.
///
/// Every side effect is bracketed by journal writes: the stage before it is written first, the
/// stage after it once it is done. The rules that make a killed run safe to restart:
/// - validation has no side effect, so any stage before `published` validates again;
/// - uploads are content-addressed and recorded one by one, so recorded ones are re-used;
/// - a session at `create-sent` never sends `/create` blindly: it watches `/list` for the twin for
///   up to ``RunOptions/reconcileTimeout`` after the last send and adopts it when it appears;
/// - a session at `created` follows its operation id.
public struct SessionRunner: Sendable {
    /// What the runner talks to.
    public let services: PipelineServices
    /// Where every stage is recorded.
    public let journal: Journal
    /// How sessions are run.
    public let options: RunOptions
    private let onProgress: @Sendable (SessionProgress) -> Void
    private let now: @Sendable () -> Date

    public init(services: PipelineServices, journal: Journal, options: RunOptions,
                now: @escaping @Sendable () -> Date = { Date() },
                onProgress: @escaping @Sendable (SessionProgress) -> Void = { _ in }) {
        self.services = services
        self.journal = journal
        self.options = options
        self.now = now
        self.onProgress = onProgress
    }

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
            durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            resumedFrom: resumedFrom
        )
    }

    private func drive(_ start: JournalEntry, folder: URL, displayPath: String, findings: inout [ReportedFinding]) async throws -> JournalEntry {
        var entry = start
        var createsThisRun = 0
        var resumingOperation = true
        var lookedForUnknownCreate = false
        while true {
            switch entry.stage {
            case .complete, .failed:
                return entry
            case .createUnknown:
                guard !lookedForUnknownCreate else { return entry }
                lookedForUnknownCreate = true
                entry = try await reconcile(entry)
            case .pending, .invalid, .validated, .publishing:
                let check = try await services.validator.check(folder, displayPath: displayPath)
                findings = check.reportedFindings
                guard check.passes(strict: options.strict), let photos = check.session.mapping.orderedPhotos, let video = check.session.video else {
                    return try refuse(entry, findings: findings)
                }
                let language = options.language ?? check.session.language ?? "English"
                if options.voiceCheck {
                    let verdict = try await voiceVerdict(entry.id, video: video, language: language)
                    let videoPath = check.fileReports.first { $0.kind == .video }?.path
                    findings += verdict.findings.map { ReportedFinding(file: videoPath, finding: $0) }
                    if !verdict.ok || (options.strict && !verdict.findings.isEmpty) {
                        return try refuse(entry, findings: findings)
                    }
                }
                let name = options.name ?? check.session.name
                entry = try journal.update(entry.id) {
                    $0.stage = .validated
                    $0.twinName = name
                    $0.language = options.language ?? check.session.language
                    $0.detail = nil
                }
                report(entry, "validated \(check.fileReports.count) files")
                entry = try await publish(entry, video: video, photos: photos, poses: check.session.mapping.assignments.map(\.pose.id))
            case .published:
                guard createsThisRun < options.maxCreateAttempts else {
                    throw PipelineError(.apiFailed, "/create was tried \(createsThisRun) times in this run without success (\(entry.detail ?? "no twin appeared")); run again later")
                }
                createsThisRun += 1
                resumingOperation = false
                entry = try await create(entry)
            case .createSent:
                lookedForUnknownCreate = true
                entry = try await reconcile(entry)
            case .created:
                guard options.wait else { return entry }
                entry = try await follow(entry, resuming: resumingOperation)
            }
        }
    }

    // MARK: Publishing

    private func publish(_ start: JournalEntry, video: URL, photos: [URL], poses: [String]) async throws -> JournalEntry {
        var entry = try journal.update(start.id) { $0.stage = .publishing }
        try await sweepKilledUploads(of: entry.id, adopting: true)
        let recorded = Dictionary(try journal.uploads(for: entry.id).map { ($0.role, $0) }, uniquingKeysWith: { $1 })
        var urls: [String] = []
        var reused = 0
        for (role, file) in [("video", video)] + zip(poses, photos).map({ ($0, $1) }) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = attributes?[.modificationDate] as? Date ?? .distantPast
            if let upload = recorded[role], upload.localPath == file.path, upload.size == size,
               abs(upload.modifiedAt.timeIntervalSince(modified)) < 0.001,
               upload.expiresAt.map({ $0.timeIntervalSince(now()) > options.minimumURLLifetime.seconds }) ?? true {
                urls.append(upload.displayURL)
                reused += 1
                continue
            }
            let (object, intentID) = try await publishRecordingIntent(file, role: role, of: entry, size: size, modified: modified)
            // Only the key and the redacted URL are stored: a presigned URL is a credential, signed again for /create.
            try journal.recordUpload(JournalUpload(
                sessionID: entry.id, role: role, localPath: file.path, size: size, modifiedAt: modified, key: object.key,
                url: object.displayURL, displayURL: object.displayURL, sha256: object.sha256, expiresAt: object.expiresAt))
            try journal.finishUpload(intentID)
            report(entry, "published \(file.lastPathComponent) → \(object.displayURL)")
            urls.append(object.displayURL)
        }
        entry = try journal.update(entry.id) {
            $0.stage = .published
            $0.videoURL = urls.first
            $0.imageURLs = Array(urls.dropFirst())
            $0.detail = nil
        }
        report(entry, "published and verified \(urls.count) files" + (reused > 0 ? " (\(reused) re-used from the journal)" : ""))
        return entry
    }

    /// Publishes one file. The publisher retries its requests; a URL check that fails on a dropped
    /// connection or a 5xx is tried again here too, since the whole publish is idempotent.
    func publishWithRetries(_ file: URL, recordingIntent: @Sendable (UploadIntent) async throws -> Void) async throws -> PublishedObject {
        var attempt = 1
        while true {
            do {
                return try await services.publisher.publish(file, recordingIntent: recordingIntent)
            } catch let error as PublishError where attempt < 3 && [.verificationFailed, .unreachable, .httpStatus].contains(error.code)
                && (error.status.map { $0 >= 500 || $0 == 429 } ?? true) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 * attempt))
            } catch {
                throw PipelineError(.publishFailed, "publishing \(file.lastPathComponent) failed: \(Self.describe(error))")
            }
        }
    }

    // MARK: /create

    private func create(_ start: JournalEntry) async throws -> JournalEntry {
        guard let videoURL = try fetchURL(start.videoURL, of: start), let imageURLs = try start.imageURLs?.map({ try fetchURL($0, of: start) }),
              imageURLs.allSatisfy({ $0 != nil }) else {
            throw PipelineError(.journal, "the journal holds no published URLs for '\(start.id)'")
        }
        // Twins already listed under this name are someone else's (or an earlier run's): a twin
        // that appears later is this send's.
        let listed = try await services.directory.names(startedAfter: now())
        let before = listed.filter { TwinDirectory.isListing($0, of: start.twinName) }
        var entry = try journal.update(start.id, event: "sending /create") {
            $0.stage = .createSent
            $0.createSentAt = self.now()
            $0.createAttempts += 1
            $0.listedBefore = before
        }
        let request = CreateTwinRequest(name: entry.twinName, videoUrl: videoURL, language: entry.language,
                                        calibrationImageUrls: imageURLs.compactMap { $0 })
        do {
            let operationID = try await services.client.createTwin(request)
            entry = try journal.update(entry.id) {
                $0.stage = .created
                $0.operationID = operationID
                $0.detail = nil
            }
            report(entry, "/create accepted: operation \(operationID)")
            return entry
        } catch let error as TwinAPIError where error.isOutcomeUnknown {
            let reason = URLRedaction.redactURLs(in: error.message)
            entry = try journal.update(entry.id, event: "/create outcome unknown: \(Self.describe(error))") {
                $0.detail = "/create outcome unknown (\(reason)); watching /list"
            }
            report(entry, "/create outcome unknown (\(reason)); watching /list before sending it again")
            return entry
        } catch {
            // Definitely not created. A request the API refuses fails the session; anything else
            // (rate limited or unreachable after the client's retries) is tried again, a bounded
            // number of times in this run, then by the next run.
            let apiError = error as? TwinAPIError
            let refused = apiError.map { [.invalidRequest, .badRequest, .unauthorized, .notFound, .invalidAPIKey].contains($0) } ?? false
            entry = try journal.update(entry.id, event: "/create failed: \(Self.describe(error))") {
                $0.stage = refused ? .failed : .published
                $0.detail = "/create failed: \(Self.describe(error))"
            }
            report(entry, entry.detail ?? "")
            if refused { throw PipelineError(.apiFailed, entry.detail ?? "/create failed") }
            try await Task.sleep(for: apiError?.retryAfter ?? options.polling.interval)
            return entry
        }
    }

    /// A fresh URL for a published file the journal shows as `display` (redacted): signed again from its key, so
    /// no presigned URL is ever stored. A journal from an earlier twin held whole URLs: those still match `url`.
    private func fetchURL(_ display: String?, of entry: JournalEntry) throws -> URL? {
        guard let display else { return nil }
        let uploads = try journal.uploads(for: entry.id)
        guard let upload = uploads.first(where: { $0.displayURL == display || $0.url == display }) else { return nil }
        do {
            return URL(string: try services.publisher.fetchURL(forKey: upload.key))
        } catch {
            throw PipelineError(.publishFailed, "cannot make a URL for \(upload.key): \(Self.describe(error))")
        }
    }

    /// A `/create` whose outcome is unknown: watch `/list` for the twin until the deadline and adopt it when it
    /// appears. Past the deadline the session is ``SessionStage/createUnknown``, never sent again: a twin still
    /// queued is not in `/list` yet, and a duplicate is worse than a session a person has to look at.
    private func reconcile(_ start: JournalEntry) async throws -> JournalEntry {
        let sentAt = start.createSentAt ?? now()
        let deadline = sentAt.addingTimeInterval(options.reconcileTimeout.seconds)
        report(start, "checking /list for '\(start.twinName)' (the last /create's outcome is unknown)")
        while true {
            // Sessions reconciling at once share listings up to one polling interval old.
            let fresh = max(sentAt, now().addingTimeInterval(-options.polling.interval.seconds))
            let names = try await services.directory.names(startedAfter: fresh)
            if let listed = TwinDirectory.newListing(of: start.twinName, in: names, excluding: start.listedBefore ?? []) {
                let entry = try journal.update(start.id, event: "adopted \(listed) from /list") {
                    $0.stage = .complete
                    $0.listedName = listed
                    $0.apiState = OperationState.complete.rawValue
                    $0.detail = nil
                }
                report(entry, "found \(listed) in /list: adopted")
                return entry
            }
            let remaining = deadline.timeIntervalSince(now())
            if remaining <= 0 {
                let entry = try journal.update(start.id, event: "not in /list within the reconcile timeout") {
                    $0.stage = .createUnknown
                    $0.detail = "create-unknown: /create was sent but its outcome is unknown and no twin appeared in /list within"
                        + " \(String(format: "%g", options.reconcileTimeout.seconds)) s; it is not sent again (a duplicate twin is worse): check"
                        + " `twin list` for '\(start.twinName)' and, only if it is not there, send it again with `twin batch --retry-failed`"
                }
                report(entry, entry.detail ?? "")
                return entry
            }
            try await Task.sleep(for: min(options.polling.interval, .seconds(remaining)))
        }
    }

    // MARK: /status

    private func follow(_ start: JournalEntry, resuming: Bool) async throws -> JournalEntry {
        guard let operationID = start.operationID else {
            throw PipelineError(.journal, "the journal holds no operation id for '\(start.id)'")
        }
        var schedule = options.polling
        if resuming, let sentAt = start.createSentAt {
            // A rerun checks as soon as the documented first check is due, not 30 s from now.
            let due = options.polling.firstCheckAfter.seconds - now().timeIntervalSince(sentAt)
            schedule.firstCheckAfter = .seconds(max(0, due))
        }
        let journal = self.journal
        let id = start.id
        let lastState = LastState(start.apiState)
        let status: OperationStatus
        do {
            status = try await services.client.waitForTerminalState(operationID: operationID, schedule: schedule, timeout: options.statusTimeout) { status in
                let changed = await lastState.swap(status.state.rawValue)
                if changed, let entry = try? journal.update(id, { $0.apiState = status.state.rawValue; $0.progress = status.progress }) {
                    report(entry, "\(status.state.rawValue) \(Int(status.progress)) %", percent: status.progress)
                } else {
                    onProgress(SessionProgress(sessionID: id, stage: .created, message: "\(status.state.rawValue) \(Int(status.progress)) %",
                                               percent: status.progress, isStatusUpdate: true))
                }
            }
        } catch let error as TwinAPIError where error == .notFound {
            // The service forgot the operation: the twin may still exist, so look for it in /list.
            let entry = try journal.update(id, event: "operation \(operationID) unknown to /status") {
                $0.stage = .createSent
                $0.detail = "/status does not know operation \(operationID); checking /list"
            }
            return entry
        }
        if status.state == .failed {
            let entry = try journal.update(id) {
                $0.stage = .failed
                $0.apiState = status.state.rawValue
                $0.detail = "the API reports FAILED: \(status.detail ?? "no reason given")"
            }
            report(entry, entry.detail ?? "FAILED")
            return entry
        }
        let listed = try await listing(of: start)
        let entry = try journal.update(id) {
            $0.stage = .complete
            $0.apiState = status.state.rawValue
            $0.progress = 100
            $0.listedName = listed
            $0.detail = listed == nil ? "COMPLETE, but /list does not show the twin yet" : nil
        }
        report(entry, "COMPLETE" + (listed.map { ": \($0)" } ?? ""))
        return entry
    }

    /// The twin's name in `/list` once its operation is COMPLETE (a few tries: a listing may lag).
    private func listing(of entry: JournalEntry) async throws -> String? {
        for attempt in 0..<3 {
            if attempt > 0 { try await Task.sleep(for: options.polling.interval) }
            let names = try await services.directory.names(startedAfter: now())
            if let listed = TwinDirectory.newListing(of: entry.twinName, in: names, excluding: entry.listedBefore ?? []) {
                return listed
            }
        }
        return nil
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

/// The last `/status` state seen, so the journal is written only when it changes.
private actor LastState {
    private var value: String?
    init(_ value: String?) { self.value = value }
    func swap(_ new: String) -> Bool {
        defer { value = new }
        return value != new
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
