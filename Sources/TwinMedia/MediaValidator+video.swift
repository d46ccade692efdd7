internal import CFFmpeg
internal import CTwinShims
internal import Foundation
internal import TwinFaces
internal import TwinPictures
internal import TwinVoice

extension MediaValidator {
    /// Probes an MP4/MOV file through libavformat and decodes it (partly, or fully when deep).
    func inspectVideo(path: String, format: ContentFormat, into report: inout FileReport) {
        let file: VideoFile
        do {
            file = try VideoFile(path: path, demuxer: "mov")
        } catch {
            report.add(.error(.corrupt, "FFmpeg cannot read this \(format.name.uppercased()) file (\(error.message)). "
                + "It is damaged or incomplete, e.g. cut off while recording or copying; export or copy it again."))
            return
        }
        let audioIndex = file.bestStream(AVMEDIA_TYPE_AUDIO)
        if let audioIndex {
            report.audioCodec = codecName(file.stream(audioIndex))
        }
        guard let videoIndex = file.bestStream(AVMEDIA_TYPE_VIDEO) else {
            report.add(.error(.noVideoStream, "The file has no video stream"
                + (report.audioCodec.map { " (only \($0) audio)" } ?? "") + ": record the session as a video."))
            return
        }
        let stream = file.stream(videoIndex)
        if stream.pointee.codecpar.pointee.width == 0 || stream.pointee.codecpar.pointee.height == 0 {
            // Some codecs (e.g. MPEG-4 part 2) keep their size in the bitstream: read a few packets.
            file.findStreamInfo(maxPixels: profile.maxVideoPixels)
        }
        let parameters = stream.pointee.codecpar.pointee
        report.videoCodec = codecName(stream)
        let storedWidth = Int(parameters.width), storedHeight = Int(parameters.height)
        let rotation = Self.displayRotation(stream)
        report.rotation = rotation
        let overPixelGuard = storedWidth * storedHeight > profile.maxVideoPixels
        // Over the guard the header's size is a claim nothing was decoded to check: quoted in the finding, not reported.
        if storedWidth > 0, storedHeight > 0, !overPixelGuard { // otherwise unknown: the decode check will say why
            report.storedWidth = storedWidth
            report.storedHeight = storedHeight
            let swaps = rotation % 180 != 0
            report.width = swaps ? storedHeight : storedWidth
            report.height = swaps ? storedWidth : storedHeight
        }

        let duration = seconds(stream.pointee.duration, stream.pointee.time_base)
            ?? (file.context.pointee.duration > 0 ? Double(file.context.pointee.duration) / Double(AV_TIME_BASE) : nil)
        report.durationSeconds = duration.map { ($0 * 1000).rounded() / 1000 }
        let timing = FrameTiming(stream: stream)
        report.frameRate = timing.averageRate(duration: duration).map { ($0 * 100).rounded() / 100 }

        judgeVideoStreams(report: &report, rotation: rotation, timing: timing)
        if overPixelGuard {
            report.add(.error(.tooLarge, "The video stream claims \(storedWidth)x\(storedHeight) = "
                + String(format: "%.1f", Double(storedWidth) * Double(storedHeight) / 1e6) + " megapixels a frame, over the limit of "
                + String(format: "%g", Double(profile.maxVideoPixels) / 1e6) + " MP; no frame was decoded. Record or export at 4K or "
                    + "less."))
            return
        }
        var pictures: [WorkingPicture] = []
        var unreadFormat: String?
        let integrity = checkIntegrity(file: file, videoIndex: videoIndex, audioIndex: audioIndex, pictures: &pictures,
                                       unreadFormat: &unreadFormat)
        if let integrity { report.add(integrity) }
        let displayed = integrity == nil ? pictures.map { $0.turned(clockwise: rotation) } : []
        let analyses = profile.faces.enabled && integrity == nil
            ? judgeFaces(in: displayed.map(\.grey), unreadFormat: unreadFormat, into: &report) : []
        if collectReportData {
            report.detail = report.detail ?? ReportDetail()
            report.detail?.frames = Self.frames(displayed, analyses: analyses)
        }
        // An audio codec already rejected is not measured: the voice check's verdict would be about audio the API refuses.
        let audioAccepted = report.audioCodec.map(profile.audioCodecs.contains) ?? false
        if voice != nil, integrity == nil, audioIndex != nil, !audioAccepted {
            report.notes.append("voice not checked: the audio codec is not accepted")
        }
        if let voice, integrity == nil, audioIndex != nil, audioAccepted {
            do {
                try inspectVoiceAndSpeaking(file: VideoFile(path: path, demuxer: "mov"), path: path, check: voice, into: &report)
            } catch {
                report.add(.error(.corrupt, "FFmpeg cannot read the audio again (\(error.message))."))
            }
        }
    }

    /// `no-face` when none of the keyframes shows a face; `face-not-upright` when faces show only
    /// turned although the display matrix says how the video stands; `face-not-checked` when no keyframe
    /// could be converted to a picture to search (`unreadFormat` names its pixel format), or none with a face was
    /// found and a search could not run.
    private func judgeFaces(in pictures: [GreyImage], unreadFormat: String?, into report: inout FileReport) -> [FaceAnalysis] {
        guard !pictures.isEmpty else {
            let format = unreadFormat ?? "unknown"
            report.add(.warning(.faceNotChecked, "The face check could not run: no keyframe could be converted to a "
                + "picture to search (pixel format \(format)). Re-encode the video to 8-bit 4:2:0, e.g. "
                + "`ffmpeg -i IN -pix_fmt yuv420p -c:v libx264 -crf 18 -c:a copy OUT.mp4`."))
            report.notes.append("face not checked (pixel format \(format) not converted)")
            return []
        }
        let analyses = pictures.map { picture in
            FaceAnalysis.run(on: picture, displayedWidth: report.width ?? picture.width, profile: profile.faces)
        }
        let withFace = analyses.filter { !$0.faces.isEmpty }
        report.faceIdentity = Self.identity(of: analyses)
        if withFace.isEmpty, let reason = analyses.lazy.compactMap(\.searchFailure).first {
            // A keyframe that could not be searched is not a keyframe without a face.
            report.add(.faceSearchFailed(reason, in: "the video's keyframes"))
            report.notes.append("face not checked (\(reason))")
            return analyses
        }
        if let upright = withFace.first(where: { $0.faces.first?.rotation == 0 }) {
            report.faces = upright.faces
        } else if let turned = withFace.first {
            report.faces = turned.faces
            report.findings += turned.findings.filter { $0.code == .faceNotUpright }
        } else {
            report.faces = []
            if profile.faces.checks(.noFace) {
                report.add(.error(.noFace, "No face in the first, middle or last keyframe (turned every way): the video must "
                    + "show the person's face, front on, while they read the script."))
            }
        }
        report.notes.append((report.faces?.isEmpty ?? true ? "no face" : Self.faceNote(withFace[0]))
            + " (\(pictures.count) keyframe\(pictures.count == 1 ? "" : "s"))")
        return analyses
    }

    /// The descriptors of the analysed frames' faces: the pipeline's reference for the session is their median.
    /// Any longer list of analysed frames feeds it unchanged.
    static func identity(of analyses: [FaceAnalysis]) -> FaceIdentity {
        FaceIdentity(descriptors: analyses.compactMap(\.descriptor), problem: analyses.lazy.compactMap(\.identityProblem).first)
    }

    /// The report's video frames: thumbnails of the displayed pictures, with their faces when analysed.
    private static func frames(_ pictures: [WorkingPicture], analyses: [FaceAnalysis]) -> [VideoFrame] {
        let labels = pictures.count == 3 ? ["first", "middle", "last"] : pictures.count == 2 ? ["first", "last"] : ["first"]
        return zip(labels, pictures).enumerated().map { index, item in
            let analysis = index < analyses.count ? analyses[index] : nil
            return VideoFrame(label: item.0, thumbnail: Thumbnail(item.1.colour ?? ColourImage(grey: item.1.grey)),
                              faces: analysis?.faces ?? [],
                              landmarks: analysis?.reportLandmarks ?? [])
        }
    }

    /// The timestamp one second before the end of a stream (its time base); 0 when unknown.
    private func lastSecond(of stream: UnsafeMutablePointer<AVStream>) -> Int64 {
        let tb = stream.pointee.time_base
        guard stream.pointee.duration != FFmpeg.noPTS, stream.pointee.duration > 0, tb.num > 0 else { return 0 }
        // Container values are untrusted: a sum past Int64 would trap, so it is checked (and then unknown).
        let (end, overflow) = stream.pointee.start_time.clampedStart.addingReportingOverflow(stream.pointee.duration)
        guard !overflow else { return 0 }
        let (target, underflow) = end.subtractingReportingOverflow(Int64(tb.den) / Int64(tb.num))
        return underflow ? 0 : target
    }

    private func codecName(_ stream: UnsafeMutablePointer<AVStream>) -> String {
        String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id))
    }

    /// The clockwise display rotation in degrees (0/90/180/270), from the display matrix.
    ///
    /// `av_display_rotation_get` answers counter-clockwise degrees (a portrait phone video says
    /// -90); the clockwise turn a viewer applies is its negation, snapped to a right angle.
    static func displayRotation(_ stream: UnsafeMutablePointer<AVStream>) -> Int {
        var present: Int32 = 0
        let counterClockwise = twin_stream_display_rotation(stream, &present)
        guard present != 0, counterClockwise.isFinite else { return 0 }
        let clockwise = Int((-counterClockwise / 90).rounded()) * 90
        return ((clockwise % 360) + 360) % 360
    }

    private func judgeVideoStreams(report: inout FileReport, rotation: Int, timing: FrameTiming) {
        let codec = report.videoCodec ?? "unknown"
        if !profile.videoCodecs.contains(codec) {
            report.add(.error(.unsupportedCodec, "Video codec \(codec) is not accepted (accepted: "
                + profile.videoCodecs.sorted().joined(separator: ", ") + "). Re-encode, e.g. "
                + "`ffmpeg -i IN -c:v libx264 -crf 18 -c:a aac OUT.mp4`."))
        }
        if let audio = report.audioCodec {
            if !profile.audioCodecs.contains(audio) {
                report.add(.error(.unsupportedCodec, "Audio codec \(audio) is not accepted (accepted: "
                    + profile.audioCodecs.sorted().joined(separator: ", ") + "). Re-encode the audio, e.g. `-c:a aac`."))
            }
        } else if profile.requireAudio {
            report.add(.error(.noAudio, "The video has no audio stream, but the voice is validated too: "
                + "record with the microphone on."))
        }
        judgeShape(&report, minShortSide: profile.minVideoShortSide,
                   turn: rotation == 0 ? "no rotation" : "rotated \(rotation)° for display")
        if let duration = report.durationSeconds, !profile.durationRange.contains(duration) {
            report.add(.warning(.duration, String(format: "Duration %.2f s is outside the accepted %g–%g s.",
                                                  duration, profile.durationRange.lowerBound, profile.durationRange.upperBound)))
        }
        if timing.isVariable {
            report.add(.warning(.variableFrameRate, "Variable frame rate (frame intervals from "
                + String(format: "%.1f to %.1f ms", timing.shortestInterval * 1000, timing.longestInterval * 1000)
                + "). Convert to constant, e.g. `ffmpeg -i IN -fps_mode cfr -r 30 OUT.mp4`."))
        }
        var summary = "\(codec) video"
        summary += report.audioCodec.map { ", \($0) audio" } ?? ", no audio"
        if let duration = report.durationSeconds { summary += String(format: ", %.2f s", duration) }
        if let rate = report.frameRate { summary += String(format: " at %g fps", rate) + (timing.isVariable ? " (variable)" : "") }
        report.notes.append(summary)
    }

    /// Checks the index against the file size, then decodes the start and the end (from the last
    /// keyframe) of the video and audio, reading every packet of the end; or, deep, decodes every
    /// frame. Returns a `corrupt` finding when anything fails to read or decode.
    private func checkIntegrity(file: VideoFile, videoIndex: Int32, audioIndex: Int32?, pictures: inout [WorkingPicture],
                                unreadFormat: inout String?) -> Finding? {
        // A cut-off file whose index sits at the front: the index points past the end of the file.
        let expectedBytes = [videoIndex, audioIndex].compactMap { $0 }.map { FrameTiming.lastByte(of: file.stream($0)) }.max() ?? 0
        let actualBytes = file.byteSize
        if actualBytes > 0, expectedBytes > actualBytes {
            let missing = 100 * Double(expectedBytes - actualBytes) / Double(expectedBytes)
            return .error(.corrupt, "The file is truncated: its index expects \(expectedBytes) bytes but it has "
                + "\(actualBytes) (\(String(format: "%.0f", missing))% missing). Copy or export it again.")
        }
        let video: VideoDecoder, audio: VideoDecoder?
        do {
            video = try VideoDecoder(stream: file.stream(videoIndex), threads: deep ? 0 : 1, fast: !deep, maxPixels: profile.maxVideoPixels)
            audio = try audioIndex.map { index throws(MediaError) in
                try VideoDecoder(stream: file.stream(index), threads: 1, fast: false, maxPixels: profile.maxVideoPixels)
            }
        } catch {
            return .error(.corrupt, "Cannot decode: \(error.message).")
        }
        // The face checks look at the first picture and at the keyframes nearest the middle and at the end.
        var first: WorkingPicture?, middle: (time: Int64, picture: WorkingPicture)?, last: (time: Int64, picture: WorkingPicture)?
        let wantsPictures = profile.faces.enabled || collectReportData
        let middleKeyframe = wantsPictures ? FrameTiming.middleKeyframe(of: file.stream(videoIndex)) : nil
        var unconverted: String?
        if wantsPictures {
            let side = profile.faces.workingSize
            video.onFrame = { frame in
                let isKey = frame.pointee.key_frame != 0
                guard first == nil || isKey else { return }
                // In colour only for the report's thumbnails, so kept at their size.
                guard let decoded = GreyImage.decoded(frame, longSide: side, colour: collectReportData) else {
                    unconverted = unconverted ?? GreyImage.pixelFormatName(of: frame)
                    return
                }
                let grey = WorkingPicture(grey: decoded.grey, colour: decoded.colour?.shrunk(toLongSide: Thumbnail.longSide))
                guard first != nil else { first = grey; return }
                let time = frame.pointee.best_effort_timestamp
                if let target = middleKeyframe?.timestamp, time != FFmpeg.noPTS,
                   abs(Double(time) - Double(target)) < middle.map({ abs(Double($0.time) - Double(target)) }) ?? .infinity {
                    middle = (time, grey)
                }
                if last.map({ time >= $0.time }) ?? true { last = (time, grey) }
            }
        }
        defer {
            unreadFormat = unconverted
            pictures = [first, middle.flatMap { $0.time == last?.time ? nil : $0.picture }, last?.picture].compactMap { $0 }
        }
        /// Decodes the packet just read if `wanted` says so for its decoder, then releases it.
        func feed(_ wanted: (VideoDecoder, Int64) -> Bool = { _, _ in true }) {
            let index = file.packet.pointee.stream_index
            let time = file.packet.pointee.pts != FFmpeg.noPTS ? file.packet.pointee.pts : file.packet.pointee.dts
            if index == videoIndex, wanted(video, time) {
                video.decode(file.packet)
            } else if index == audioIndex, let audio, wanted(audio, time) {
                audio.decode(file.packet)
            }
            av_packet_unref(file.packet)
        }
        var readError: String?
        var endFrames: Int?
        do {
            let lastKeyframe = FrameTiming.lastKeyframe(of: file.stream(videoIndex))
            if deep || lastKeyframe == nil {
                while try file.readPacket() { feed() }
            } else if let lastKeyframe {
                // The start: video up to its first keyframe and the first audio packet; draining
                // the decoders then yields their pictures without decoding the frames after them.
                var packets = 0, keyframeSent = false
                while !keyframeSent || (audio.map { $0.tally.packets < 1 } ?? false), packets < 500,
                      try file.readPacket() {
                    let isKey = file.packet.pointee.stream_index == videoIndex
                        && file.packet.pointee.flags & AV_PKT_FLAG_KEY != 0
                    feed { decoder, _ in decoder === video ? !keyframeSent : decoder.tally.packets < 1 }
                    keyframeSent = keyframeSent || isKey
                    packets += 1
                }
                video.flush()
                audio?.flush()
                // The middle (for the face checks only): one keyframe's picture, no audio.
                if let middleKeyframe {
                    let packetsBefore = video.tally.packets
                    try file.seek(stream: videoIndex, toKeyframeAfter: middleKeyframe.seekTarget)
                    var packets = 0
                    while video.tally.packets == packetsBefore, packets < 500, try file.readPacket() {
                        feed { decoder, _ in decoder === video }
                        packets += 1
                    }
                    video.flush()
                }
                // The end: the last keyframe's picture, the last second of audio, and every packet
                // read to the end of the file (a cut-off file fails here or in the index check).
                let framesBefore = video.tally.frames, packetsBefore = video.tally.packets
                let audioTail = audioIndex.map { lastSecond(of: file.stream($0)) } ?? .max
                try file.seek(stream: videoIndex, toKeyframeAfter: lastKeyframe)
                while try file.readPacket() {
                    feed { decoder, time in
                        decoder === video ? decoder.tally.packets == packetsBefore : time >= audioTail
                    }
                }
                video.flush()
                endFrames = video.tally.frames - framesBefore
            }
        } catch {
            readError = error.message
        }
        video.flush()
        audio?.flush()

        var problems: [String] = []
        for (name, decoder) in [("video", video), ("audio", audio)] {
            guard let tally = decoder?.tally, tally.errors > 0 else { continue }
            let at = tally.firstErrorSeconds.map { String(format: " at %.2f s", $0) } ?? ""
            problems.append("\(tally.errors) \(name) decode error\(tally.errors == 1 ? "" : "s"), the first\(at): "
                + (tally.firstErrorMessage ?? "unknown"))
        }
        if let readError { problems.append("reading stopped: \(readError)") }
        if video.tally.frames == 0 { problems.append("no video frame decodes") }
        if endFrames == 0 { problems.append("the end of the video does not decode (truncated or damaged at the end)") }
        guard !problems.isEmpty else { return nil }
        return .error(.corrupt, "The file is damaged: " + problems.joined(separator: "; ")
            + ". Export or copy it again from the original recording.")
    }
}

extension Int64 {
    /// A stream start time, with AV_NOPTS_VALUE read as 0.
    fileprivate var clampedStart: Int64 { self == FFmpeg.noPTS ? 0 : self }
}

/// Frame timing of a stream from its index (MP4/MOV sample tables), read without decoding.
struct FrameTiming {
    /// Seconds between consecutive frames, in decode order.
    private(set) var intervals: [Double] = []

    init(stream: UnsafeMutablePointer<AVStream>) {
        let count = Int(avformat_index_get_entries_count(stream))
        guard count > 1 else { return }
        let tb = stream.pointee.time_base
        var previous: Int64?
        intervals.reserveCapacity(count - 1)
        for index in 0..<Int32(count) {
            guard let entry = avformat_index_get_entry(stream, index) else { continue }
            let timestamp = entry.pointee.timestamp
            if let previous, timestamp > previous {
                // In Double: the difference of two hostile timestamps may not fit an Int64.
                intervals.append((Double(timestamp) - Double(previous)) * Double(tb.num) / Double(tb.den))
            }
            previous = timestamp
        }
    }

    var shortestInterval: Double { intervals.min() ?? 0 }
    var longestInterval: Double { intervals.max() ?? 0 }

    /// Variable when more than 5% of the frame intervals differ from the typical one by over 20%
    /// (a single dropped frame or timestamp rounding does not count).
    var isVariable: Bool {
        guard intervals.count >= 4 else { return false }
        let median = intervals.sorted()[intervals.count / 2]
        guard median > 0 else { return false }
        let off = intervals.dropLast().filter { abs($0 - median) > 0.2 * median }.count
        return off > max(1, intervals.count / 20)
    }

    /// Frames per second: the index's frame count over the duration.
    func averageRate(duration: Double?) -> Double? {
        guard let duration, duration > 0, !intervals.isEmpty else { return nil }
        return Double(intervals.count + 1) / duration
    }

    /// The keyframe nearest the middle of the stream, other than its first and last: its index
    /// timestamp and a timestamp from which a forward seek lands on it (halfway from the keyframe
    /// before it, as for ``lastKeyframe(of:)``). Nil with fewer than three keyframes.
    static func middleKeyframe(of stream: UnsafeMutablePointer<AVStream>) -> (timestamp: Int64, seekTarget: Int64)? {
        let count = avformat_index_get_entries_count(stream)
        let keyframes = Self.keyframes(of: stream)
        guard keyframes.count >= 3, let start = avformat_index_get_entry(stream, 0),
              let end = avformat_index_get_entry(stream, count - 1) else { return nil }
        let centre = Double(start.pointee.timestamp) / 2 + Double(end.pointee.timestamp) / 2
        let inner = 1..<(keyframes.count - 1)
        guard let nearest = inner.min(by: { abs(Double(keyframes[$0]) - centre) < abs(Double(keyframes[$1]) - centre) }) else {
            return nil
        }
        // Halved before adding, so no pair of timestamps from the file can overflow.
        return (keyframes[nearest], keyframes[nearest - 1] / 2 + keyframes[nearest] / 2)
    }

    /// The index timestamps of the stream's keyframes, ascending (empty without an index).
    static func keyframes(of stream: UnsafeMutablePointer<AVStream>) -> [Int64] {
        var keyframes: [Int64] = []
        for index in 0..<max(0, avformat_index_get_entries_count(stream)) {
            if let entry = avformat_index_get_entry(stream, index), entry.pointee.flags & AVINDEX_KEYFRAME != 0 {
                keyframes.append(entry.pointee.timestamp)
            }
        }
        return keyframes.sorted()
    }

    /// A timestamp from which a forward seek lands on the last keyframe the index lists: halfway
    /// from the keyframe before it (demuxers shift requested timestamps by the composition
    /// offset, so the keyframe's own timestamp could land a whole GOP early). Nil without keyframes.
    static func lastKeyframe(of stream: UnsafeMutablePointer<AVStream>) -> Int64? {
        var keyframes: [Int64] = []
        var index = avformat_index_get_entries_count(stream) - 1
        while index >= 0, keyframes.count < 2 {
            if let entry = avformat_index_get_entry(stream, index), entry.pointee.flags & AVINDEX_KEYFRAME != 0 {
                keyframes.append(entry.pointee.timestamp)
            }
            index -= 1
        }
        guard let last = keyframes.first else { return nil }
        guard keyframes.count == 2 else { return last }
        // Halfway without overflow: each half is taken before adding.
        return keyframes[1] / 2 + last / 2 + (keyframes[1] % 2 + last % 2) / 2
    }

    /// The byte just past the last sample the index lists for a stream.
    static func lastByte(of stream: UnsafeMutablePointer<AVStream>) -> Int64 {
        var last: Int64 = 0
        for index in 0..<avformat_index_get_entries_count(stream) {
            guard let entry = avformat_index_get_entry(stream, index) else { continue }
            let (end, overflow) = entry.pointee.pos.addingReportingOverflow(Int64(entry.pointee.size))
            last = max(last, overflow ? Int64.max : end)
        }
        return last
    }
}
