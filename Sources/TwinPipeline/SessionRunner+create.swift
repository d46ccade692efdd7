internal import Foundation
internal import TwinAPI
internal import TwinHTTP
internal import TwinPublish
internal import TwinSettings

/// The /create stage, and reconciling a /create whose outcome is unknown through /list.
extension SessionRunner {
    func create(_ start: JournalEntry) async throws -> JournalEntry {
        guard let videoURL = try fetchURL(start.videoURL, of: start),
              let imageURLs = try start.imageURLs?.map({ try fetchURL($0, of: start) }), imageURLs.allSatisfy({ $0 != nil }) else {
            throw PipelineError(.journal, "the journal holds no published URLs for '\(start.id)'")
        }
        // Twins already listed under this name are someone else's (or an earlier run's): a twin
        // that appears later is this send's.
        let listed = try await services.listedTwins.names(startedAfter: now(), now: now())
        let before = listed.filter { ListedTwins.isListing($0, of: start.twinName) }
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
            try await clock.sleep(for: apiError?.retryAfter ?? options.polling.interval)
            return entry
        }
    }

    /// A fresh URL for a published file the journal shows as `display` (redacted): signed again from its key, so
    /// no presigned URL is ever stored. A journal from an earlier twin held whole URLs: those still match `url`.
    func fetchURL(_ display: String?, of entry: JournalEntry) throws -> URL? {
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
    func reconcile(_ start: JournalEntry) async throws -> JournalEntry {
        let sentAt = start.createSentAt ?? now()
        let deadline = sentAt.addingTimeInterval(options.reconcileTimeout.seconds)
        report(start, "checking /list for '\(start.twinName)' (the last /create's outcome is unknown)")
        while true {
            // Sessions reconciling at once share listings up to one polling interval old.
            let fresh = max(sentAt, now().addingTimeInterval(-options.polling.interval.seconds))
            let names = try await services.listedTwins.names(startedAfter: fresh, now: now())
            if let listed = ListedTwins.newListing(of: start.twinName, in: names, excluding: start.listedBefore ?? []) {
                let entry = try journal.update(start.id, event: "adopted \(listed) from /list") {
                    $0.stage = .complete
                    $0.listedName = listed
                    $0.apiState = .complete
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
                        + " \(String(format: "%g", options.reconcileTimeout.seconds)) s; it is not sent again"
                        + " (a duplicate twin is worse): check \(setting: .twinList) for '\(start.twinName)' and, only if it is not"
                        + " there, send it again by \(setting: .failedSessionsRetry)"
                }
                report(entry, entry.detail ?? "")
                return entry
            }
            try await clock.sleep(for: min(options.polling.interval, .seconds(remaining)))
        }
    }
}
