import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinMedia
import TwinValidation
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ReportTests {
    /// Four fixtures without a face: with the face checks on (the default) every decodable one also gets `no-face`.
    static func sample(strict: Bool = false, faces: Bool = true) async -> ValidationReport {
        let names = ["video/rotated-1920x1080-cw90.mp4", "image/landscape.jpg", "image/png-named.jpg", "image/empty.jpg"]
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = faces
        let reports = await MediaValidator(profile: profile).validate(files: names.map { TestPaths.fixtures.appendingPathComponent($0) })
        return ValidationReport(files: reports, strict: strict)
    }

    @Test func jsonHasTheDocumentedShape() async throws {
        let report = await Self.sample()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 4)
        let keys: Set<String> = ["path", "kind", "ok", "format", "videoCodec", "audioCodec", "storedWidth", "storedHeight",
                                 "width", "height", "rotation", "durationSeconds", "findings"]
        for file in files { #expect(keys.isSubset(of: Set(file.keys))) }
        #expect(files[0]["kind"] as? String == "video")
        #expect(files[0]["ok"] as? Bool == false)
        #expect((files[0]["faces"] as? [Any])?.isEmpty == true)
        #expect(files[3]["faces"] is NSNull)
        #expect(files[0]["face"] is NSNull && files[3]["face"] is NSNull)
        #expect(files[0]["storedWidth"] as? Int == 1920)
        #expect(files[0]["width"] as? Int == 1080)
        #expect(files[0]["rotation"] as? Int == 90)
        #expect(files[3]["format"] is NSNull)
        #expect(files[1]["videoCodec"] is NSNull)
        let finding = try #require((files[1]["findings"] as? [[String: Any]])?.first)
        #expect(finding["code"] as? String == "not-vertical")
        #expect(finding["severity"] as? String == "error")
        // Round trip.
        struct Document: Decodable { let ok: Bool; let files: [FileReport] }
        let decoded = try JSONDecoder().decode(Document.self, from: Data(report.json().utf8))
        // Face descriptors are biometric data, never encoded (docs/identity.md): all else comes back as it was.
        #expect(decoded.files.allSatisfy { $0.faceIdentity == nil })
        #expect(decoded.files == report.files.map { file in
            var withoutDescriptors = file
            withoutDescriptors.faceIdentity = nil
            return withoutDescriptors
        })
    }

    @Test func strictMakesWarningsFail() async throws {
        let lenient = await Self.sample(faces: false)
        let strict = await Self.sample(strict: true, faces: false)
        #expect(lenient.files[2].passes(strict: false) && !strict.files[2].passes(strict: true))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(strict.json().utf8)) as? [String: Any])
        #expect((object["files"] as? [[String: Any]])?[2]["ok"] as? Bool == false)
        #expect(lenient.summaryLine == "4 files: 2 passed, 2 failed (2 errors, 1 warning)")
        #expect(await Self.sample().summaryLine == "4 files: 0 passed, 4 failed (5 errors, 1 warning)")
    }

    @Test func textExplainsAndColoursOnlyWhenAsked() async {
        let report = await Self.sample()
        let plain = report.text(colour: false)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("stored 1920x1080, rotated 90° for display → 1080x1920, vertical"))
        #expect(plain.contains("error   not-vertical: Displayed 720x480 is landscape"))
        #expect(plain.contains("FAIL"))
        #expect(report.text(colour: true).contains("\u{1B}[31m"))
    }

    @Test func junitIsWellFormedWithOneCasePerFile() async throws {
        let xml = await Self.sample().junit()
        let document = try XMLDocument(xmlString: xml)
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 4)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 4)
        #expect(try document.nodes(forXPath: "//failure[contains(@type, 'not-vertical')]").count == 1)
        #expect(try document.nodes(forXPath: "//failure[contains(@type, 'no-face')]").count == 3)
    }

    @Test func githubAnnotationsEscapeAndSummarise() async {
        let report = await Self.sample()
        let lines = report.githubAnnotations().split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("::error file=") && $0.contains("image/landscape.jpg,title=not-vertical::") })
        #expect(lines.contains { $0.hasPrefix("::warning file=") && $0.contains("title=extension-mismatch::") })
        #expect(lines.last == report.summaryLine)
        let tricky = ValidationReport(files: [FileReport(path: "a,b:c.mp4", kind: .session,
                                                         findings: [.error("missing-pose", "50%\nnext line")])])
        #expect(tricky.githubAnnotations().hasPrefix("::error file=a%2Cb%3Ac.mp4,title=missing-pose::50%25%0Anext line\n"))
        #expect(tricky.githubStepSummary().contains("| a,b:c.mp4 | FAIL | session |"))
    }
}
