internal import CFFmpeg
public import Foundation
internal import TwinFaces
internal import TwinFiles
public import TwinVoice
// CTwinShims' headers include FFmpeg's too: which module owns a struct like AVRational depends on the build (the
// sanitized fuzz build picks this one), so both are imported wherever FFmpeg's structs are used.
internal import CTwinShims

/// The voice check of one video on its own: what was measured and what was found.
public struct VoiceVerdict: Codable, Sendable, Hashable {
    /// The measurements; nil when the audio could not be read.
    public var voice: VoiceReport?
    /// The speaking check's measurements, which follow the voice (nil when it did not run).
    public var speaking: SpeakingReport?
    /// The voice findings (silent-audio, no-speech, quiet-audio, clipped-audio, script-mismatch,
    /// or corrupt when the audio cannot be decoded) and the speaking check's (face-missing-while-speaking,
    /// face-not-speaking).
    public var findings: [Finding]
    /// The loudness curve, speech stretches and heard script words, for a report page: only when the
    /// validator collects report data (``MediaValidator/collectReportData``); never stored or encoded.
    public var detail: ReportDetail?

    private enum CodingKeys: String, CodingKey {
        case voice, speaking, findings
    }

    public init(voice: VoiceReport?, speaking: SpeakingReport? = nil, findings: [Finding], detail: ReportDetail? = nil) {
        self.voice = voice
        self.speaking = speaking
        self.findings = findings
        self.detail = detail
    }

    /// No error findings.
    public var ok: Bool { !findings.contains { $0.severity == .error } }
}

extension MediaValidator {
    /// Runs only the voice check (``voice``, or loudness and speech when it is nil) on a video, and the speaking
    /// check that follows it.
    public func checkVoice(file: URL) async -> VoiceVerdict {
        await Self.offThePool { [self] in checkVoiceSynchronously(file: file) }
    }

    private func checkVoiceSynchronously(file: URL) -> VoiceVerdict {
        var report = FileReport(path: file.relativePath, kind: .video)
        // FFmpeg opens a FIFO blocking, waiting for a writer: only regular files are media.
        if let kind = BoundedFile.irregularKind(file.path) {
            return VoiceVerdict(voice: nil, findings: [.error(.unreadable, "This is \(kind), not a regular file: the voice check reads only media files.")])
        }
        do {
            let video = try VideoFile(path: file.path, demuxer: "mov")
            guard video.bestStream(AVMEDIA_TYPE_AUDIO) != nil else {
                return VoiceVerdict(voice: nil, findings: [.error(.noAudio, "The video has no audio stream: record it with sound.")])
            }
            inspectVoiceAndSpeaking(file: video, path: file.path, check: voice ?? VoiceSettings(), into: &report)
        } catch {
            report.add(.error(.corrupt, "FFmpeg cannot read this video (\(error.message)): export or copy it again."))
        }
        return VoiceVerdict(voice: report.voice, speaking: report.speaking, findings: report.findings, detail: report.detail)
    }
}

/// Voice verdicts remembered by file content and script, so the same recording (a session copied
/// many times, a resumed batch) is recognised once per process. Holds at most ``capacity`` entries.
public actor VoiceVerdictCache {
    public static let shared = VoiceVerdictCache()
    public static let capacity = 512

    private struct Key: Hashable {
        let size: Int
        let contentHash: Int
        let check: VoiceSettings?
        /// The speaking check's thresholds; nil when it does not run (the face checks are off).
        let speaking: SpeakingThresholds?
        let faces: FaceProfile?
        let withDetail: Bool
    }
    /// Finished and running checks: callers asking for a check already running wait for it
    /// rather than recognising the same audio again side by side.
    private var verdicts: [Key: Task<VoiceVerdict, Never>] = [:]

    public init() {}

    /// The verdict of `validator.checkVoice(file:)`, computed once per content and check.
    ///
    /// The file is hashed on a thread of its own, outside the actor: a long video takes a while to read, and neither
    /// the cache's other callers nor Swift concurrency's cooperative threads wait for it.
    public nonisolated func verdict(for file: URL, validator: MediaValidator) async -> VoiceVerdict {
        let faces = validator.profile.faces.enabled && validator.profile.speaking.enabled ? validator.profile.faces : nil
        let speaking = faces.map { _ in validator.profile.speaking }
        guard let key = await MediaValidator.offThePool({
            Self.key(file, validator.voice, speaking: speaking, faces: faces, withDetail: validator.collectReportData)
        }) else {
            return await validator.checkVoice(file: file)
        }
        return await verdict(for: key, file: file, validator: validator)
    }

    /// The remembered or running check for `key`, or a new one.
    private func verdict(for key: Key, file: URL, validator: MediaValidator) async -> VoiceVerdict {
        if let known = verdicts[key] { return await known.value }
        if verdicts.count >= Self.capacity { verdicts.removeAll() }
        let check = Task { await validator.checkVoice(file: file) }
        verdicts[key] = check
        return await check.value
    }

    /// Size and a keyed hash (SipHash, seeded per process) of the file's bytes, read in chunks; nil when it is not a
    /// regular file (a FIFO would block the read) or cannot be read.
    private static func key(_ file: URL, _ check: VoiceSettings?, speaking: SpeakingThresholds?, faces: FaceProfile?,
                            withDetail: Bool) -> Key? {
        guard let reader = RegularFileReader(path: file.path) else { return nil }
        var hasher = Hasher()
        guard reader.forEachChunk({ hasher.combine(bytes: $0) }) else { return nil }
        return Key(size: Int(reader.stamp.size), contentHash: hasher.finalize(), check: check, speaking: speaking, faces: faces,
                   withDetail: withDetail)
    }
}

extension FileReport {
    /// This video's report with a voice check run apart added: its measurements, its findings (the
    /// verdict follows from them) and, when collected, its loudness curve and heard script words.
    public func adding(_ verdict: VoiceVerdict) -> FileReport {
        var report = self
        report.voice = verdict.voice ?? report.voice
        report.speaking = verdict.speaking ?? report.speaking
        for finding in verdict.findings { report.add(finding) }
        if let detail = verdict.detail {
            report.detail = report.detail ?? ReportDetail()
            report.detail?.momentaryLUFS = detail.momentaryLUFS
            report.detail?.speechIntervals = detail.speechIntervals
            report.detail?.scriptWords = detail.scriptWords
            report.detail?.speakingFrames = detail.speakingFrames
        }
        if let voice = verdict.voice { report.notes.append(voice.summary) }
        if let speaking = verdict.speaking { report.notes.append(speaking.summary) }
        return report
    }
}
