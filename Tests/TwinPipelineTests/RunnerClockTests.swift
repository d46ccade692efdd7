import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinPipeline
import TwinSandbox

/// The runner sleeps on an injected clock: the documented schedule (first /status after 30 s, then every 5 s)
/// and a creation of two minutes run in no real time when the sandbox shares that clock. What proves it is what the
/// clock recorded, not how long the test took (in the parallel quick suite its round trips queue behind other tests).
@Suite(.hangBackstop) struct RunnerClockTests {
    @Test func theDocumentedScheduleRunsOnAnInjectedClock() async throws {
        let harness = try await PipelineHarness.start()
        let clock = VirtualClock()
        let sandbox = try await Sandbox.start(configuration: SandboxConfiguration(apiKey: harness.key, timeScale: 1, clock: clock))
        let folder = try harness.addSession("sam")
        // The client follows /status on the clock too; the runner sleeps on it between retries and /list polls.
        let client = TwinAPIClient(baseURL: sandbox.baseURL, apiKey: harness.key, httpClient: harness.apiHTTP,
                                   rateLimiter: RateLimiter(requestsPerMinute: 0), clock: clock)
        let services = PipelineServices(validator: SessionValidator(), publisher: harness.publisher, client: client)
        var options = RunOptions()
        options.voiceCheck = false
        #expect(options.polling == .documented)
        let runner = SessionRunner(services: services, journal: try harness.journal(), options: options, clock: clock)
        let outcome = try await runner.submit(folder: folder, displayPath: "sam", loader: SessionLoader(), cleanup: false)
        await sandbox.shutdown()
        await harness.shutdown()
        #expect(outcome.ok, "\(outcome.detail ?? "")")
        #expect(outcome.stage == .complete)
        #expect(clock.sleeps.first == .seconds(30), "the first /status waits the documented 30 s, on the injected clock")
        #expect(clock.elapsed >= .seconds(120), "the sandbox's two-minute creation passed on the same clock")
    }

    @Test func theReconcileDeadlinePassesOnTheSameClock() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        try harness.addSession("erin")
        let journal = try harness.journal()
        try await harness.publishOnly(journal: journal)
        // /create went out just now and no twin will appear: the documented 15 minutes of /list watching.
        try journal.update("erin") { $0.stage = .createSent; $0.createSentAt = Date(); $0.listedBefore = [] }
        let clock = VirtualClock()
        var options = PipelineHarness.fastOptions
        options.polling = .documented
        options.reconcileTimeout = .seconds(15 * 60)
        #expect(RunOptions().reconcileTimeout == options.reconcileTimeout)
        let outcome = await harness.runner(journal: journal, options: options, clock: clock)
            .run(id: "erin", folder: harness.batchFolder.appendingPathComponent("erin"), displayPath: "erin")
        #expect(outcome.stage == .createUnknown, "\(outcome.detail ?? "")")
        // /create was recorded a moment before the runner was made: its deadline is that much earlier on the clock.
        #expect(clock.elapsed >= .seconds(15 * 60 - 5), "the deadline passed on the injected clock: \(clock.elapsed)")
        #expect(clock.elapsed < .seconds(15 * 60 + 10), "and was not overslept: \(clock.elapsed)")
    }
}
