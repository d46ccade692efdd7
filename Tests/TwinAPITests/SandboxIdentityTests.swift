import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinSandbox

/// The sandbox checks one person per creation, as the service would: a calibration image of someone else
/// than the video's person ends the creation FAILED with `different-person`.
@Suite(.hangBackstop)
struct SandboxIdentityTests {
    @Test func aPhotoOfAnotherPersonFailsTheCreation() async throws {
        try await withTemporaryFolder { folder in
            let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
            for name in ["video.mp4", "neutral.jpg"] {
                try FileManager.default.copyItem(at: demo.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
            let stranger = FacePictures.shared.appendingPathComponent("identities/John_Savage/000264_01099001.jpg")
            let made = try runTool("convert", [stranger.path, "-filter", "Lanczos", "-resize", "600x600", "-gravity", "center",
                                              "-background", "#6b6b6b", "-extent", "1080x1440",
                                              folder.appendingPathComponent("other.jpg").path])
            #expect(made.status == 0, "\(made.output)")
            let files = try await StaticFileServer.start(root: folder)
            let clock = VirtualClock()
            do {
                try await withSandbox(clock: clock) { sandbox async throws in
                    let client = makeClient(sandbox.baseURL, clock: clock)
                    let request = CreateTwinRequest(
                        name: "mixed", videoUrl: files.url(forRelativePath: "video.mp4"), language: "English",
                        calibrationImageUrls: [files.url(forRelativePath: "neutral.jpg"), files.url(forRelativePath: "other.jpg")])
                    let id = try await client.createTwin(request)
                    let final = try await client.waitForTerminalState(operationID: id, schedule: .documented)
                    #expect(final.state == .failed)
                    let detail = final.detail ?? ""
                    #expect(detail.hasPrefix("calibration image 2"), "\(detail)")
                    #expect(detail.contains("different-person"), "\(detail)")
                }
            } catch {
                await files.shutdown()
                throw error
            }
            await files.shutdown()
        }
    }

    /// The sandbox makes the speaking check as `twin validate` does: a still picture with a voice-over gets
    /// `face-not-speaking`, which it logs; as a warning it does not fail the creation.
    @Test(.tags(.slow), .fullRunOnly) func aStillPictureWithAVoiceOverIsLoggedAndCreated() async throws {
        try await withTemporaryFolder { folder in
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("voice/slt-script-clean.mp4"),
                                             to: folder.appendingPathComponent("video.mp4"))
            try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("sessions/demo/neutral.jpg"),
                                             to: folder.appendingPathComponent("neutral.jpg"))
            let files = try await StaticFileServer.start(root: folder)
            let clock = VirtualClock()
            let logs = LogCapture()
            do {
                try await withSandbox(clock: clock, logger: logs.logger) { sandbox async throws in
                    let client = makeClient(sandbox.baseURL, clock: clock)
                    let request = CreateTwinRequest(
                        name: "still", videoUrl: files.url(forRelativePath: "video.mp4"), language: "English",
                        calibrationImageUrls: [files.url(forRelativePath: "neutral.jpg")])
                    let id = try await client.createTwin(request)
                    let final = try await client.waitForTerminalState(operationID: id, schedule: .documented)
                    #expect(final.state == .complete, "\(final.detail ?? "")")
                }
            } catch {
                await files.shutdown()
                throw error
            }
            await files.shutdown()
            let warning = logs.messages.first { $0.contains("warning face-not-speaking") }
            #expect(warning?.hasPrefix("notice operation ") ?? false, "\(logs.text)")
            #expect(warning?.contains("video: warning face-not-speaking: The mouth does not move") ?? false)
        }
    }
}
