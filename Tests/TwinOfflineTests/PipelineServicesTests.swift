import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing
import TwinAPI
import TwinOffline
import TwinPipeline
import TwinPublish

/// The composition root: `PipelineServices.offline` and `.live` assemble what `twin submit` and `twin batch` run on.
@Suite(.hangBackstop) struct PipelineServicesTests {
    @Test func offlineServicesAnswerThePublishedMediaAndScalePolling() async throws {
        let polling = PollingSchedule(firstCheckAfter: .seconds(30), interval: .seconds(5))
        let running = try await PipelineServices.offline(validator: SessionValidator(), timeScale: 100, polling: polling)
        do {
            #expect(running.polling == PollingSchedule(firstCheckAfter: .milliseconds(300), interval: .milliseconds(50)))
            #expect(try await running.services.client.supportedLanguages().contains("English"))
            let photo = TestPaths.fixtures.appendingPathComponent("sessions/demo/neutral.jpg")
            let published = try await running.services.publisher.publish(photo)
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: published.url), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(Data(body.readableBytesView) == (try Data(contentsOf: photo)))
        } catch {
            await running.shutdown()
            throw error
        }
        await running.shutdown()
    }

    @Test(.tags(.slow), .fullRunOnly) func liveServicesTalkToTheGivenAPI() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:1/api/twin"))
        let offline = try await PipelineServices.offline(validator: SessionValidator())
        let running = PipelineServices.live(validator: SessionValidator(), publisher: offline.services.publisher, apiURL: url,
                                            apiKey: try APIKey("sk-live-test"), requestsPerMinute: 7)
        #expect(running.services.client.baseURL == url)
        #expect(running.polling == .documented)
        #expect(running.services.client.rateLimiter.requestsPerMinute == 7)
        await #expect(throws: TwinAPIError.connectFailed) { try await running.services.client.listTwins() }
        await running.shutdown()
        await offline.shutdown()
    }
}
