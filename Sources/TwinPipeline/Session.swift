public import Foundation
internal import TwinFiles
internal import TwinMedia
#if canImport(Glibc)
internal import Glibc
#endif

/// A recorded session: a folder with one video and the calibration photos, resolved against a
/// pose profile.
public struct Session: Sendable {
    /// The folder's name: the session's identity in a batch journal and for `--shard`.
    public let id: String
    /// The session folder.
    public let folder: URL
    /// The twin's name: `--name`, else the manifest's `name`, else the folder's name.
    public var name: String
    /// The language for `/create`: `--language`, else the manifest's, else the API's default.
    public var language: String?
    /// The parsed `twin.toml`, when there is a valid one.
    public let manifest: SessionManifest?
    /// The session's video, when exactly one was found (or the manifest names it).
    public let video: URL?
    /// Photos mapped to poses, and the findings of that mapping.
    public let mapping: PoseMapping
    /// Findings about the session as a whole: manifest, video, poses, leftover files.
    public let findings: [SessionFinding]

    /// The media to validate and publish: the video, then the photos in pose order.
    public var mediaFiles: [URL] {
        (video.map { [$0] } ?? []) + mapping.assignments.map(\.file)
    }

    /// True when no session finding is an error (the media itself is judged by the validator).
    public var isStructurallyValid: Bool {
        !findings.contains { $0.finding.severity == .error }
    }
}

/// Reads session folders: the manifest, the video, the photos and their pose order.
public struct SessionLoader: Sendable {
    /// The pose profile photos are mapped to.
    public var profile: PoseProfile
    /// How photos without a pose word in their name are ordered.
    public var order: PoseOrder

    public init(profile: PoseProfile = .builtIn, order: PoseOrder = .fileName) {
        self.profile = profile
        self.order = order
    }

    /// Extensions taken as the session's video. Containers the API rejects (MKV, WebM …) still
    /// count, so that the validator can say why they are rejected.
    public static let videoExtensions: Set<String> = MediaKind.video.fileExtensions
    /// Extensions taken as calibration photos, including formats the validator rejects (HEIC …).
    public static let photoExtensions: Set<String> = MediaKind.image.fileExtensions

    /// Loads one session folder.
    ///
    /// - Throws: ``PipelineError`` `not-a-session-folder` when `folder` is not a readable folder.
    ///   Everything wrong inside the folder is a finding instead.
    /// Why the manifest's `name` may not be used, or nil when it is a file inside `folder` once every symbolic
    /// link is followed. A session must not take media from another folder (`../other/video.mp4`, a link out).
    static func escape(of name: String, in folder: URL) -> String? {
        let candidate = folder.appendingPathComponent(name).path
        guard let realFolder = realPath(folder.path) else { return "cannot be checked: the session folder cannot be resolved" }
        guard let realFile = realPath(candidate) else { return nil }  // missing: reported as "no such file"
        guard realFile.hasPrefix(realFolder.hasSuffix("/") ? realFolder : realFolder + "/") else {
            return "leads outside \(folder.lastPathComponent)/ (to \(realFile)): a session's media must be inside its folder."
                + " Copy the file into the folder and name it without ../ or a link out"
        }
        return nil
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public func load(_ folder: URL) throws(PipelineError) -> Session {
        let folder = folder.standardizedFileURL
        let entries = try Self.entries(of: folder)
        var findings: [SessionFinding] = []

        // The manifest.
        var manifest: SessionManifest?
        let manifestURL = folder.appendingPathComponent(SessionManifest.fileName)
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            do {
                let text = try BoundedFile.readText(manifestURL, limit: SessionManifest.maxFileBytes)
                switch SessionManifest.parse(text) {
                case .success(let parsed): manifest = parsed
                case .failure(let problem):
                    findings.append(SessionFinding(.error(.invalidManifest, "\(SessionManifest.fileName): "
                        + "\(problem.reason)"), file: manifestURL))
                }
            } catch {
                findings.append(SessionFinding(.error(.invalidManifest,
                    "\(SessionManifest.fileName): \(error); a manifest is a few lines of TOML in a regular file"), file: manifestURL))
            }
        }

        var videos: [URL] = []
        var photos: [URL] = []
        var others: [URL] = []
        for entry in entries where entry.lastPathComponent != SessionManifest.fileName {
            if let escape = Self.escape(of: entry.lastPathComponent, in: folder) {
                findings.append(SessionFinding(.error(.linkOutsideSession, "\(entry.lastPathComponent) \(escape)"), file: entry))
                continue
            }
            // Nothing reads a FIFO, device or socket (a FIFO would block the first read, even EXIF for --order capture-time).
            if !entry.hasDirectoryPath, let kind = BoundedFile.irregularKind(entry.path) {
                findings.append(SessionFinding(.error(.notARegularFile,
                    "\(entry.lastPathComponent) is \(kind), not a file: it is not read. Replace it with the recorded file."), file: entry))
                continue
            }
            let ext = entry.pathExtension.lowercased()
            if Self.videoExtensions.contains(ext) {
                videos.append(entry)
            } else if Self.photoExtensions.contains(ext) {
                photos.append(entry)
            } else {
                others.append(entry)
            }
        }

        // The video.
        var video: URL?
        if let named = manifest?.video {
            let path = folder.appendingPathComponent(named).standardizedFileURL.path
            let url = (videos + photos + others).first { $0.path == path } ?? URL(fileURLWithPath: path)
            if let escape = Self.escape(of: named, in: folder) {
                findings.append(SessionFinding(.error(.invalidManifest, "\(SessionManifest.fileName) video = \"\(named)\" "
                    + "\(escape)"), file: manifestURL))
            } else if FileManager.default.fileExists(atPath: path) {
                others.removeAll { $0 == url }
                photos.removeAll { $0 == url }
                video = url
            } else {
                findings.append(SessionFinding(.error(.invalidManifest,
                    "\(SessionManifest.fileName) names video = \"\(named)\", but there is no such file in \(folder.lastPathComponent)/. "
                        + "Fix the name."), file: manifestURL))
            }
            for other in videos where other != url {
                findings.append(SessionFinding(.warning(.unexpectedFile, "\(other.lastPathComponent) is not used: "
                    + "\(SessionManifest.fileName) names \(named) as the video."), file: other))
            }
        } else if videos.count == 1 {
            video = videos[0]
        } else if videos.isEmpty {
            findings.append(SessionFinding(.error(.missingVideo,
                "\(folder.lastPathComponent)/ holds no video. Add the recorded MP4 or MOV "
                    + "(\(Self.videoExtensions.sorted().prefix(3).joined(separator: ", ")) …) to the folder.")))
        } else {
            findings.append(SessionFinding(.error(.ambiguousVideo,
                "\(folder.lastPathComponent)/ holds \(videos.count) videos (\(videos.map(\.lastPathComponent).joined(separator: ", "))). "
                    + "Keep one, or name it in \(SessionManifest.fileName) with video = \"…\".")))
        }

        // The photos.
        var manifestPoses: [(key: String, file: URL)] = []
        for (key, name) in (manifest?.poses ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = folder.appendingPathComponent(name).standardizedFileURL.path
            if let escape = Self.escape(of: name, in: folder) {
                findings.append(SessionFinding(.error(.invalidManifest, "\(SessionManifest.fileName) [poses] \(key) = \"\(name)\" "
                    + "\(escape)"),
                                               file: manifestURL))
            } else if let url = (photos + others + videos).first(where: { $0.path == path })
                ?? (FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil) {
                // A file the manifest maps is a photo, whatever its extension: the validator judges it.
                others.removeAll { $0 == url }
                if !photos.contains(url) { photos.append(url) }
                manifestPoses.append((key, url))
            } else {
                findings.append(SessionFinding(.error(.invalidManifest,
                    "\(SessionManifest.fileName) [poses] \(key) = \"\(name)\", but there is no such file in \(folder.lastPathComponent)/. "
                        + "Fix the name."), file: manifestURL))
            }
        }
        let mapping = PoseMapper(profile: profile, order: order).map(photos: photos, manifestPoses: manifestPoses)
        findings.append(contentsOf: mapping.findings)
        if let video, manifestPoses.contains(where: { $0.file == video }) {
            findings.append(SessionFinding(.error(.invalidManifest, "\(video.lastPathComponent) is both the video and a pose "
                + "photo."), file: video))
        }

        for other in others {
            let reason = other.hasDirectoryPath ? "folders inside a session are ignored" : "it is neither a video nor a photo"
            findings.append(SessionFinding(.warning(.unexpectedFile, "\(other.lastPathComponent) is not used: \(reason)."), file: other))
        }

        return Session(
            id: folder.lastPathComponent,
            folder: folder,
            name: manifest?.name ?? folder.lastPathComponent,
            language: manifest?.language,
            manifest: manifest,
            video: video,
            mapping: mapping,
            findings: findings
        )
    }

    /// The session folders of a batch: every subfolder of `directory` whose name does not start
    /// with a dot, sorted by name.
    public static func sessionFolders(in directory: URL) throws(PipelineError) -> [URL] {
        try entries(of: directory).filter(\.hasDirectoryPath).sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func entries(of folder: URL) throws(PipelineError) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PipelineError(.notASessionFolder, "\(folder.path) is not a folder; a session is a folder holding one video and the "
                + "calibration photos")
        }
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
                var isDirectory: ObjCBool = false
                let path = folder.appendingPathComponent(name).path
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                return URL(fileURLWithPath: path, isDirectory: isDirectory.boolValue).standardizedFileURL
            }
        } catch {
            throw PipelineError(.notASessionFolder, "cannot list \(folder.path): \(error.localizedDescription)")
        }
    }
}
