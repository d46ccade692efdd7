import ArgumentParser
import Foundation
import TwinAPI
import TwinFaces
import TwinMedia
import TwinPipeline
import TwinValidation
import TwinVoice

/// `twin validate`: judge video and photo files the way the AI Twin API needs them.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check videos and calibration photos before submission (FFmpeg, libjpeg, libpng).",
        discussion: """
            A PATH is a media file or a folder (its video and image files, recursively). A session
            folder (a twin.toml, or a video and photos) is also checked as a session: its resolved
            pose order and the findings missing-pose, duplicate-pose, unexpected-file, missing-video,
            ambiguous-video and invalid-manifest; so is each session in a folder of sessions. One person
            per session: different-person (error), several-people-in-video (warning); between the
            sessions given: same-person (warning), shared-media (error); identity-not-checked (warning)
            when the face-recognition model is missing.

            Errors: unreadable, unsupported-format, unsupported-codec, not-vertical, corrupt, \
            no-video-stream, no-audio, too-large. Warnings (fail only with --strict): \
            extension-mismatch, low-resolution, duration, variable-frame-rate.

            The voice check runs on every video by default (--no-voice-check or [voice] enabled = false
            in the profile turns it off): it measures the audio (libebur128) and recognises the speech
            (PocketSphinx, English): errors silent-audio, no-speech; warnings quiet-audio, clipped-audio,
            voice-not-checked (the recogniser could not run).
            With --script FILE or --script-language LANG it also checks the recitation: script-mismatch
            (an error below 0.30 coverage, a warning below 0.60).

            Exit status: 0 when nothing failed, 1 when some file failed, 2 on a usage error.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, github
    }

    @Option(help: "Output format: text (a table; colour on a terminal), json, junit, or github (Actions annotations).")
    var format: OutputFormat = .text

    @Flag(help: "Decode every frame (frame-threaded) and report every decode error; slower.")
    var deep = false

    @Flag(help: "Fail on warnings too (extension-mismatch, low-resolution, duration, variable-frame-rate).")
    var strict = false

    @Option(help: ArgumentHelp("A TOML profile overriding the built-in thresholds and allow-lists.", valueName: "file"))
    var profile: String?

    @Flag(help: "Check each video's voice: loudness and speech (the default; kept for scripts that pass it).")
    var voice = false

    @Flag(name: .customLong("no-voice-check"), help: "Skip the voice check (loudness, speech, the script) on every video.")
    var noVoiceCheck = false

    @Option(help: ArgumentHelp("A text file with the script the videos recite (implies --voice; script-mismatch).",
                               valueName: "file"))
    var script: String?

    @Option(name: .customLong("script-language"), help: ArgumentHelp(
        "The script's language; without --script, fetch it from /script (needs the API key). Implies --voice.",
        valueName: "language"))
    var scriptLanguage: String?

    @Option(name: .customLong("keep-descriptors"), help: ArgumentHelp(
        "Write every face descriptor (biometric data, written nowhere else) to this JSON file, readable by you only.",
        valueName: "file"))
    var keepDescriptors: String?

    @OptionGroup(title: "API (for --script-language)")
    var api: APIOptions

    @OptionGroup(title: "Session folders")
    var sessionOptions: SessionOptions

    @OptionGroup(title: "Report")
    var reportOptions: ReportOptions

    @Argument(help: ArgumentHelp("Media files or folders to validate.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one file or folder to validate.") }
        if noVoiceCheck, voice || script != nil || scriptLanguage != nil {
            throw ValidationError("--no-voice-check cannot be combined with --voice, --script or --script-language.")
        }
    }

    func run() async throws {
        let loadedProfile: ValidationProfile
        do {
            loadedProfile = try profile.map { try ValidationProfile(contentsOf: URL(fileURLWithPath: $0)) } ?? .builtIn
        } catch {
            throw ValidationError("\(error)")
        }
        let voiceOn = !noVoiceCheck && (loadedProfile.voice.enabled || voice || script != nil || scriptLanguage != nil)
        let validator = MediaValidator(profile: loadedProfile, deep: deep, voice: voiceOn ? try await voiceSettings() : nil,
                                       collectReportData: reportOptions.wanted)
        let report = try await Preflight.validate(paths: paths, validator: validator, loader: try sessionOptions.loader(), strict: strict)

        let colour = format == .text && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let reportFormat = ReportFormat(rawValue: format.rawValue) ?? .text
        // A JSON document that lost a file's report fails the run, whatever the files' verdicts.
        var (rendered, complete) = (report.rendered(as: reportFormat, colour: colour), true)
        if reportFormat == .json { (rendered, complete) = report.jsonDocument() }
        FileHandle.standardOutput.write(Data(rendered.utf8))
        if format == .github, let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
            appendStepSummary(report.githubStepSummary(), to: summary)
        }
        try reportOptions.write(validation: report, command: "validate")
        if let keepDescriptors { try Self.writeDescriptors(of: report, to: keepDescriptors) }
        if !report.ok || !complete { throw ExitCode(1) }
    }

    /// Writes each file's face descriptors, by report path, to `path` (mode 0600): the only place they are ever written.
    static func writeDescriptors(of report: ValidationReport, to path: String) throws {
        struct Entry: Encodable {
            var path: String
            var descriptors: [[Float]]
        }
        let entries = report.files.compactMap { file in
            file.faceIdentity.map { Entry(path: file.path, descriptors: $0.descriptors.map(\.values)) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let data = try encoder.encode(["files": entries])
            guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure("cannot write the face descriptors to \(path)")
            }
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("cannot encode the face descriptors: \(error)")
        }
    }

    /// The voice check the options ask for: loudness and speech, and the script when one is given.
    private func voiceSettings() async throws -> VoiceSettings {
        let language = scriptLanguage ?? "English"
        if let script {
            return VoiceSettings(script: try Self.readScript(script), language: language)
        }
        guard scriptLanguage != nil else { return VoiceSettings(script: nil, language: language) }
        do {
            let text = try await api.withClient { client in
                _ = try await client.supportedLanguages()
                return try await client.script(language: language)
            }
            return VoiceSettings(script: text, language: language)
        } catch let error as TwinAPIError {
            throw CommandFailure("cannot fetch the \(language) script from /script: \(error)")
        }
    }

    /// The largest script file read (the API's scripts are a paragraph).
    static let maxScriptBytes = 64 * 1024

    static func readScript(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ValidationError("cannot read the script file \(path)")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxScriptBytes + 1)) ?? Data()
        guard data.count <= maxScriptBytes else {
            throw ValidationError("the script file \(path) is over \(maxScriptBytes / 1024) KiB; give the text to recite")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard !ScriptText(text).words.isEmpty else { throw ValidationError("the script file \(path) holds no words") }
        return text
    }

    private func appendStepSummary(_ markdown: String, to path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            FileHandle.standardError.write(Data("twin: cannot write the step summary to \(path)\n".utf8))
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        handle.write(Data(markdown.utf8))
    }
}
