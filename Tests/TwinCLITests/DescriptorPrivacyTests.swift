import Foundation
import TestSupport
import Testing

/// Face descriptors are biometric data: written only where `--keep-descriptors` asks, never in a report.
@Suite(.hangBackstop) struct DescriptorPrivacyTests {
    @Test(.tags(.slow), .fullRunOnly) func descriptorsReachOnlyTheFileAskedFor() async throws {
        try await withTemporaryFolder { folder in
            let kept = folder.appendingPathComponent("descriptors.json"), page = folder.appendingPathComponent("report.html")
            let json = try await TwinProcess.run(["validate", "--no-voice-check", "--format", "json", "--report", page.path,
                                            "--keep-descriptors", kept.path, "fixtures/sessions/demo"])
            #expect(json.status == 0, "\(json.stderr)")
            let text = try await TwinProcess.run(["validate", "--no-voice-check", "fixtures/sessions/demo"])
            let junit = try await TwinProcess.run(["validate", "--no-voice-check", "--format", "junit", "fixtures/sessions/demo"])

            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: kept)) as? [String: Any])
            let files = try #require(object["files"] as? [[String: Any]])
            let descriptors = files.flatMap { $0["descriptors"] as? [[Double]] ?? [] }
            #expect(descriptors.count >= 6, "the five photos and the video's frames: \(files.map { $0["path"] ?? "" })")
            #expect(descriptors.allSatisfy { $0.count == 128 })
            let mode = try FileManager.default.attributesOfItem(atPath: kept.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)

            // No descriptor number, as JSON prints it (seven characters or more), appears in any other output.
            let outputs = [json.stdout, json.stderr, text.stdout, text.stderr, junit.stdout, try String(contentsOf: page, encoding: .utf8)]
            let raw = try String(contentsOf: kept, encoding: .utf8)
            let printed = raw.split(whereSeparator: { ",[]{}:\"".contains($0) }).map(String.init)
                .filter { $0.count >= 7 && Double($0) != nil }
            #expect(printed.count > 500)
            let leaked = printed.filter { number in outputs.contains { $0.contains(number) } }
            #expect(leaked.isEmpty, "\(leaked.prefix(5)) leaked")
            // The reports do carry the distances.
            #expect(json.stdout.contains("\"identity\""))
            #expect(text.stdout.contains("same person as the video (distance "), "\(text.stdout)")
        }
    }
}
