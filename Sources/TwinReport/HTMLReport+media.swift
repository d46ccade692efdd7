internal import Foundation
internal import TwinFaces
internal import TwinMedia
internal import TwinPipeline
internal import TwinVoice

extension HTMLReport {
    /// A photo: thumbnail with its face box and landmarks, slot, file, verdict, pose measures, findings.
    static func photo(_ report: FileReport, verdict judged: Verdict, findings list: [PageFinding], marked: Set<String>,
                      neutral: PoseMeasures?, anchors: FirstOccurrences) -> String {
        let name = (report.path as NSString).lastPathComponent
        let slot = report.detail?.slot
        let slotText = slot.map { "slot \($0.position) (\($0.pose))" } ?? "no slot"
        var html = "<li class=\"photo \(judged.rawValue)\"" + (slot.map { " data-slot=\"\(HTML.escaped($0.pose))\"" } ?? "") + ">"
        html += "<figure>" + picture(report.detail?.thumbnail, width: report.width, height: report.height,
                                     faces: report.faces ?? [], landmarks: report.detail?.landmarks ?? [],
                                     alt: "Photo \(name), \(slotText)")
        html += "<figcaption>" + (slot.map { "<span class=\"slot\">\($0.position). \(HTML.escaped($0.pose))</span> " } ?? "")
            + "<span class=\"file\">\(HTML.escaped(name))</span> \(judged.badge)</figcaption></figure>"
        html += identity(report)
        if let measures = PoseMeasures(report) {
            html += "<table class=\"measures\"><tr><th scope=\"col\"></th><th scope=\"col\">this</th>"
                + (neutral != nil ? "<th scope=\"col\">neutral</th>" : "") + "</tr>"
            let rows = [("mouth opening", measures.mouthOpening, neutral?.mouthOpening),
                        ("mouth width", measures.mouthWidth, neutral?.mouthWidth), ("teeth", measures.teeth, neutral?.teeth)]
            for (label, value, reference) in rows {
                html += "<tr><th scope=\"row\">\(label)</th><td>\(HTML.number(value))</td>"
                    + (reference.map { "<td>\(HTML.number($0))</td>" } ?? "") + "</tr>"
            }
            html += "</table>"
        }
        return html + findings(list, marked: marked, anchors: anchors) + "</li>\n"
    }

    /// The face's distance from the session's reference face, marked when it is another person.
    static func identity(_ report: FileReport) -> String {
        guard let identity = report.identity, let distance = identity.distance, report.kind == .image else { return "" }
        let different = report.has(.differentPerson)
        return "<p class=\"identity \(different ? "different" : "same")\">"
            + (different ? "✗ not the same person" : "same person") + " as "
            + "\(HTML.escaped((identity.reference as NSString).lastPathComponent)), distance "
            + "\(distance)</p>"
    }

    /// A video: its first, middle and last frames with faces, its facts, findings and audio.
    static func video(_ report: FileReport, verdict: Verdict, findings list: [PageFinding], anchors: FirstOccurrences) -> String {
        let name = (report.path as NSString).lastPathComponent
        var html = "<div class=\"video\"><h3>Video <span class=\"file\">\(HTML.escaped(name))</span> "
            + "\(verdict.badge)</h3>\n"
        let frames = report.detail?.frames ?? []
        if !frames.isEmpty {
            html += "<div class=\"frames\">" + frames.map { frame in
                "<figure class=\"frame\">" + picture(frame.thumbnail, width: report.width, height: report.height,
                                                     faces: frame.faces, landmarks: frame.landmarks,
                                                     alt: "Video \(name), \(frame.label) frame as displayed")
                    + "<figcaption>\(HTML.escaped(frame.label)) frame</figcaption></figure>"
            }.joined() + "</div>\n"
        }
        var facts: [(String, String)] = []
        if let format = report.format { facts.append(("container", format)) }
        if let codec = report.videoCodec { facts.append(("video codec", codec)) }
        facts.append(("audio codec", report.audioCodec ?? "none"))
        if let width = report.width, let height = report.height { facts.append(("displayed size", "\(width)×\(height)")) }
        if let width = report.storedWidth, let height = report.storedHeight { facts.append(("stored size", "\(width)×\(height)")) }
        if let rotation = report.rotation { facts.append(("rotation", "\(rotation)°")) }
        if let duration = report.durationSeconds { facts.append(("duration", String(format: "%.2f s", duration))) }
        if let rate = report.frameRate { facts.append(("frame rate", String(format: "%g fps", rate))) }
        html += "<dl class=\"facts\">" + facts.map { "<dt>\($0.0)</dt><dd>\(HTML.escaped($0.1))</dd>" }.joined() + "</dl>\n"
        html += findings(list, anchors: anchors)
        html += speaking(report)
        html += audio(report)
        return html + notes(report.notes) + "</div>\n"
    }

    /// The frames the speaking check sampled while the voice was heard: each face small, with its time and lip gap.
    static func speaking(_ report: FileReport) -> String {
        guard let speaking = report.speaking else { return "" }
        var html = "<div class=\"speaking\"><h3>Speaking</h3>\n<p>\(HTML.escaped(speaking.summary))</p>\n"
        let frames = report.detail?.speakingFrames ?? []
        if !frames.isEmpty {
            html += "<ol class=\"speaking-frames\">" + frames.map { frame in
                let time = String(format: "%.1f s", frame.time)
                let gap = frame.mouthOpening.map { "lips " + String(format: "%.3f", $0) } ?? "no face"
                let image = frame.thumbnail.map {
                    "<img src=\"\(HTML.jpegURI($0.jpeg))\" width=\"\($0.width)\" height=\"\($0.height)\" "
                        + "alt=\"The face at \(time), \(gap)\">"
                } ?? "<p>no picture</p>"
                return "<li><figure>\(image)<figcaption>\(time)<br>\(gap)</figcaption></figure></li>"
            }.joined() + "</ol>\n"
        }
        return html + "</div>\n"
    }

    /// The audio: loudness curve with speech intervals, the voice summary, the script's words.
    static func audio(_ report: FileReport) -> String {
        let detail = report.detail
        guard report.voice != nil || !(detail?.momentaryLUFS.isEmpty ?? true) else { return "" }
        var html = "<div class=\"audio\"><h3>Audio</h3>\n"
        if let voice = report.voice { html += "<p class=\"voice\">\(HTML.escaped(voice.summary))</p>\n" }
        if let detail, !detail.momentaryLUFS.isEmpty {
            html += loudnessCurve(detail.momentaryLUFS, speech: detail.speechIntervals)
            let shown = detail.speechIntervals.prefix(40).map { String(format: "%.1f–%.1f s", $0.start, $0.end) }
            html += "<p class=\"speech-intervals\">Voice-level speech: " + (shown.isEmpty ? "none" : shown.joined(separator: ", "))
                + (detail.speechIntervals.count > shown.count ? ", …" : "") + "</p>\n"
        }
        if let words = detail?.scriptWords, !words.isEmpty {
            let missed = words.count { !$0.heard }
            html += "<p class=\"script-legend\">Script: \(words.count - missed) of \(words.count) words heard in order; "
                + "words not heard are <mark class=\"missed\">struck through</mark>.</p>\n<p class=\"script\">"
            html += words.map { word in
                word.heard ? "<span class=\"heard\">\(HTML.escaped(word.word))</span>"
                    : "<mark class=\"missed\" title=\"not heard\">\(HTML.escaped(word.word))</mark>"
            }.joined(separator: " ") + "</p>\n"
        }
        if let transcript = report.voice?.transcript, !transcript.isEmpty {
            html += "<details class=\"transcript\"><summary>What was heard</summary><p>\(HTML.escaped(transcript))</p></details>\n"
        }
        return html + "</div>\n"
    }

    /// A thumbnail with an SVG overlay (viewBox in the media's displayed pixels) of each face's
    /// box and landmarks.
    static func picture(_ thumbnail: Thumbnail?, width: Int?, height: Int?, faces: [Face], landmarks: [[FacePoint]],
                        alt: String) -> String {
        guard let thumbnail else {
            return "<div class=\"picture missing\" role=\"img\" aria-label=\"\(HTML.escaped(alt)) (no picture)\">"
                + "<p>no picture</p></div>"
        }
        var html = "<div class=\"picture\"><img src=\"\(HTML.jpegURI(thumbnail.jpeg))\" width=\"\(thumbnail.width)\" "
            + "height=\"\(thumbnail.height)\" alt=\"\(HTML.escaped(alt))\">"
        if let width, let height, width > 0, height > 0, !faces.isEmpty {
            let radius = HTML.number(Double(max(width, height)) / 300)
            html += "<svg class=\"face-overlay\" viewBox=\"0 0 \(width) \(height)\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            for (index, face) in faces.enumerated() {
                html += "<rect class=\"face-box\" x=\"\(face.x)\" y=\"\(face.y)\" width=\"\(face.width)\" height=\"\(face.height)\"/>"
                if index < landmarks.count {
                    html += "<g class=\"landmarks\">" + landmarks[index].map {
                        "<circle class=\"landmark\" cx=\"\(HTML.number($0.x))\" cy=\"\(HTML.number($0.y))\" r=\"\(radius)\"/>"
                    }.joined() + "</g>"
                }
            }
            html += "</svg>"
        }
        return html + "</div>"
    }

    /// Momentary loudness over time as an inline SVG, voice-level stretches shaded.
    static func loudnessCurve(_ blocks: [Double], speech: [SpeechInterval]) -> String {
        let (left, right, top, bottom) = (34.0, 716.0, 8.0, 132.0)
        let seconds = Double(blocks.count) / 10
        let floor = ReportDetail.loudnessFloor
        func x(_ time: Double) -> String { HTML.number(left + (right - left) * time / max(seconds, 0.1)) }
        func y(_ lufs: Double) -> String { HTML.number(top + (bottom - top) * (min(0, max(floor, lufs)) / floor)) }
        // At most one point per horizontal pixel: the loudest block of each bucket.
        let buckets = max(1, Int(right - left))
        let step = max(1, (blocks.count + buckets - 1) / buckets)
        let points = stride(from: 0, to: blocks.count, by: step).map { start in
            let loudest = blocks[start..<min(blocks.count, start + step)].max() ?? floor
            return "\(x((Double(start) + Double(step) / 2) / 10)),\(y(loudest))"
        }
        var svg = "<svg class=\"loudness\" viewBox=\"0 0 720 150\" role=\"img\" "
            + "aria-label=\"Momentary loudness over \(String(format: "%.1f", seconds)) seconds\">"
            + "<title>Momentary loudness (LUFS) over time; shaded: voice-level speech</title>"
        for interval in speech {
            let start = left + (right - left) * interval.start / max(seconds, 0.1)
            let end = left + (right - left) * interval.end / max(seconds, 0.1)
            svg += "<rect class=\"speech\" x=\"\(HTML.number(start))\" y=\"\(HTML.number(top))\" "
                + "width=\"\(HTML.number(max(0.5, end - start)))\" height=\"\(HTML.number(bottom - top))\"/>"
        }
        for level in [-23.0, -45.0] {
            svg += "<line class=\"level\" x1=\"\(HTML.number(left))\" x2=\"\(HTML.number(right))\" y1=\"\(y(level))\" y2=\"\(y(level))\"/>"
                + "<text x=\"2\" y=\"\(y(level))\">\(Int(level))</text>"
        }
        svg += "<polyline class=\"curve\" points=\"\(points.joined(separator: " "))\"/>"
        svg += "<text x=\"\(HTML.number(left))\" y=\"146\">0 s</text>"
            + "<text x=\"\(HTML.number(right - 40))\" y=\"146\">\(String(format: "%.1f", seconds)) s</text>"
        return svg + "</svg>\n"
    }
}
