import Foundation
import TestSupport
import TwinFaces
import TwinMedia
import TwinPipeline
import TwinReport
import TwinValidation
import TwinVoice

/// The sessions the report tests render, validated once per test process through the real
/// libraries with the report's data collected.
enum ReportSessions {
    /// The sandbox's English script, which the demo video recites (fixtures/make-voice-fixtures.sh).
    static let englishScript = """
        Hi, I'm recording this video to create my AI twin. I'm looking straight into the camera, \
        speaking clearly and naturally, the way I would talk to a friend. Sometimes I smile, sometimes \
        I pause to think, and then I carry on. This is what my voice sounds like, and this is how I move.
        """

    /// A name a hostile user could give a session folder: markup, quotes and an ampersand.
    static let hostileName = "<script>alert(1)</script> & \"quoted\" 'x'"

    static let validator: SessionValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return SessionValidator(validator: MediaValidator(profile: profile, voice: VoiceSettings(script: englishScript),
                                                          collectReportData: true))
    }()

    /// `twin validate fixtures/sessions/demo --script …` with the report's data.
    static let demo = Task<ValidationReport, any Error> {
        let folder = TestPaths.fixtures.appendingPathComponent("sessions/demo")
        return ValidationReport(files: try await validator.check(folder, displayPath: "fixtures/sessions/demo").reports)
    }

    /// A failing session with a hostile folder name: a landscape photo without a face in the teeth
    /// slot, and a video reciting another text.
    static let failing = Task<ValidationReport, any Error> {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("twin-report-\(UUID().uuidString)")
        let folder = parent.appendingPathComponent(hostileName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")
        for pose in ["neutral", "ooh", "aah", "pursed"] {
            try FileManager.default.copyItem(at: demo.appendingPathComponent("\(pose).jpg"),
                                             to: folder.appendingPathComponent("\(pose).jpg"))
        }
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("image/landscape.jpg"),
                                         to: folder.appendingPathComponent("teeth.jpg"))
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("voice/rms-other-clean.mp4"),
                                         to: folder.appendingPathComponent("video.mp4"))
        defer { try? FileManager.default.removeItem(at: parent) }
        return ValidationReport(files: try await validator.check(folder, displayPath: hostileName).reports)
    }

    /// A `twin batch` page's sessions: three sessions of the demo person (distinct files, as three recordings would
    /// be) that completed, and the failing one, refused by validation; each validated with the report's data.
    static let batch = Task<(BatchReport, ValidationReport), any Error> {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("twin-batch-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        var files: [FileReport] = []
        var outcomes: [SessionOutcome] = []
        for (index, name) in ["kim", "lee", "max"].enumerated() {
            let folder = parent.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            try copySession(TestPaths.fixtures.appendingPathComponent("sessions/demo"), to: folder)
            files += try await validator.check(folder, displayPath: "sessions/\(name)").reports
            outcomes.append(SessionOutcome(id: name, twinName: name, stage: .complete, ok: true, listedName: "twin-\(index + 1)-\(name)",
                                           operationID: "op-\(index + 1)"))
        }
        let refused = try await Self.failing.value
        files += refused.files
        outcomes.append(SessionOutcome(id: hostileName, twinName: "ray", stage: .invalid, ok: false,
                                       detail: "validation failed; nothing was uploaded",
                                       findings: refused.files.flatMap { file in
                                           file.findings.map { ReportedFinding(file: file.path, finding: $0) }
                                       }))
        return (BatchReport(sessions: outcomes), ValidationReport(files: files))
    }

    /// A folder under `.build/` for the pages and screenshots the tests keep (printed, not deleted).
    static let artifacts: URL = {
        let folder = TestPaths.packageRoot.appendingPathComponent(".build/test-artifacts/report")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }()
}
