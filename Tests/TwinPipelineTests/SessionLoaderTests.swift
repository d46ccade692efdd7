import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing
import TwinMedia
import TwinPipeline

@Suite struct SessionLoaderTests {
    static let poses = ["neutral.jpg", "ooh.jpg", "teeth.jpg", "aah.jpg", "pursed.jpg"]

    @Test func folderWithVideoAndNamedPhotosIsComplete() throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("sam", files: ["video.mp4"] + Self.poses + [".DS_Store"])
        let session = try SessionLoader().load(folder)
        #expect(session.id == "sam")
        #expect(session.name == "sam")
        #expect(session.language == nil)
        #expect(session.video?.lastPathComponent == "video.mp4")
        #expect(session.mapping.orderedPhotos?.map(\.lastPathComponent) == Self.poses)
        #expect(session.findings.isEmpty)
        #expect(session.isStructurallyValid)
        #expect(session.mediaFiles.map(\.lastPathComponent) == ["video.mp4"] + Self.poses)
    }

    @Test func manifestSetsNameLanguageVideoAndPoses() throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("raw-0042", files: ["take-1.mov", "take-2.mov", "IMG_1.jpg", "IMG_2.jpg", "IMG_3.jpg",
                                                              "IMG_4.jpg", "IMG_5.jpg"])
        try workspace.write("""
            name = "Sam Example"
            language = "French"
            video = "take-2.mov"

            [poses]
            neutral = "IMG_5.jpg"
            ooh = "IMG_4.jpg"
            teeth = "IMG_3.jpg"
            aah = "IMG_2.jpg"
            pursed = "IMG_1.jpg"

            [publish]
            to = "s3://bucket/prefix"
            """, to: "raw-0042/twin.toml")
        let session = try SessionLoader().load(folder)
        #expect(session.name == "Sam Example")
        #expect(session.language == "French")
        #expect(session.video?.lastPathComponent == "take-2.mov")
        #expect(session.mapping.orderedPhotos?.map(\.lastPathComponent) == ["IMG_5.jpg", "IMG_4.jpg", "IMG_3.jpg", "IMG_2.jpg",
                                                                            "IMG_1.jpg"])
        #expect(session.findings.map(\.finding.code) == [.unexpectedFile])
        #expect(session.findings.first?.file?.lastPathComponent == "take-1.mov")
        #expect(session.isStructurallyValid)
    }

    @Test(arguments: [
        ("name = ", "not valid TOML"),
        ("name = 3", "name must be a non-empty string"),
        ("poses = \"neutral.jpg\"", "poses must be a table"),
        ("[poses]\nneutral = 1", "[poses] neutral must be a file name"),
        ("video = \"nope.mp4\"", "no such file"),
        ("[poses]\nneutral = \"nope.jpg\"", "no such file"),
    ])
    func brokenManifestsAreFindings(toml: String, reason: String) throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4"] + Self.poses)
        try workspace.write(toml, to: "s/twin.toml")
        let session = try SessionLoader().load(folder)
        let finding = try #require(session.findings.first { $0.finding.code == .invalidManifest })
        #expect(finding.finding.severity == .error)
        #expect(finding.finding.message.contains(reason), "\(finding.finding.message)")
        #expect(!session.isStructurallyValid)
    }

    @Test(arguments: [
        "video = \"../other/video.mp4\"",
        "video = \"sub/../../other/video.mp4\"",
        "video = \"linked-out.mp4\"",
        "[poses]\nneutral = \"../other/neutral.jpg\"",
        "[poses]\nneutral = \"linked-out.jpg\"",
    ])
    func manifestPathsMustStayInsideTheSession(toml: String) throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4"] + Self.poses)
        let other = try workspace.folder("other", files: ["video.mp4", "neutral.jpg"])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("linked-out.mp4"),
                                                   withDestinationURL: other.appendingPathComponent("video.mp4"))
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("linked-out.jpg"),
                                                   withDestinationURL: other.appendingPathComponent("neutral.jpg"))
        try workspace.write(toml, to: "s/twin.toml")
        let session = try SessionLoader().load(folder)
        let finding = try #require(session.findings.first { $0.finding.code == .invalidManifest })
        #expect(finding.finding.message.contains("leads outside s/"), "\(finding.finding.message)")
        #expect(!session.isStructurallyValid)
        #expect(session.findings.filter { $0.finding.code == .linkOutsideSession }.count == 2, "each link out is reported")
        #expect(!session.mediaFiles.contains { $0.resolvingSymlinksInPath().path.hasPrefix(other.resolvingSymlinksInPath().path) })
    }

    @Test(.hangBackstop, arguments: PoseOrder.allCases)
    func aFIFOInASessionIsReportedAndNeverOpened(order: PoseOrder) throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4"] + Self.poses.filter { $0 != "teeth.jpg" })
        #expect(mkfifo(folder.appendingPathComponent("teeth.jpg").path, 0o644) == 0)
        let session = try SessionLoader(order: order).load(folder)
        let finding = try #require(session.findings.first { $0.finding.code == .notARegularFile })
        #expect(finding.file?.lastPathComponent == "teeth.jpg")
        #expect(finding.finding.message.contains("FIFO"))
        #expect(!session.mediaFiles.contains { $0.lastPathComponent == "teeth.jpg" })
    }

    @Test(.hangBackstop, arguments: ["/dev/zero", "fifo"])
    func aManifestThatIsNotASmallFileIsAnInvalidManifest(target: String) throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4"] + Self.poses)
        let manifest = folder.appendingPathComponent("twin.toml")
        if target == "fifo" {
            #expect(mkfifo(manifest.path, 0o644) == 0)
        } else {
            try FileManager.default.createSymbolicLink(atPath: manifest.path, withDestinationPath: target)
        }
        let session = try SessionLoader().load(folder)
        let finding = try #require(session.findings.first { $0.finding.code == .invalidManifest })
        #expect(finding.finding.message.contains("not a regular file"), "\(finding.finding.message)")
    }

    @Test func anOversizedManifestIsAnInvalidManifest() throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4"] + Self.poses)
        try workspace.write("# " + String(repeating: "x", count: SessionManifest.maxFileBytes), to: "s/twin.toml")
        let session = try SessionLoader().load(folder)
        let finding = try #require(session.findings.first { $0.finding.code == .invalidManifest })
        #expect(finding.finding.message.contains("larger than"))
    }

    @Test func aLinkInsideTheSessionIsFine() throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["take.mp4"] + Self.poses)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("chosen.mp4"),
                                                   withDestinationURL: folder.appendingPathComponent("take.mp4"))
        try workspace.write("video = \"chosen.mp4\"", to: "s/twin.toml")
        let session = try SessionLoader().load(folder)
        #expect(!session.findings.contains { $0.finding.code == .invalidManifest })
        #expect(session.video?.lastPathComponent == "chosen.mp4")
    }

    @Test(arguments: [
        ([String](), FindingCode.missingVideo, "holds no video"),
        (["a.mp4", "b.mov"], FindingCode.ambiguousVideo, "holds 2 videos (a.mp4, b.mov)"),
    ])
    func videoMustBeOneFile(videos: [String], code: FindingCode, message: String) throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: videos + Self.poses)
        let session = try SessionLoader().load(folder)
        #expect(session.video == nil)
        #expect(session.findings.map(\.finding.code) == [code])
        #expect(session.findings.first?.finding.message.contains(message) == true)
    }

    @Test func otherFilesAndFoldersAreUnexpected() throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4", "notes.txt", "raw/extra.jpg"] + Self.poses)
        let session = try SessionLoader().load(folder)
        #expect(session.findings.map(\.finding.code) == [.unexpectedFile, .unexpectedFile])
        #expect(session.findings.map { $0.finding.severity } == [.warning, .warning])
        #expect(Set(session.findings.compactMap { $0.file?.lastPathComponent }) == ["notes.txt", "raw"])
        #expect(session.isStructurallyValid)
    }

    @Test func captureTimeOrderUsesRealExif() throws {
        let workspace = try SessionWorkspace()
        let folder = try workspace.folder("s", files: ["video.mp4"])
        // Names in reverse of the capture order.
        let names = ["IMG_0005.jpg", "IMG_0004.jpg", "IMG_0003.jpg", "IMG_0002.jpg", "IMG_0001.jpg"]
        for (second, name) in names.enumerated() {
            let path = folder.appendingPathComponent(name).path
            try #require(runTool("convert", ["-size", "8x12", "xc:gray", path]).status == 0)
            try #require(runTool("exiftool", ["-q", "-overwrite_original", "-DateTimeOriginal=2024:05:01 10:00:0\(second)",
                                              path]).status == 0)
        }
        let byName = try SessionLoader().load(folder)
        #expect(byName.mapping.orderedPhotos == nil)
        #expect(byName.findings.filter { $0.finding.code == .missingPose }.count == 5)
        let byTime = try SessionLoader(order: .captureTime).load(folder)
        #expect(byTime.mapping.orderedPhotos?.map(\.lastPathComponent) == names)
        #expect(byTime.findings.isEmpty)
    }

    @Test func notAFolderIsAnError() throws {
        let workspace = try SessionWorkspace()
        let file = try workspace.write("x", to: "file.txt")
        for url in [file, workspace.root.appendingPathComponent("missing")] {
            #expect(throws: PipelineError.self) { try SessionLoader().load(url) }
        }
    }

    @Test func batchFoldersAreTheSubfoldersByName() throws {
        let workspace = try SessionWorkspace()
        try workspace.folder("b", files: ["x"])
        try workspace.folder("a", files: ["x"])
        try workspace.folder(".hidden", files: ["x"])
        try workspace.write("x", to: "README.txt")
        #expect(try SessionLoader.sessionFolders(in: workspace.root).map(\.lastPathComponent) == ["a", "b"])
    }
}
