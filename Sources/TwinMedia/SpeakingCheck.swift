internal import CFFmpeg
internal import Foundation
internal import TwinFaces
internal import TwinPictures
internal import TwinVoice
// CTwinShims' headers include FFmpeg's too: which module owns a struct like AVRational depends on the build (the
// sanitized fuzz build picks this one), so both are imported wherever FFmpeg's structs are used.
internal import CTwinShims

/// The thresholds of the speaking check (`[speaking]` in a profile): does the video show the person
/// speaking while the voice is heard? docs/faces-and-poses.md has the calibration.
public struct SpeakingThresholds: Sendable, Hashable {
    /// Whether the check runs (it needs the face checks and the voice check: it samples frames while the voice is heard).
    public var enabled = true
    /// At least one frame is sampled every this many seconds of voice-level speech.
    public var sampleSpacing = 2.0
    /// At most this many frames are sampled (spread evenly over the speech).
    public var maxFrames = 60
    /// A face in fewer than this share of the sampled frames: `face-missing-while-speaking` error.
    public var errorFaceShare = 0.5
    /// A face in fewer than this share: `face-missing-while-speaking` warning.
    public var warningFaceShare = 0.8
    /// The gap between the lips (``FaceTracker/lipGap(_:)``: a share of the eye-to-eye width) must vary by at least
    /// this much across the sampled frames (from its 10th to its 90th percentile): `face-not-speaking` under it.
    public var minMouthVariation = 0.02
    /// How bad `face-not-speaking` is: a warning by default (`not-speaking = "error"` makes it one).
    public var notSpeakingSeverity = Severity.warning

    public init() {}
}

/// What the speaking check measured on a video (`"speaking"` in the JSON report).
public struct SpeakingReport: Codable, Sendable, Hashable {
    /// Frames sampled while the voice was heard (decoded and converted to a picture).
    public var framesSampled: Int
    /// The share of those frames that show a face.
    public var faceShare: Double
    /// How much the gap between the lips varies across the frames with a face (10th to 90th percentile, as a share
    /// of the eye-to-eye width); nil when fewer than three frames show a face.
    public var mouthVariation: Double?

    public init(framesSampled: Int, faceShare: Double, mouthVariation: Double?) {
        self.framesSampled = framesSampled
        self.faceShare = faceShare
        self.mouthVariation = mouthVariation
    }

    private enum CodingKeys: String, CodingKey { case framesSampled, faceShare, mouthVariation }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(framesSampled, forKey: .framesSampled)
        try container.encode(faceShare, forKey: .faceShare)
        try container.encode(mouthVariation, forKey: .mouthVariation)
    }

    /// One line for the text report: "speaking: 9 frames sampled, a face in 100%, mouth variation 0.084".
    public var summary: String {
        "speaking: \(framesSampled) frame\(framesSampled == 1 ? "" : "s") sampled, a face in "
            + "\(Int((faceShare * 100).rounded()))%"
            + (mouthVariation.map { ", mouth variation " + String(format: "%.3f", $0) } ?? ", mouth variation not judged")
    }
}

/// The moments the speaking check looks at: one in each stretch of at most `spacing` seconds of speech,
/// on a keyframe when the stretch holds one (a keyframe decodes alone), else the stretch's middle.
struct SpeakingSamplePlan: Equatable {
    /// Seconds from the start of the recording, ascending.
    var times: [Double]

    init(speech: [SpeechInterval], keyframes: [Double], spacing: Double, maxFrames: Int) {
        var times: [Double] = []
        for interval in speech where interval.end > interval.start {
            let length = interval.end - interval.start
            let stretches = max(1, Int((length / max(0.1, spacing)).rounded(.up)))
            let width = length / Double(stretches)
            for index in 0..<stretches {
                let start = interval.start + Double(index) * width, end = start + width, middle = start + width / 2
                let keyframe = keyframes.filter { $0 >= start && $0 <= end }.min { abs($0 - middle) < abs($1 - middle) }
                times.append(keyframe ?? middle)
            }
        }
        if times.count > maxFrames, maxFrames > 0 {
            let step = Double(times.count) / Double(maxFrames)
            times = (0..<maxFrames).map { times[Int(Double($0) * step + step / 2)] }
        }
        self.times = times
    }
}

/// One frame the speaking check sampled, for the HTML report.
public struct SpeakingFrame: Codable, Sendable, Hashable {
    /// Seconds from the start of the video.
    public var time: Double
    /// The face (or, without one, the whole frame), small.
    public var thumbnail: Thumbnail?
    /// The gap between the lips (a share of the eye-to-eye width); nil when no face was found.
    public var mouthOpening: Double?

    public init(time: Double, thumbnail: Thumbnail?, mouthOpening: Double?) {
        self.time = time
        self.thumbnail = thumbnail
        self.mouthOpening = mouthOpening
    }
}

extension MediaValidator {
    /// The voice check, and the speaking check on the stretches of voice it finds, run while the speech is
    /// recognised; the speaking check's findings and notes follow the voice check's, as if run after it.
    func inspectVoiceAndSpeaking(file: VideoFile, path: String, check: VoiceSettings, into report: inout FileReport) {
        // The speaking check reads the findings so far (a video with no face already has `no-face`).
        var speaking = FileReport(path: report.path, kind: report.kind)
        speaking.findings = report.findings
        let (findingsBefore, notesBefore) = (speaking.findings.count, speaking.notes.count)
        guard inspectVoice(file: file, check: check, into: &report, alongside: { speech in
            inspectSpeaking(path: path, speech: speech, into: &speaking)
        }) != nil else { return }
        report.findings += speaking.findings.dropFirst(findingsBefore)
        report.notes += speaking.notes.dropFirst(notesBefore)
        report.speaking = speaking.speaking
        if let frames = speaking.detail?.speakingFrames, !frames.isEmpty {
            report.detail = report.detail ?? ReportDetail()
            report.detail?.speakingFrames = frames
        }
    }

    /// The speaking check: frames sampled while the voice check hears voice-level speech (``SpeakingSamplePlan``)
    /// are searched for the face and its mouth measured. `face-missing-while-speaking` when the face is missing
    /// from too many of them, `face-not-speaking` when the mouth does not move. Sets `report.speaking`.
    func inspectSpeaking(path: String, speech: [SpeechInterval], into report: inout FileReport) {
        let thresholds = profile.speaking
        guard thresholds.enabled, profile.faces.enabled else { return }
        guard !speech.isEmpty else {
            report.notes.append("speaking not checked: no voice-level speech was heard")
            return
        }
        let samples: [SpeakingSample]
        do {
            samples = try SpeakingSampler(path: path, profile: profile, inColour: collectReportData).sample(speech: speech)
        } catch {
            report.add(.warning(.faceNotChecked, "The speaking check could not run (\(error.message)): whether the video "
                + "shows the person speaking was not judged."))
            report.notes.append("speaking not checked: \(error.message)")
            return
        }
        let pictures = samples.filter { $0.converted }
        guard !pictures.isEmpty else {
            let why = samples.isEmpty ? "no frame decodes at the moments the voice is heard (is the video shorter than its audio?)"
                : "no frame sampled during the speech could be converted to a picture to search (pixel format "
                    + (samples.lazy.compactMap(\.unreadFormat).first ?? "unknown") + ")"
            report.add(.warning(.faceNotChecked, "The speaking check could not run: \(why)."))
            report.notes.append("speaking not checked: \(why)")
            return
        }
        // Frames that could not be searched (the landmark model failed) are not frames without a face.
        if let problem = samples.lazy.compactMap(\.faceProblem).first {
            report.add(.warning(.faceNotChecked, "The speaking check could not search the frames: \(problem)."))
            report.notes.append("speaking not checked: \(problem)")
            return
        }
        let openings = pictures.compactMap(\.mouthOpening)
        let faceShare = Double(pictures.filter(\.hasFace).count) / Double(pictures.count)
        let variation = Self.spread(of: openings)
        let speaking = SpeakingReport(framesSampled: pictures.count, faceShare: (faceShare * 1000).rounded() / 1000,
                                      mouthVariation: variation.map { ($0 * 1000).rounded() / 1000 })
        report.speaking = speaking
        report.notes.append(speaking.summary)
        if collectReportData {
            report.detail = report.detail ?? ReportDetail()
            report.detail?.speakingFrames = pictures.map {
                SpeakingFrame(time: ($0.time * 100).rounded() / 100, thumbnail: $0.thumbnail, mouthOpening: $0.mouthOpening)
            }
        }
        let percent = "\(Int((faceShare * 100).rounded()))%"
        let sampled = "\(pictures.count) frame\(pictures.count == 1 ? "" : "s") sampled while the voice is heard"
        // A video with no face at all already has `no-face`: the same fact is not reported twice.
        if faceShare < thresholds.warningFaceShare, !report.has(.noFace) {
            let severity: Severity = faceShare < thresholds.errorFaceShare ? .error : .warning
            let bound = severity == .error ? thresholds.errorFaceShare : thresholds.warningFaceShare
            report.add(Finding(code: .faceMissingWhileSpeaking, severity: severity, message: "The face shows in only "
                + "\(percent) of the \(sampled) (at least \(Int((bound * 100).rounded()))% expected): keep the whole face "
                + "in the frame, front on, while you read the script."))
        }
        guard let variation else {
            report.notes.append("mouth movement not judged: fewer than 3 sampled frames show a face")
            return
        }
        if variation < thresholds.minMouthVariation {
            report.add(Finding(code: .faceNotSpeaking, severity: thresholds.notSpeakingSeverity, message: "The mouth does "
                + "not move while the voice is heard: the gap between the lips varies by " + String(format: "%.3f", variation)
                + " of the eye-to-eye width across the \(openings.count) frames with a face (at least "
                + String(format: "%g", thresholds.minMouthVariation) + " when speaking). A still picture with a voice-over, "
                + "or a face that does not move its lips, teaches the twin no lip movement: record the person reading "
                + "the script aloud, facing the camera."))
        }
    }

    /// The spread from the 10th to the 90th percentile; nil under three values.
    static func spread(of values: [Double]) -> Double? {
        guard values.count >= 3 else { return nil }
        let sorted = values.sorted()
        let low = sorted[Int((0.1 * Double(sorted.count - 1)).rounded())]
        let high = sorted[Int((0.9 * Double(sorted.count - 1)).rounded())]
        return high - low
    }
}

/// One sampled frame: whether it was converted, and what the face search found.
struct SpeakingSample {
    var time: Double
    var converted: Bool
    /// The pixel format of a frame that could not be converted.
    var unreadFormat: String?
    var hasFace = false
    var mouthOpening: Double?
    var thumbnail: Thumbnail?
    /// Why the face search failed (the landmark model is missing, say).
    var faceProblem: String?
}

/// Decodes the frames of a ``SpeakingSamplePlan`` and measures the mouth in each.
struct SpeakingSampler {
    let path: String
    let profile: ValidationProfile
    /// Whether the thumbnails are wanted (in colour, for the report).
    let inColour: Bool
    /// The most packets read to reach one sample (a keyframe interval of 20 s at 30 fps).
    static let maxPacketsPerSample = 600
    /// The long side of a sampled frame's thumbnail in the report.
    static let thumbnailSide = 120

    /// Whether a picture no other picture refers to, shown before the frame wanted, is left undecoded
    /// (``UnreferencedPictures``): the frames sampled are the same, decoded to the same pixels, for less work.
    var leavesUnreferencedPicturesUndecoded = true

    func sample(speech: [SpeechInterval]) throws(MediaError) -> [SpeakingSample] {
        try sampleCounting(speech: speech).samples
    }

    /// The samples, and how many pictures were left undecoded.
    func sampleCounting(speech: [SpeechInterval]) throws(MediaError) -> (samples: [SpeakingSample], undecoded: Int) {
        let file = try VideoFile(path: path, demuxer: "mov")
        guard let videoIndex = file.bestStream(AVMEDIA_TYPE_VIDEO) else { throw MediaError(.ffmpeg, "no video stream") }
        let stream = file.stream(videoIndex)
        let timeBase = stream.pointee.time_base
        guard timeBase.num > 0, timeBase.den > 0 else { throw MediaError(.ffmpeg, "the video stream has no time base") }
        let start = stream.pointee.start_time == FFmpeg.noPTS ? 0 : stream.pointee.start_time
        let keyframes = FrameTiming.keyframes(of: stream)
        let toSeconds = { (timestamp: Int64) in (Double(timestamp) - Double(start)) * Double(timeBase.num) / Double(timeBase.den) }
        let plan = SpeakingSamplePlan(speech: speech, keyframes: keyframes.map(toSeconds),
                                      spacing: profile.speaking.sampleSpacing, maxFrames: profile.speaking.maxFrames)
        let rotation = MediaValidator.displayRotation(stream)
        let decoder = try VideoDecoder(stream: stream, threads: 1, fast: true, maxPixels: profile.maxVideoPixels)
        let unreferenced = leavesUnreferencedPicturesUndecoded ? UnreferencedPictures(stream.pointee.codecpar) : nil
        var undecoded = 0
        var wanted = Int64.max
        var captured: (picture: WorkingPicture?, format: String?, time: Int64)?
        var position: Int64?  // the time of the last frame the decoder gave
        decoder.onFrame = { frame in
            let time = frame.pointee.best_effort_timestamp
            guard captured == nil, time != FFmpeg.noPTS, time >= wanted else { return }
            let decoded = GreyImage.decoded(frame, longSide: profile.faces.workingSize, colour: inColour)
            let picture = decoded.map { WorkingPicture(grey: $0.grey, colour: $0.colour) }
            captured = (picture?.turned(clockwise: rotation), picture == nil ? GreyImage.pixelFormatName(of: frame) : nil, time)
            position = time
        }
        var tracker = FaceTracker(profile: profile.faces)
        var samples: [SpeakingSample] = []
        var gop: Int?  // the keyframe whose group of pictures the decoder is in
        for seconds in plan.times {
            let target = start &+ Int64((seconds * Double(timeBase.den) / Double(timeBase.num)).rounded())
            let keyframe = keyframes.lastIndex { $0 <= target } ?? 0
            if gop != keyframe || position.map({ $0 > target }) ?? false {
                wanted = .max
                decoder.flush()
                if !keyframes.isEmpty {
                    let seekTarget = keyframe == 0 ? keyframes[0] : keyframes[keyframe - 1] / 2 + keyframes[keyframe] / 2
                    try file.seek(stream: videoIndex, toKeyframeAfter: seekTarget)
                }
                gop = keyframe
            }
            wanted = target
            captured = nil
            var packets = 0
            while captured == nil, packets < Self.maxPacketsPerSample, try file.readPacket() {
                if file.packet.pointee.stream_index == videoIndex {
                    // Shown before the wanted frame (both its times are earlier) and referred to by no other picture:
                    // its frame would never be taken, and no frame that is taken depends on it.
                    let packet = file.packet.pointee
                    if let unreferenced, packet.pts != FFmpeg.noPTS, packet.pts < target, packet.dts == FFmpeg.noPTS || packet.dts < target,
                       unreferenced.isUnreferenced(file.packet) {
                        undecoded += 1
                    } else {
                        decoder.decode(file.packet)
                    }
                    packets += 1
                }
                av_packet_unref(file.packet)
            }
            if captured == nil {  // the end of the file, or too far: what the decoder still holds
                decoder.flush()
                gop = nil
                position = nil
            }
            guard let taken = captured else { continue }
            var sample = SpeakingSample(time: toSeconds(taken.time), converted: taken.picture != nil, unreadFormat: taken.format)
            if let picture = taken.picture { tracker.measure(picture, into: &sample) }
            samples.append(sample)
        }
        return (samples, undecoded)
    }
}

/// Finds the face in consecutive frames of one video cheaply and steadily. Once a face is found, every frame is
/// searched reduced so that the face is about ``searchFaceHeight`` pixels tall (dlib's detector finds faces from
/// 80 px), and at working size only when that finds none. A box that overlaps the last one mostly is taken as the
/// last one: the landmark fit starts from the box, so on a still picture a box that wanders by a pixel would read as
/// lips that move.
struct FaceTracker {
    let profile: FaceProfile
    /// The last face found, in working-size pixels.
    private var last: DetectedFace?
    static let searchFaceHeight = 140.0
    /// Boxes overlapping by at least this much (intersection over union) are the same face, unmoved.
    static let sameBoxOverlap = 0.7

    init(profile: FaceProfile) { self.profile = profile }

    mutating func measure(_ working: WorkingPicture, into sample: inout SpeakingSample) {
        let picture = working.grey
        do {
            guard var face = try find(in: picture) else {
                sample.thumbnail = working.colour.flatMap { Thumbnail($0, longSide: SpeakingSampler.thumbnailSide) }
                return
            }
            if last == nil {
                last = face  // sets the reduced search's scale: the first frame is searched at it too
                face = try find(in: picture) ?? face
            }
            if let last, Self.overlap(last, face) >= Self.sameBoxOverlap { face = last }
            last = face
            let points = try FaceEngine.landmarks(of: face, in: picture, modelPath: profile.modelPath)
            sample.hasFace = true
            sample.mouthOpening = Self.lipGap(points).map(FaceAnalysis.rounded)
            let margin = face.height / 4
            sample.thumbnail = working.colour.flatMap {
                Thumbnail($0.cropped(left: face.left - margin, top: face.top - margin,
                                     width: face.width + 2 * margin, height: face.height + 2 * margin),
                          longSide: SpeakingSampler.thumbnailSide)
            }
        } catch {
            sample.faceProblem = error.message
        }
    }

    /// How far the lips are apart: the mean of the three inner-lip gaps (iBUG points 61–67, 62–66, 63–65) over the
    /// distance between the outer eye corners (36–45), which the jaw's movement does not change. Averaging three gaps
    /// steadies the landmark fit's jitter on closed lips; nil without 68 points.
    static func lipGap(_ points: [Point]) -> Double? {
        guard points.count == 68 else { return nil }
        let eyes = points[36].distance(to: points[45])
        guard eyes > 1 else { return nil }
        let gaps = [(61, 67), (62, 66), (63, 65)].map { points[$0.0].distance(to: points[$0.1]) }
        return gaps.reduce(0, +) / 3 / eyes
    }

    /// Intersection over union of two boxes (0 when they do not meet).
    static func overlap(_ a: DetectedFace, _ b: DetectedFace) -> Double {
        let width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
        let height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
        guard width > 0, height > 0 else { return 0 }
        let shared = Double(width) * Double(height)
        return shared / (Double(a.width) * Double(a.height) + Double(b.width) * Double(b.height) - shared)
    }

    /// The best upright face, in `picture`'s pixels.
    private func find(in picture: GreyImage) throws(FaceError) -> DetectedFace? {
        let longSide = max(picture.width, picture.height)
        if let last, Double(last.height) > Self.searchFaceHeight * 1.2 {
            let side = Int(Double(longSide) * Self.searchFaceHeight / Double(last.height))
            let small = picture.shrunk(toLongSide: side)
            let scale = Double(longSide) / Double(max(1, max(small.width, small.height)))
            if let face = try FaceEngine.detect(in: small, minScore: profile.minScore).first {
                return DetectedFace(left: Int(Double(face.left) * scale), top: Int(Double(face.top) * scale),
                                    width: Int(Double(face.width) * scale), height: Int(Double(face.height) * scale),
                                    score: face.score)
            }
        }
        if let face = try FaceEngine.detect(in: picture, minScore: profile.minScore).first { return face }
        return try FaceAnalysis.detectPadded(picture, minScore: profile.minScore).first
    }
}
