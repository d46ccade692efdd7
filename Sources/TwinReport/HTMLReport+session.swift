internal import Foundation
internal import TwinMedia
internal import TwinPipeline

extension HTMLReport {
    /// A session, once: its name and verdict, how a submit or batch run ended for it, the findings about the session
    /// as a whole, then the photos in pose order, the video and the audio, each file with its own findings.
    static func session(_ section: SessionSection, number: Int, anchors: FirstOccurrences) -> String {
        let verdict = section.verdict
        var html = "<section class=\"session \(verdict.rawValue)\" id=\"session-\(number)\" "
            + "aria-label=\"Session \(HTML.escaped(section.name))\">\n"
        html += "<h2><span class=\"path\">\(HTML.escaped(section.name))</span> \(verdict.badge)</h2>\n"
        if section.path != section.name { html += "<p class=\"where\">\(HTML.escaped(section.path))</p>\n" }
        if let outcome = section.outcome { html += facts(of: outcome) }

        let repeated = section.repeatedPhotoCodes
        if !section.sessionFindings.isEmpty || !repeated.isEmpty {
            html += "<ul class=\"findings\">" + section.sessionFindings.map { finding($0, anchors: anchors) }.joined()
            html += repeated.map { entry in
                "<li class=\"finding \(entry.severity) repeated\"\(anchors.attribute(for: entry.code))><details><summary>"
                    + "<code>\(HTML.escaped(entry.code))</code>: \(entry.photos.count) of "
                    + "\(section.files.count { $0.kind == .image }) photos</summary><ul>"
                    + entry.photos.map { photo in
                        "<li>\(HTML.escaped((photo.file.path as NSString).lastPathComponent)): \(HTML.escaped(photo.finding.message))</li>"
                    }.joined() + "</ul></details></li>"
            }.joined() + "</ul>\n"
        }
        if let entry = section.entry { html += notes(entry.notes) }

        let photos = section.files.filter { $0.kind == .image }
            .sorted { ($0.detail?.slot?.position ?? .max, $0.path) < ($1.detail?.slot?.position ?? .max, $1.path) }
        let neutral = photos.first { $0.detail?.slot?.pose == "neutral" }.flatMap(PoseMeasures.init)
        let marked = Set(repeated.map(\.code))
        if !photos.isEmpty {
            html += "<h3>Calibration photos, in pose order</h3>\n<ol class=\"photos\">\n"
            html += photos.map { photo($0, verdict: section.verdict(of: $0), findings: section.findings(of: $0), marked: marked,
                                       neutral: neutral, anchors: anchors) }.joined()
            html += "</ol>\n"
        }
        for video in section.files where video.kind == .video {
            html += self.video(video, verdict: section.verdict(of: video), findings: section.findings(of: video), anchors: anchors)
        }
        for other in section.files where other.kind != .video && other.kind != .image {
            html += "<h3>\(HTML.escaped(other.path)) \(section.verdict(of: other).badge)</h3>\n"
                + findings(section.findings(of: other), anchors: anchors)
        }
        if section.entry == nil && section.outcome != nil {
            html += "<p class=\"not-validated\">This run did not validate the session's files (it was resumed past "
                + "validation), so no pictures are shown.</p>\n"
        }
        return html + "</section>\n"
    }

    /// Files validated on their own (not in a session folder).
    static func looseFiles(_ files: [FileReport], strict: Bool, anchors: FirstOccurrences) -> String {
        var html = "<section class=\"files\" aria-label=\"Files\">\n<h2>Files</h2>\n"
        let photos = files.filter { $0.kind == .image }
        if !photos.isEmpty {
            html += "<ol class=\"photos\">\n" + photos.map {
                photo($0, verdict: verdict($0, strict: strict), findings: $0.findings.map(PageFinding.init), marked: [],
                      neutral: nil, anchors: anchors)
            }.joined() + "</ol>\n"
        }
        for file in files where file.kind != .image {
            let pageFindings = file.findings.map(PageFinding.init)
            html += file.kind == .video
                ? video(file, verdict: verdict(file, strict: strict), findings: pageFindings, anchors: anchors)
                : "<h3>\(HTML.escaped(file.path)) \(verdict(file, strict: strict).badge)</h3>\n"
                    + findings(pageFindings, anchors: anchors)
        }
        return html + "</section>\n"
    }

    /// How a submit or batch run ended for a session: the twin's name, the stage reached, the operation.
    static func facts(of outcome: SessionOutcome) -> String {
        var facts = [("twin name", outcome.twinName), ("stage", outcome.stage.rawValue)]
        if let listed = outcome.listedName { facts.append(("listed as", listed)) }
        if let operation = outcome.operationID { facts.append(("operation", operation)) }
        if let resumed = outcome.resumedFrom { facts.append(("resumed from", resumed.rawValue)) }
        if let detail = outcome.detail { facts.append(("detail", detail)) }
        return "<dl class=\"facts outcome\">" + facts.map { "<dt>\($0.0)</dt><dd>\(HTML.escaped($0.1))</dd>" }.joined() + "</dl>\n"
    }

    /// A list of findings, one short line each (`code: headline`), the whole message one click away.
    static func findings(_ findings: [PageFinding], marked: Set<String> = [], anchors: FirstOccurrences) -> String {
        guard !findings.isEmpty else { return "" }
        return "<ul class=\"findings\">" + findings.map { item in
            // A code repeated across the session's photos is summarised at the top: here it is only marked.
            marked.contains(item.code)
                ? "<li class=\"finding \(item.severity) mark\"><code>\(HTML.escaped(item.code))</code></li>"
                : finding(item, anchors: anchors)
        }.joined() + "</ul>\n"
    }

    /// One finding: `<code>` and its headline, with the whole message in `<details>` when it says more.
    static func finding(_ finding: PageFinding, anchors: FirstOccurrences) -> String {
        let headline = HTML.headline(finding.message)
        let opening = "<li class=\"finding \(HTML.escaped(finding.severity))\"\(anchors.attribute(for: finding.code))>"
        let line = "<span class=\"severity\">\(HTML.escaped(finding.severity))</span> <code>\(HTML.escaped(finding.code))</code>: "
            + HTML.escaped(headline)
        let plain = finding.message.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard headline != plain else { return opening + line + "</li>" }
        return opening + "<details><summary>\(line)</summary><p>\(HTML.escaped(finding.message))</p></details></li>"
    }

    static func notes(_ notes: [String]) -> String {
        guard !notes.isEmpty else { return "" }
        return "<details class=\"notes\"><summary>Reasoning</summary><pre>"
            + HTML.escaped(notes.joined(separator: "\n")) + "</pre></details>\n"
    }
}
