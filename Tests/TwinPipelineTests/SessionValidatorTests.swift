import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinPipeline

/// Sessions built from the real fixtures, validated through the real media layer.
@Suite(.hangBackstop) struct SessionValidatorTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")

    /// A copy of the demo session with one file replaced by another fixture (or removed).
    static func demoVariant(_ workspace: SessionWorkspace, replacing name: String?, with fixture: String?) throws -> URL {
        let folder = try workspace.copy(demo, as: "s")
        if let name {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            if let fixture {
                try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent(fixture),
                                                 to: folder.appendingPathComponent(name))
            }
        }
        return folder
    }

    @Test(arguments: [
        (nil, nil, true, [String]()),
        ("video.mp4", "video/landscape.mp4", false, ["not-vertical", "no-face"]),
        ("video.mp4", "video/no-audio.mp4", false, ["no-audio", "no-face"]),
        ("teeth.jpg", "image/truncated.jpg", false, ["corrupt"]),
        ("ooh.jpg", nil, false, ["missing-pose"]),
        ("video.mp4", nil, false, ["missing-video"]),
    ] as [(String?, String?, Bool, [String])])
    func demoVariants(name: String?, fixture: String?, passes: Bool, codes: [String]) async throws {
        let workspace = try SessionWorkspace("check")
        let folder = try Self.demoVariant(workspace, replacing: name, with: fixture)
        let check = try await SessionValidator().check(folder, displayPath: "batch/s")
        #expect(check.passes(strict: false) == passes)
        let errors = check.reportedFindings.filter { $0.severity == .error }.map(\.code)
        #expect(Set(errors) == Set(codes))
        #expect(check.sessionReport.kind == .session)
        #expect(check.sessionReport.path == "batch/s")
        #expect(check.fileReports.allSatisfy { $0.path.hasPrefix("batch/s/") })
        if let name, let fixture, !passes {
            let failing = check.reportedFindings.first { $0.severity == .error }
            #expect(failing?.file == "batch/s/\(name)", "\(fixture)")
        }
    }

    @Test func notesShowTheResolvedOrder() async throws {
        let workspace = try SessionWorkspace("check")
        let folder = try Self.demoVariant(workspace, replacing: nil, with: nil)
        try Data("name = \"Demo Person\"\nlanguage = \"English\"\n".utf8).write(to: folder.appendingPathComponent("twin.toml"))
        let check = try await SessionValidator().check(folder)
        #expect(check.sessionReport.notes == [
            "session 's' → twin name 'Demo Person', language English",
            "video: \(folder.path)/video.mp4",
            "calibration order (built-in pose profile):",
            "  1. neutral ← neutral.jpg (file-name)",
            "  2. ooh     ← ooh.jpg (file-name)",
            "  3. teeth   ← teeth.jpg (file-name)",
            "  4. aah     ← aah.jpg (file-name)",
            "  5. pursed  ← pursed.jpg (file-name)",
            // The face checks are on by default, so the demo's measures per slot follow (docs/faces-and-poses.md, "Poses from the face itself").
            "pose measures (mouth opening / face height, mouth width / face width, teeth):",
            "  1. neutral: opening 0.066, width 0.479, teeth 0.139",
            "  2. ooh: opening 0.152, width 0.307, teeth 0.0",
            "  3. teeth: opening 0.086, width 0.487, teeth 0.82",
            "  4. aah: opening 0.226, width 0.436, teeth 0.0",
            "  5. pursed: opening 0.085, width 0.398, teeth 0.137",
        ])
        #expect(check.fileReports.map(\.kind) == [.video, .image, .image, .image, .image, .image])
    }

    @Test func strictFailsOnSessionWarnings() async throws {
        let workspace = try SessionWorkspace("check")
        let folder = try Self.demoVariant(workspace, replacing: nil, with: nil)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let check = try await SessionValidator().check(folder)
        #expect(check.passes(strict: false))
        #expect(!check.passes(strict: true))
        #expect(check.sessionReport.findings.map(\.code) == [.unexpectedFile])
    }
}
