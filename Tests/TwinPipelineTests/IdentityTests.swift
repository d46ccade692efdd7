import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinMedia
@testable import TwinPipeline
import TwinValidation

/// One person per session, and who each session of a run holds: sessions built from the shared
/// `faces/identities/` photos (two people, eleven photos each), each 150x150 crop scaled up onto a phone-sized
/// canvas, with a video made from one of the person's photos.
@Suite(.timeLimit(.minutes(10))) struct IdentityTests {
    static let identities = FacePictures.shared.appendingPathComponent("identities")
    static let salley = photos(of: "John_Salley"), savage = photos(of: "John_Savage")
    static let poses = ["neutral", "ooh", "teeth", "aah", "pursed"]

    static func photos(of person: String) -> [URL] {
        let folder = identities.appendingPathComponent(person)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".jpg") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static let validator: SessionValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = true
        return SessionValidator(validator: MediaValidator(profile: profile))
    }()

    /// A session folder: a video of `videoPhotos` (each shown for `seconds`) and the five poses from `photos`.
    static func session(in workspace: SessionWorkspace, _ name: String, video videoPhotos: [URL], photos: [URL],
                        seconds: Double = 3) throws -> URL {
        let folder = try workspace.folder(name, files: [])
        for (pose, photo) in zip(poses, photos) {
            try canvas(photo, width: 1080, height: 1440, to: folder.appendingPathComponent("\(pose).jpg"))
        }
        var inputs: [String] = []
        for (index, photo) in videoPhotos.enumerated() {
            let still = workspace.root.appendingPathComponent("\(name)-still-\(index).jpg")
            try canvas(photo, width: 1080, height: 1920, to: still)
            inputs += ["-loop", "1", "-framerate", "15", "-t", String(seconds), "-i", still.path]
        }
        let streams = videoPhotos.indices.map { "[\($0):v]" }.joined()
        let result = try runTool("ffmpeg", ["-v", "error", "-y"] + inputs + [
            "-f", "lavfi", "-t", String(seconds * Double(videoPhotos.count)), "-i", "sine=frequency=220:sample_rate=48000",
            "-filter_complex", "\(streams)concat=n=\(videoPhotos.count):v=1:a=0,format=yuv420p[v]", "-map", "[v]",
            "-map", "\(videoPhotos.count):a", "-c:v", "libx264", "-g", "15", "-preset", "veryfast", "-c:a", "aac",
            folder.appendingPathComponent("video.mp4").path,
        ])
        #expect(result.status == 0, "\(result.output)")
        return folder
    }

    /// The 150x150 crop scaled up and centred on a grey canvas, as a phone's portrait frames a face.
    static func canvas(_ photo: URL, width: Int, height: Int, to output: URL) throws {
        let result = try runTool("convert", [photo.path, "-filter", "Lanczos", "-resize", "600x600", "-gravity", "center",
                                            "-background", "#6b6b6b", "-extent", "\(width)x\(height)", "-quality", "90", output.path])
        #expect(result.status == 0, "\(result.output)")
    }

    static func codes(_ check: SessionVerdict) -> [String] {
        check.reports.flatMap { report in report.findings.map { "\(report.path): \($0.code)" } }
    }

    @Test func aSessionOfOnePersonPasses() async throws {
        let workspace = try SessionWorkspace("identity-one")
        let folder = try Self.session(in: workspace, "salley", video: [Self.salley[0]], photos: Array(Self.salley[1...5]))
        let check = try await Self.validator.check(folder)
        #expect(check.passes(strict: false), "\(check.reportedFindings.map { "\($0.file ?? "") \($0.message)" })")
        let identityCodes: Set<FindingCode> = [.differentPerson, .severalPeopleInVideo, .identityNotChecked]
        #expect(!check.reports.contains { $0.findings.contains { identityCodes.contains($0.code) } }, "\(Self.codes(check))")
        let video = try #require(check.fileReports.first { $0.kind == .video })
        #expect(check.sessionReport.identity?.reference == video.path)
        for photo in check.fileReports where photo.kind == .image {
            let distance = try #require(photo.identity?.distance, "\(photo.path)")
            #expect(distance <= FaceProfile.builtIn.maxIdentityDistance)
            #expect(photo.identity?.reference == video.path)
            #expect(photo.notes.contains("same person as the video (distance \(distance))"), "\(photo.notes)")
        }
    }

    @Test func aPhotoOfAnotherPersonIsADifferentPerson() async throws {
        let workspace = try SessionWorkspace("identity-other")
        var photos = Array(Self.salley[1...5])
        photos[3] = Self.savage[0]  // the 'aah' slot
        let folder = try Self.session(in: workspace, "mixed", video: [Self.salley[0]], photos: photos)
        let check = try await Self.validator.check(folder, displayPath: "mixed")
        #expect(!check.passes(strict: false))
        let flagged = check.fileReports.filter { $0.has(.differentPerson) }
        #expect(flagged.map(\.path) == ["mixed/aah.jpg"], "\(Self.codes(check))")
        let finding = try #require(flagged.first?.findings.first { $0.code == .differentPerson })
        let distance = try #require(flagged.first?.identity?.distance)
        #expect(finding.severity == .error)
        #expect(distance > FaceProfile.builtIn.maxIdentityDistance)
        for part in ["'aah'", "slot 4", "mixed/aah.jpg", "\(distance)", "mixed/video.mp4"] {
            #expect(finding.message.contains(part), "\(part) not in: \(finding.message)")
        }
    }

    @Test(.tags(.slow), .fullRunOnly) func aVideoOfTwoPeopleWarns() async throws {
        let workspace = try SessionWorkspace("identity-video")
        let folder = try Self.session(in: workspace, "two", video: [Self.salley[0], Self.savage[0], Self.savage[1]],
                                      photos: Array(Self.savage[2...6]))
        let check = try await Self.validator.check(folder)
        let video = try #require(check.fileReports.first { $0.kind == .video })
        #expect(video.has(.severalPeopleInVideo), "\(Self.codes(check))")
        #expect(video.findings.first { $0.code == .severalPeopleInVideo }?.severity == .warning)
        // The median is the majority's face: the photos of that person still match it.
        #expect(!check.fileReports.contains { $0.has(.differentPerson) }, "\(Self.codes(check))")
    }

    @Test(.tags(.slow), .fullRunOnly) func twoSessionsOfOnePersonWarnOnBothAndSharedFilesFail() async throws {
        let workspace = try SessionWorkspace("identity-batch")
        let root = try workspace.folder("batch", files: [])
        let first = try Self.session(in: workspace, "batch/alice", video: [Self.salley[0]], photos: Array(Self.salley[1...5]))
        _ = try Self.session(in: workspace, "batch/bob", video: [Self.salley[6]], photos: Array(Self.salley[6...10]))
        let other = try Self.session(in: workspace, "batch/carol", video: [Self.savage[0]], photos: Array(Self.savage[1...5]))
        // carol's pursed photo is alice's file, byte for byte.
        try FileManager.default.removeItem(at: other.appendingPathComponent("pursed.jpg"))
        try FileManager.default.copyItem(at: first.appendingPathComponent("pursed.jpg"), to: other.appendingPathComponent("pursed.jpg"))
        let report = try await Preflight.validate(paths: [root.path], validator: Self.validator.validator)
        let sessions = report.files.filter { $0.kind == .session }
        func entry(_ name: String) throws -> FileReport { try #require(sessions.first { $0.path.hasSuffix("/" + name) }) }
        let (alice, bob, carol) = (try entry("alice"), try entry("bob"), try entry("carol"))
        let same = alice.findings.first { $0.code == .samePerson }
        #expect(same?.severity == .warning)
        #expect(same?.message.contains(bob.path) == true, "\(alice.findings)")
        #expect(bob.findings.first { $0.code == .samePerson }?.message.contains(alice.path) == true, "\(bob.findings)")
        #expect(alice.identity?.matches?.map(\.session) == [bob.path])
        #expect(!carol.has(.samePerson))
        #expect(carol.findings.first { $0.code == .sharedMedia }?.severity == .error, "\(carol.findings)")
        #expect(alice.has(.sharedMedia) && !bob.has(.sharedMedia))
    }

    /// `shared-media` pairs byte-identical files only: same size and other bytes is no pair, a FIFO is not read.
    @Test(.hangBackstop) func identicalFilesAreTheSameBytesNotTheSameSize() throws {
        let folder = try LaunchedServer.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.jpg"), b = folder.appendingPathComponent("b.jpg")
        let c = folder.appendingPathComponent("c.jpg"), fifo = folder.appendingPathComponent("d.jpg")
        let bytes = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try bytes.write(to: a)
        try bytes.write(to: b)
        var other = bytes
        other[2_999_999] ^= 1  // one bit in the last chunk
        try other.write(to: c)
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let pairs = IdentityJudge.identicalFiles([a, fifo], [c, b, fifo])
        #expect(pairs.map { [$0.0.lastPathComponent, $0.1.lastPathComponent] } == [["a.jpg", "b.jpg"]])
    }

    @Test func withoutTheModelTheSessionSaysSoOnce() async throws {
        let workspace = try SessionWorkspace("identity-missing")
        var photos = Array(Self.salley[1...5])
        photos[3] = Self.savage[0]
        let folder = try Self.session(in: workspace, "nomodel", video: [Self.salley[0]], photos: photos)
        var profile = ValidationProfile.builtIn
        profile.faces.identityModel = workspace.root.appendingPathComponent("missing/dlib_face_recognition_resnet_model_v1.dat").path
        let check = try await SessionValidator(validator: MediaValidator(profile: profile)).check(folder)
        let warnings = check.reports.flatMap(\.findings).filter { $0.code == .identityNotChecked }
        #expect(warnings.count == 1 && check.sessionReport.has(.identityNotChecked), "\(Self.codes(check))")
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.contains("missing/dlib_face_recognition_resnet_model_v1.dat") == true)
        #expect(!check.fileReports.contains { $0.has(.differentPerson) })
        #expect(check.fileReports.allSatisfy { $0.identity == nil })
    }

    /// A profile or TWIN_IDENTITY_MODEL naming a FIFO (or a folder, or a huge file) is refused before dlib opens
    /// it: a FIFO would block the read forever.
    @Test(.hangBackstop) func aModelPathThatIsNotAFileIsRefusedWithoutHanging() async throws {
        let workspace = try SessionWorkspace("identity-fifo")
        let folder = try Self.session(in: workspace, "fifo", video: [Self.salley[0]], photos: Array(Self.salley[1...5]))
        let fifo = workspace.root.appendingPathComponent("identity-model.dat")
        #expect(try runTool("mkfifo", [fifo.path]).status == 0)
        var profile = ValidationProfile.builtIn
        profile.faces.identityModel = fifo.path
        let check = try await SessionValidator(validator: MediaValidator(profile: profile)).check(folder)
        let warning = check.reports.flatMap(\.findings).first { $0.code == .identityNotChecked }
        #expect(warning?.message.contains("not a regular file") == true, "\(Self.codes(check))")
    }

    @Test func theModelIsFoundWherePipPutsIt() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("twin-pip-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let models = home.appendingPathComponent(".local/lib/python3.11/site-packages/face_recognition_models/models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        let model = models.appendingPathComponent(IdentityModelLocator.fileName)
        try Data("model".utf8).write(to: model)
        #expect(IdentityModelLocator.resolve(configured: nil, environment: ["HOME": home.path, "PATH": ""]) == model.path)
        #expect(IdentityModelLocator.resolve(configured: nil, environment: ["HOME": home.path, "TWIN_IDENTITY_MODEL": "/x"]) == "/x")
        #expect(IdentityModelLocator.resolve(configured: "/y", environment: ["HOME": home.path, "TWIN_IDENTITY_MODEL": "/x"]) == "/y")
    }
}
