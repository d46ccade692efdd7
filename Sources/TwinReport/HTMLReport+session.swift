internal import Foundation
internal import TwinMedia
internal import TwinPipeline

extension HTMLReport {
    /// A session: its verdict and findings, the photos in pose order, the video, the audio.
    static func session(_ entry: FileReport, files: [FileReport], strict: Bool) -> String {
        let all = ([entry] + files).flatMap(\.findings)
        let overall = Verdict(findings: all.map { (severity: $0.severity.rawValue, code: $0.code.rawValue) }, strict: strict)
        var html = "<section class=\"session \(overall.rawValue)\" aria-label=\"Session \(HTML.escaped(entry.path))\">\n"
        html += "<h2>Session <span class=\"path\">\(HTML.escaped(entry.path))</span> \(overall.badge)</h2>\n"
        html += findings(entry.findings)
        html += notes(entry.notes)
        let photos = files.filter { $0.kind == .image }
            .sorted { ($0.detail?.slot?.position ?? .max, $0.path) < ($1.detail?.slot?.position ?? .max, $1.path) }
        let neutral = photos.first { $0.detail?.slot?.pose == "neutral" }.flatMap(PoseMeasures.init)
        if !photos.isEmpty {
            html += "<h3>Calibration photos, in pose order</h3>\n<ol class=\"photos\">\n"
            html += photos.map { photo($0, strict: strict, neutral: neutral) }.joined()
            html += "</ol>\n"
        }
        for video in files where video.kind == .video {
            html += self.video(video, strict: strict)
        }
        for other in files where other.kind != .video && other.kind != .image {
            html += "<h3>\(HTML.escaped(other.path)) \(verdict(other, strict: strict).badge)</h3>\n" + findings(other.findings)
        }
        return html + "</section>\n"
    }

    /// Files validated on their own (not in a session folder).
    static func looseFiles(_ files: [FileReport], strict: Bool) -> String {
        var html = "<section class=\"files\" aria-label=\"Files\">\n<h2>Files</h2>\n"
        let photos = files.filter { $0.kind == .image }
        if !photos.isEmpty {
            html += "<ol class=\"photos\">\n" + photos.map { photo($0, strict: strict, neutral: nil) }.joined() + "</ol>\n"
        }
        for file in files where file.kind != .image {
            html += file.kind == .video ? video(file, strict: strict)
                : "<h3>\(HTML.escaped(file.path)) \(verdict(file, strict: strict).badge)</h3>\n" + findings(file.findings)
        }
        return html + "</section>\n"
    }

    /// A session of a submit or batch run: how far it got, and its findings.
    static func outcome(_ session: SessionOutcome) -> String {
        let overall: Verdict = session.ok ? .pass : .fail
        var html = "<section class=\"session outcome \(overall.rawValue)\" aria-label=\"Session \(HTML.escaped(session.id))\">\n"
        html += "<h2>Session <span class=\"path\">\(HTML.escaped(session.id))</span> \(overall.badge)</h2>\n<dl class=\"facts\">"
        var facts = [("twin name", session.twinName), ("stage", session.stage.rawValue)]
        if let listed = session.listedName { facts.append(("listed as", listed)) }
        if let operation = session.operationID { facts.append(("operation", operation)) }
        if let resumed = session.resumedFrom { facts.append(("resumed from", resumed.rawValue)) }
        if let detail = session.detail { facts.append(("detail", detail)) }
        html += facts.map { "<dt>\($0.0)</dt><dd>\(HTML.escaped($0.1))</dd>" }.joined() + "</dl>\n"
        if !session.findings.isEmpty {
            html += "<ul class=\"findings\">" + session.findings.map { finding in
                "<li class=\"finding \(finding.severity.rawValue)\"><span class=\"severity\">\(finding.severity.rawValue)</span> "
                    + "<code>\(HTML.escaped(finding.code))</code>: " + (finding.file.map { HTML.escaped($0) + ": " } ?? "")
                    + "\(HTML.escaped(finding.message))</li>"
            }.joined() + "</ul>\n"
        }
        return html + "</section>\n"
    }

    static func notes(_ notes: [String]) -> String {
        guard !notes.isEmpty else { return "" }
        return "<details class=\"notes\"><summary>Reasoning</summary><pre>"
            + HTML.escaped(notes.joined(separator: "\n")) + "</pre></details>\n"
    }
}
