import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinPipeline
import TwinPublish
import TwinSandbox

/// Injected faults: a static host that answers 5xx or drops connections, an API that answers
/// 429/5xx or drops connections before or after the request took effect.
@Suite(.hangBackstop) struct FaultTests {
    struct APIFault: CustomTestStringConvertible, Sendable {
        let path: String
        let steps: [String]
        let reconciles: Bool
        /// Nothing proves the /create failed and no twin appears: the session ends create-unknown, never re-sent.
        var unknown = false
        var testDescription: String { "\(path) \(steps.joined(separator: ","))" }
    }

    static let apiFaults: [APIFault] = [
        APIFault(path: "/create", steps: ["500-after"], reconciles: true),   // created, answer lost: adopted from /list
        APIFault(path: "/create", steps: ["drop-after"], reconciles: true),  // created, connection lost: adopted
        APIFault(path: "/create", steps: ["500"], reconciles: true, unknown: true), // not created, but nothing proves it
        APIFault(path: "/create", steps: ["429", "429"], reconciles: false), // rejected: the client waits Retry-After and retries
        APIFault(path: "/status", steps: ["500", "429", "drop"], reconciles: false),
        APIFault(path: "/list", steps: ["500", "drop"], reconciles: false),
    ]

    @Test(.tags(.slow), .fullRunOnly, arguments: apiFaults)
    func apiFaultsNeverDuplicateACreate(_ fault: APIFault) async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let proxy = try await FaultyAPIProxy.launch(upstream: harness.sandbox.baseURL)
        defer { proxy.server.stop() }
        try harness.addSession("ivy")
        try proxy.script(fault.path, fault.steps)
        var options = PipelineHarness.fastOptions
        // Long enough for a created twin to reach /list on a loaded machine (it lists only COMPLETE
        // twins, after the sandbox has downloaded and validated the media); the "500" case, where
        // nothing was created, waits all of it before sending /create again.
        options.reconcileTimeout = .seconds(8)
        let log = ProgressLog()
        let journal = try harness.journal()
        let runner = harness.runner(journal: journal, options: options, apiURL: proxy.baseURL, onProgress: log.record)
        let report = try await harness.batch(runner).run()
        if fault.unknown {
            #expect(report.sessions.first?.stage == .createUnknown)
            #expect(!report.ok)
            #expect(report.sessions.first?.detail?.contains("create-unknown") == true)
            #expect(await harness.stats().createRequests == 0, "the proxy answered 500 without passing /create on")
            #expect(try journal.entry("ivy")?.createAttempts == 1, "/create is not sent again without proof it failed")
            let rerun = try await harness.batch(runner).run()
            #expect(rerun.sessions.first?.stage == .createUnknown, "a rerun looks in /list again but does not send /create")
            #expect(try journal.entry("ivy")?.createAttempts == 1)
            let retried = try await BatchRunner(directory: harness.batchFolder, runner: runner, loader: SessionLoader(), concurrency: 1,
                                                shard: .all, cleanup: false, retryFailed: true).run()
            #expect(retried.ok, "--retry-failed sends it again, on the user's word")
        } else {
            #expect(report.ok, "\(report.sessions.first?.detail ?? "")")
        }
        #expect(await harness.stats().createRequestsByName == ["ivy": 1])
        let reconciled = log.messages("ivy").contains { $0.hasPrefix("checking /list") }
        #expect(reconciled == fault.reconciles)
        let served = try proxy.log()
        for step in Set(fault.steps) { #expect(served.contains("\(fault.path) -> \(step)"), "\(served)") }
    }

    @Test(.tags(.slow), .fullRunOnly) func staticHostFaultsAreRetriedAndAnOutageLosesNoSession() async throws {
        let harness = try await PipelineHarness.start()
        defer { Task { await harness.shutdown() } }
        let host = try await FaultyHTTPServer.launch()
        defer { host.server.stop() }
        try harness.addSession("jo")
        try harness.addSession("kim")
        var publishOptions = PublishOptions()
        publishOptions.retryBaseDelay = .milliseconds(20)
        publishOptions.maxAttempts = 3
        let publisher = try Publishers.make(target: try PublishTarget(parsing: "webdav+\(host.baseURL)/media"), options: publishOptions,
                                            environment: [:])
        let journal = try harness.journal()

        // An outage: every PUT fails. Nothing is created, both sessions stay in the journal.
        try host.script("PUT", Array(repeating: "503", count: 200))
        let down = try await harness.batch(harness.runner(journal: journal, publisher: publisher), concurrency: 1).run()
        #expect(down.sessions.map(\.id) == ["jo", "kim"])
        #expect(down.sessions.allSatisfy { !$0.ok && $0.stage == .publishing })
        #expect(down.sessions.allSatisfy { $0.detail?.contains("publishing video.mp4 failed") == true })
        #expect(await harness.stats().createRequests == 0)

        // Flaky: a 500, a dropped upload and a dropped download; the retries get through.
        try host.script("PUT", [])
        try host.script("PUT", ["500", "drop"])
        try host.script("GET", ["drop"])
        let up = try await harness.batch(harness.runner(journal: journal, publisher: publisher), concurrency: 1).run()
        #expect(up.ok, "\(up.sessions.map { $0.detail ?? "" })")
        #expect(up.sessions.map(\.resumedFrom) == [.publishing, .publishing])
        #expect(await harness.stats().createRequestsByName == ["jo": 1, "kim": 1])
    }
}
