import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinPipeline
import TwinReport
import TwinValidation

/// The page itself: what it shows, that it is well-formed HTML5 (html5lib), self-contained, safe
/// with hostile names, and small enough for a 50-session batch.
@Suite(.hangBackstop) struct HTMLReportTests {
    static func page(_ report: Task<ValidationReport, any Error>) async throws -> String {
        HTMLReport(validation: try await report.value).html()
    }

    /// The values of `attribute` on elements in document order.
    static func values(of attribute: String, in html: String) -> [String] {
        let pattern = try! Regex("\(attribute)=\"([^\"]*)\"")
        return html.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    static func count(_ needle: String, in html: String) -> Int {
        html.components(separatedBy: needle).count - 1
    }

    @Test func demoPageShowsPhotosInPoseOrderWithFacesFramesLoudnessAndScript() async throws {
        let html = try await Self.page(ReportSessions.demo)
        #expect(Self.values(of: "data-slot", in: html) == PoseProfile.builtIn.poses.map(\.id))
        #expect(Self.count("<li class=\"photo pass\"", in: html) == 5)
        // Five photos and three frames (the first picture, the keyframe nearest the middle and the last keyframe),
        // each with its face box and 68 landmarks.
        #expect(Self.count("<svg class=\"face-overlay\"", in: html) == 8)
        #expect(Self.count("<circle class=\"landmark\"", in: html) == 8 * 68)
        #expect(Self.count("<figure class=\"frame\">", in: html) == 3)
        // The speaking check's frames, sampled while the voice is heard: each face small, with its lip gap.
        let speakingFrames = Self.count("alt=\"The face at ", in: html)
        #expect(speakingFrames >= 8 && html.contains("<ol class=\"speaking-frames\">"))
        #expect(html.contains("<p>speaking: \(speakingFrames) frames sampled, a face in 100%"))
        #expect(html.contains("<svg class=\"loudness\""))
        #expect(html.contains("<polyline class=\"curve\" points=\""))
        #expect(html.contains("<rect class=\"speech\""))
        #expect(html.contains("<span class=\"heard\">recording</span>"))
        #expect(html.contains("<section class=\"summary\" id=\"summary\""))
        #expect(html.contains("Summary: <span class=\"verdict pass\">✓ passed</span>"))
        // Alt text names the file and the slot.
        #expect(html.contains("alt=\"Photo neutral.jpg, slot 1 (neutral)\""))
        #expect(html.contains("alt=\"Video video.mp4, last frame as displayed\""))
        let imageCount = Self.count("<img ", in: html)
        #expect(imageCount == 8 + speakingFrames && Self.values(of: "alt", in: html).count == imageCount)
    }

    @Test func failingPageNamesEveryFindingAndEscapesTheHostileName() async throws {
        let report = try await ReportSessions.failing.value
        let html = HTMLReport(validation: report).html()
        #expect(!report.ok)
        #expect(html.contains("Summary: <span class=\"verdict fail\">✗ failed</span>"))
        for finding in report.files.flatMap(\.findings) {
            #expect(html.contains("<code>\(finding.code.rawValue)</code>"), "\(finding.code)")
        }
        #expect(html.contains("<code>script-mismatch</code>") && html.contains("<code>not-vertical</code>"))
        #expect(html.contains("<mark class=\"missed\" title=\"not heard\">"))
        #expect(!html.contains(ReportSessions.hostileName))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &apos;x&apos;"))
    }

    @Test(arguments: ["demo", "failing"])
    func pageIsWellFormedHTML5AndSelfContained(name: String) async throws {
        let html = try await Self.page(name == "demo" ? ReportSessions.demo : ReportSessions.failing)
        // html5lib (PyPI) parses as browsers do and lists every parse error.
        let errors = try PythonScript.run("""
            import sys, html5lib
            parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
            parser.parse(sys.stdin.buffer.read(), transport_encoding="utf-8")
            for position, code, data in parser.errors: print(position, code, data)
            """, input: Data(html.utf8))
        #expect(errors.isEmpty, "\(String(decoding: errors, as: UTF8.self))")
        for attribute in ["src", "href", "xlink:href", "action"] {
            for value in Self.values(of: attribute, in: html) {
                #expect(value.hasPrefix("data:") || value.hasPrefix("#"), "\(attribute)=\(value.prefix(60))")
            }
        }
        #expect(!html.contains("url("), "no CSS resource")
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test func fiftySessionPageStaysUnderTwentyMegabytes() async throws {
        let demo = try await ReportSessions.demo.value
        let files = (1...50).flatMap { index in
            demo.files.map { entry in
                var copy = entry
                copy.path = copy.path.replacingOccurrences(of: "fixtures/sessions/demo", with: "sessions/demo-\(index)")
                return copy
            }
        }
        let size = HTMLReport(validation: ValidationReport(files: files)).html().utf8.count
        print("report: a 50-session page is \(size) bytes")
        #expect(size < 20_000_000)
        #expect(size > 50 * 7 * 5_000, "every session keeps its pictures")
    }

    @Test func batchPageShowsEachSessionOnceWithItsVerdictStageAndFindings() {
        let failed = SessionOutcome(id: "b<&>", twinName: "Bee", stage: .failed, ok: false, detail: "stopped",
                                    findings: [ReportedFinding(file: "b/teeth.jpg", finding: .error(.noFace, "No <face>."))])
        let done = SessionOutcome(id: "a", twinName: "Ay", stage: .complete, ok: true, listedName: "Ay (1)")
        let waiting = SessionOutcome(id: "c", twinName: "Cee", stage: .published, ok: false, detail: "stopped before /create")
        let html = HTMLReport(batch: BatchReport(sessions: [failed, done, waiting]), title: "twin batch").html()
        #expect(Self.count("<section class=\"session ", in: html) == 3)
        #expect(html.contains("<h2><span class=\"path\">b&lt;&amp;&gt;</span> <span class=\"verdict fail\">✗ failed</span></h2>"))
        #expect(html.contains("<h2><span class=\"path\">a</span> <span class=\"verdict pass\">✓ passed</span></h2>"))
        #expect(html.contains("<h2><span class=\"path\">c</span> <span class=\"verdict skip\">○ not submitted</span></h2>"))
        // Without the run's validation the file's finding stands at the top of its session, naming the file.
        #expect(html.contains("<code>no-face</code>: teeth.jpg: No &lt;face&gt;</li>"))
        #expect(html.contains("<tr><th scope=\"row\">sessions</th><td class=\"pass\">1</td><td class=\"warn\">0</td>"
            + "<td class=\"fail\">1</td><td class=\"skip\">1</td></tr>"))
        #expect(html.contains("<dt>listed as</dt><dd>Ay (1)</dd>"))
        #expect(html.contains("<dt>stage</dt><dd>published</dd>"))
    }

    /// A batch joins each outcome to its session's validation: one section, its photos with their own findings, and
    /// only what validation did not report added from the outcome.
    @Test func batchPageJoinsOutcomesToTheirValidatedSessions() async throws {
        let demo = try await ReportSessions.demo.value
        let failing = try await ReportSessions.failing.value
        let outcomes = [
            SessionOutcome(id: "demo", twinName: "demo", stage: .complete, ok: true, operationID: "op-1",
                           findings: [ReportedFinding(file: nil, finding: .warning(.samePerson, "Session 'x' shows the same person."))]),
            SessionOutcome(id: ReportSessions.hostileName, twinName: "x", stage: .invalid, ok: false,
                           findings: failing.files.flatMap { file in file.findings.map { ReportedFinding(file: file.path, finding: $0) } }),
        ]
        let html = HTMLReport(batch: BatchReport(sessions: outcomes), validation: ValidationReport(files: demo.files + failing.files),
                              title: "twin batch").html()
        #expect(Self.count("<section class=\"session ", in: html) == 2, "one section per session")
        #expect(Self.count("data-slot=\"neutral\"", in: html) == 2)
        #expect(html.contains("<h2><span class=\"path\">demo</span> <span class=\"verdict warn\">⚠ passed with warnings</span></h2>"))
        #expect(html.contains("<p class=\"where\">fixtures/sessions/demo</p>"))
        #expect(html.contains("<dt>operation</dt><dd>op-1</dd>"))
        #expect(html.contains("<code>same-person</code>: Session &apos;x&apos; shows the same person</li>"))
        // The failing session's findings are shown once, beside their files, not again from the outcome.
        for finding in failing.files.flatMap(\.findings) {
            #expect(Self.count("<code>\(finding.code.rawValue)</code>:", in: html) == 1, "\(finding.code)")
        }
    }

    @Test func findingsAreShortLinesWithTheAdviceOneClickAwayAndRepeatsSummarised() throws {
        let blurry = "The face is blurred (sharpness 3.6, under 15): the landmarks are unreliable. Retake it in good light."
        let session = FileReport(path: "s", kind: .session, findings: [.error(.missingPose, "no photo for pose 5 'pursed'.")])
        let photos = ["s/a.jpg", "s/b.jpg", "s/c.jpg"].map { path in
            FileReport(path: path, kind: .image, findings: path == "s/c.jpg" ? [] : [.warning(.blurry, blurry)])
        }
        let html = HTMLReport(validation: ValidationReport(files: [session] + photos)).html()
        #expect(html.contains("<details><summary><code>blurry</code>: 2 of 3 photos</summary><ul><li>a.jpg: The face is blurred"))
        #expect(Self.count("<li class=\"finding warning mark\"><code>blurry</code></li>", in: html) == 2)
        #expect(html.contains("<code>missing-pose</code>: no photo for pose 5 &apos;pursed&apos;</li>"))
        // Each code in the summary links to the first place it is shown.
        for anchor in Self.values(of: "href", in: html) {
            #expect(html.contains("id=\"\(anchor.dropFirst())\""), "\(anchor)")
        }
        #expect(Self.values(of: "href", in: html).sorted() == ["#first-blurry", "#first-missing-pose"])
        let single = HTMLReport(validation: ValidationReport(files: [FileReport(path: "x.jpg", kind: .image,
                                                                                   findings: [.warning(.blurry, blurry)])])).html()
        #expect(single.contains("<code>blurry</code>: The face is blurred (sharpness 3.6, under 15)</summary><p>\(blurry)</p></details>"))
    }

    @Test func pageWithoutCollectedDataStillShowsFindings() {
        var photo = FileReport(path: "x/\"odd\".jpg", kind: .image, findings: [.error(.corrupt, "The photo is damaged.")])
        photo.width = 600
        photo.height = 800
        let html = HTMLReport(validation: ValidationReport(files: [photo])).html()
        #expect(html.contains("aria-label=\"Photo &quot;odd&quot;.jpg, no slot (no picture)\""))
        #expect(html.contains("<code>corrupt</code>: The photo is damaged</li>"))
        #expect(html.contains("<span class=\"verdict fail\">✗ failed</span>"))
    }
}
