import Foundation
import TwinFaces
import TwinMedia
import TwinVoice

/// The seam between the sandbox and the media validator: a downloaded file and the kind it must be
/// in, the reasons the service would refuse it out (empty when it is fine), the warnings it logs, and the
/// file's face descriptor (a video's: the median of its frames') for the one-person check across the creation.
struct MediaJudge: Sendable {
    /// What the service would say of one file.
    struct Verdict: Sendable {
        /// Why it refuses the file ("code: message"); empty when it accepts it.
        var problems: [String]
        /// Warnings ("code: message"): logged, never a failed creation.
        var warnings: [String] = []
        var face: FaceDescriptor?
    }

    let judge: @Sendable (_ file: URL, _ expected: MediaKind) async -> Verdict

    /// The reasons the service would refuse `file`.
    func problems(_ file: URL, _ expected: MediaKind) async -> [String] { await judge(file, expected).problems }

    /// The profile the sandbox judges with: the built-in one with the face checks on, so a photo
    /// without a face fails the creation as the real service would.
    static let profile: ValidationProfile = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return profile
    }()

    /// The same judgement as `twin validate` (faces included), and for a video the voice check against
    /// the sandbox's English script, as the service validates the voice (with the speaking check that follows
    /// it): errors fail the creation, warnings do not.
    static let validator = MediaJudge { file, expected in
        let report = await MediaValidator(profile: profile, deep: false).validate(file: file)
        let face = FaceDescriptor.median(report.faceIdentity?.descriptors ?? [])
        var problems = report.findings.filter { $0.severity == .error }.map { "\($0.code): \($0.message)" }
        if problems.isEmpty, report.kind != expected {
            problems.append("\(expected == .video ? "not a video" : "not a photo"): the file holds \(report.format ?? "unknown content")")
        }
        var warnings: [String] = []
        if problems.isEmpty, expected == .video {
            let voice = MediaValidator(profile: profile, voice: VoiceSettings(script: SandboxScripts.script(for: "English"),
                                                                          language: "English"))
            let verdict = await VoiceVerdictCache.shared.verdict(for: file, validator: voice)
            problems += verdict.findings.filter { $0.severity == .error }.map { "\($0.code): \($0.message)" }
            warnings = verdict.findings.filter { $0.severity == .warning }.map { "\($0.code): \($0.message)" }
        }
        return Verdict(problems: problems, warnings: warnings, face: face)
    }
}
