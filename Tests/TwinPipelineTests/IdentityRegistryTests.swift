import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinMedia
@testable import TwinPipeline

/// The checks across the sessions of a submit or batch run, as sessions arrive one by one: a session sharing a file
/// with an earlier one fails, the earlier one hears of it, and sessions sharing nothing are left alone.
@Suite(.hangBackstop) struct IdentityRegistryTests {
    /// The media checks only (no faces, no voice): the registry compares files here, not faces.
    static let validator: SessionValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = false
        return SessionValidator(validator: MediaValidator(profile: profile))
    }()

    @Test func aLaterSessionSharingAnEarlierOnesFileFailsAndTheEarlierOneIsTold() async throws {
        let workspace = try SessionWorkspace("identity-registry")
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
        let names = ["amy", "ben", "cal", "dan"]
        var folders: [URL] = []
        for name in names {
            let folder = workspace.root.appendingPathComponent(name)
            try FileManager.default.copyItem(at: demo, to: folder)
            folders.append(folder)
        }
        // Every file of ben, cal and dan differs from amy's and from each other's (a byte appended, the
        // size changed or not), except cal's neutral photo, which is amy's, byte for byte.
        for (index, folder) in folders.enumerated().dropFirst() {
            for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
                var bytes = try Data(contentsOf: file)
                if index == 3 { bytes[bytes.count - 1] ^= 0x01 } else { bytes.append(UInt8(index)) }
                try bytes.write(to: file)
            }
        }
        let neutral = "neutral.jpg"
        try FileManager.default.removeItem(at: folders[2].appendingPathComponent(neutral))
        try FileManager.default.copyItem(at: demo.appendingPathComponent(neutral), to: folders[2].appendingPathComponent(neutral))

        let registry = IdentityRegistry()
        var verdicts: [SessionVerdict] = []
        for folder in folders {
            var verdict = try await Self.validator.check(folder)
            registry.register(&verdict, judge: IdentityJudge())
            verdicts.append(verdict)
        }
        let shared = verdicts.map { $0.sessionReport.findings.filter { $0.code == .sharedMedia } }
        #expect(shared[0].isEmpty && shared[1].isEmpty && shared[3].isEmpty, "\(shared)")
        #expect(shared[2].count == 1, "\(shared[2])")
        #expect(shared[2].first?.severity == .error)
        #expect(shared[2].first?.message.contains(verdicts[0].sessionReport.path) == true, "\(shared[2])")
        let told = registry.findingsRaisedLater(about: verdicts[0].sessionReport.path)
        #expect(told.map(\.code) == [.sharedMedia])
        #expect(told.first?.message.contains(verdicts[2].sessionReport.path) == true, "\(told)")
        for other in [1, 2, 3] {
            #expect(registry.findingsRaisedLater(about: verdicts[other].sessionReport.path).isEmpty)
        }
    }
}
