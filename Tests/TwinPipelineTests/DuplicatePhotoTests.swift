import Foundation
import TestSupport
import Testing
import TwinMedia
import TwinPipeline

/// `duplicate-photo`: one picture in two pose slots, as the same bytes or as near-identical pixels.
@Suite(.hangBackstop) struct DuplicatePhotoTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo")

    @Test func fiveCopiesOfOnePhotoFailWithDuplicatePhoto() async throws {
        let workspace = try SessionWorkspace("duplicate")
        let folder = try workspace.copy(Self.demo, as: "s")
        for pose in ["ooh", "teeth", "aah", "pursed"] {
            let copy = folder.appendingPathComponent("\(pose).jpg")
            try FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: folder.appendingPathComponent("neutral.jpg"), to: copy)
        }
        let check = try await SessionValidator().check(folder, displayPath: "s")
        #expect(!check.passes(strict: false))
        let duplicates = check.reportedFindings.filter { $0.code == FindingCode.duplicatePhoto.rawValue }
        #expect(duplicates.map(\.file) == ["s/ooh.jpg", "s/teeth.jpg", "s/aah.jpg", "s/pursed.jpg"])
        for finding in duplicates {
            #expect(finding.severity == .error)
            #expect(finding.message.contains("neutral.jpg") && finding.message.contains("the same bytes"), "\(finding.message)")
            #expect(finding.file.map { finding.message.contains(($0 as NSString).lastPathComponent) } == true)
        }
    }

    /// The same picture re-encoded (progressive, or grey) is caught by its perceptual hash, named as such, and warned of.
    @Test(arguments: ["progressive.jpg", "grey.jpg"])
    func aReencodedCopyIsNearIdentical(_ fixture: String) async throws {
        let workspace = try SessionWorkspace("duplicate")
        let folder = try workspace.copy(Self.demo, as: "s")
        let ooh = folder.appendingPathComponent("ooh.jpg")
        try FileManager.default.removeItem(at: ooh)
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("phone/\(fixture)"), to: ooh)
        let check = try await SessionValidator().check(folder, displayPath: "s")
        let duplicate = try #require(check.reportedFindings.first { $0.code == FindingCode.duplicatePhoto.rawValue })
        #expect(duplicate.file == "s/ooh.jpg")
        #expect(duplicate.message.contains("near-identical pixels") && duplicate.message.contains("neutral.jpg"))
        // Only the same bytes are certain: near-identical pixels ask a person to look (pose photos against one plain
        // background can hash as close), so they warn and do not fail the session.
        #expect(duplicate.severity == .warning)
    }

    /// The demo's five poses are one face warped at the mouth: different pictures, never duplicates.
    @Test func theDemoPosesAreNotDuplicates() async throws {
        let check = try await SessionValidator().check(Self.demo)
        #expect(!check.reportedFindings.contains { $0.code == FindingCode.duplicatePhoto.rawValue })
        let hashes = check.fileReports.compactMap(\.pictureHash)
        #expect(hashes.count == 5)
        for (index, hash) in hashes.enumerated() {
            for other in hashes[(index + 1)...] { #expect(hash.distance(to: other) >= 9) }
        }
    }
}
