public import Foundation
internal import TwinFaces
public import TwinVoice
#if canImport(Glibc)
internal import Glibc
#endif

/// Judges video and photo files the way the AI Twin API needs them (see ``ValidationProfile``).
///
/// Every problem becomes a ``Finding`` in the file's ``FileReport``; nothing in a bad file
/// throws, crashes or hangs. Decoding goes through FFmpeg, libjpeg and libpng.
public struct MediaValidator: Sendable {
    public var profile: ValidationProfile
    /// Decode every frame (with frame threads) instead of the start and the last second.
    public var deep: Bool
    /// Check each video's audio: loudness, speech, and the script when it has one (nil: no voice check).
    public var voice: VoiceSettings?
    /// Also collect what the HTML report shows (``FileReport/detail``): thumbnails, landmarks,
    /// video frames, the loudness curve. Off by default: it costs an encode per picture.
    public var collectReportData: Bool

    public init(profile: ValidationProfile = .builtIn, deep: Bool = false, voice: VoiceSettings? = nil,
                collectReportData: Bool = false) {
        self.profile = profile
        self.deep = deep
        self.voice = voice
        self.collectReportData = collectReportData
    }

    /// Validates one file. The report's `path` is `file.relativePath` (relative stays relative).
    public func validate(file: URL) async -> FileReport {
        await Self.offThePool { [self] in validateSynchronously(path: file.relativePath) }
    }

    /// Runs blocking media work (decoding, speech recognition: seconds of CPU) on a thread of its
    /// own, so it never holds one of Swift concurrency's few cooperative threads, which the
    /// process's network code needs meanwhile. (Dispatch's global queues would not do: on Linux
    /// they are the same threads.)
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Validates one file on the calling thread (for callers that cannot await).
    public func reportNow(file: URL) -> FileReport {
        validateSynchronously(path: file.relativePath)
    }

    /// Validates files concurrently (at most one per core at a time); reports come back in input order.
    public func validate(files: [URL]) async -> [FileReport] {
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var reports = [FileReport?](repeating: nil, count: files.count)
        await withTaskGroup(of: (Int, FileReport).self) { group in
            var next = 0
            func startNext() {
                guard next < files.count else { return }
                let index = next, path = files[index].relativePath
                next += 1
                group.addTask { (index, await Self.offThePool { self.validateSynchronously(path: path) }) }
            }
            for _ in 0..<min(width, files.count) { startNext() }
            while let (index, report) = await group.next() {
                reports[index] = report
                startNext()
            }
        }
        return reports.map { $0! }
    }

    /// The media files a folder argument stands for: files with a video or image extension
    /// (including unsupported ones such as `.heic`, so they are reported), in the folder and its
    /// subfolders, hidden files skipped, sorted by path.
    ///
    /// - Throws: ``MediaError`` (`unreadable`) when the folder cannot be listed.
    public static func mediaFiles(in folder: URL) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles],
            errorHandler: { _, _ in true }
        ) else {
            throw MediaError(.unreadable, "cannot list the folder \(folder.path)")
        }
        guard (try? folder.checkResourceIsReachable()) == true else {
            throw MediaError(.unreadable, "no such folder: \(folder.path)")
        }
        let prefix = folder.standardizedFileURL.path
        var files: [URL] = []
        for case let url as URL in enumerator
        where ContentFormat.promised(byExtension: url.pathExtension) != nil
            && (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            // Keep the caller's spelling of the folder (relative stays relative).
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : "/" + url.lastPathComponent
            files.append(URL(fileURLWithPath: folder.relativePath + relative, relativeTo: nil))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// `unreadable` entries for what ``mediaFiles(in:)`` cannot list: files (with a media extension, or none
    /// readable) and folders under `folder` whose names are not valid UTF-8, so no path can name them. Each
    /// entry shows its name with the bytes escaped, as `ls` does. Hidden entries and links are skipped, as there.
    public static func unnamableEntries(in folder: URL) -> [FileReport] {
        var reports: [FileReport] = []
        func walk(_ path: String, shown: String, depth: Int) {
            guard depth < 64, reports.count < 10_000, let directory = opendir(path) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                guard let first = name.first, first != UInt8(ascii: ".") else { continue }
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    if lstat(path + "/" + String(decoding: name, as: UTF8.self), &status) == 0 {
                        type = (status.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
                    }
                }
                if let text = String(validating: name, as: UTF8.self) {
                    if type == UInt8(DT_DIR) { walk(path + "/" + text, shown: shown + "/" + text, depth: depth + 1) }
                    continue
                }
                guard type == UInt8(DT_DIR) || type == UInt8(DT_REG) else { continue }
                let suffix = name.lastIndex(of: UInt8(ascii: ".")).flatMap { String(validating: name[($0 + 1)...], as: UTF8.self) }
                if type == UInt8(DT_REG), let suffix, ContentFormat.promised(byExtension: suffix) == nil { continue }
                let what = type == UInt8(DT_DIR) ? "folder" : "file"
                reports.append(FileReport(path: shown + "/" + VisibleText.name(bytes: name), kind: .unknown, findings: [
                    .error(.unreadable, "The \(what) name is not valid UTF-8 (shown with the bytes that are not as \\xHH), so it "
                        + "cannot be named in a report or sent on: rename it, e.g. with convmv."),
                ]))
            }
        }
        walk(folder.path, shown: folder.relativePath, depth: 0)
        return reports.sorted { $0.path < $1.path }
    }

    /// The whole judgement of one file, on the calling thread.
    func validateSynchronously(path: String) -> FileReport {
        let promised = ContentFormat.promised(byExtension: (path as NSString).pathExtension)
        var report = FileReport(path: path, kind: promised?.kind ?? .unknown)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            report.add(.error(.unreadable, "No such file."))
            return report
        }
        guard !isFolder.boolValue else {
            report.add(.error(.unreadable, "This is a folder, not a media file."))
            return report
        }
        // A FIFO or device could block a read forever: only regular files are media.
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType
        guard type == .typeRegular else {
            report.add(.error(.unreadable, "This is not a regular file (a device, pipe or socket)."))
            return report
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            report.add(.error(.unreadable, "Cannot open the file for reading: check its permissions."))
            return report
        }
        let head: [UInt8]
        do {
            head = [UInt8](try handle.read(upToCount: 512) ?? Data())
            try handle.close()
        } catch {
            report.add(.error(.unreadable, "Cannot read the file: \(error.localizedDescription)."))
            return report
        }
        guard !head.isEmpty else {
            report.add(.error(.unreadable, "The file is empty (0 bytes): copy it again."))
            return report
        }
        let content = ContentFormat.sniff(head)
        report.format = content == .unknown ? nil : content.name
        if content.kind != .unknown { report.kind = content.kind }

        guard let accepted = acceptedKind(of: content) else {
            report.add(.error(.unsupportedFormat, unsupportedMessage(content: content, promised: promised)))
            return report
        }
        if let promised, promised.kind != accepted {
            report.kind = promised.kind
            report.add(.error(.unsupportedFormat, "The name promises \(promised.kind == .video ? "a video" : "a photo") "
                + "(.\((path as NSString).pathExtension)) but the content is \(content.name.uppercased()) "
                + "\(accepted == .video ? "video" : "image"): use the right file."))
            return report
        }
        if let promised, promised != content {
            report.add(.warning(.extensionMismatch, "The content is \(content.name.uppercased()) but the name ends in "
                + ".\((path as NSString).pathExtension): rename it to .\(Self.preferredExtension(content))."))
        }
        // The landmark model takes about 0.6 s to load: start it with the first media file, beside the
        // decoding and the face search; only a landmark fit waits for it, so a run without a face never does.
        if profile.faces.enabled { FaceEngine.preloadModel(path: profile.faces.modelPath) }
        if accepted == .video {
            inspectVideo(path: path, format: content, into: &report)
        } else {
            inspectImage(path: path, format: content, into: &report)
        }
        return report
    }

    /// The kind a content format is accepted as under the profile, or nil when it is not accepted.
    private func acceptedKind(of content: ContentFormat) -> MediaKind? {
        switch content.kind {
        case .video where profile.videoContainers.contains(content.name): .video
        case .image where profile.imageFormats.contains(content.name): .image
        default: nil
        }
    }

    private func unsupportedMessage(content: ContentFormat, promised: ContentFormat?) -> String {
        let accepted = (profile.videoContainers.sorted() + profile.imageFormats.sorted()).map { $0.uppercased() }
            .joined(separator: ", ")
        let what = switch content {
        case .unknown: "an unrecognised format"
        case .text: "text, not media"
        default: content.name.uppercased()
        }
        var message = "The content is \(what)"
        if let promised, promised != content { message += " (the name says \(promised.name.uppercased()))" }
        message += "; accepted: \(accepted)."
        switch content {
        case .heic, .avif:
            message += " Convert it to JPEG: `magick IN.heic OUT.jpg`, `heif-convert IN.heic OUT.jpg`, "
                + "or on macOS `sips -s format jpeg IN.heic --out OUT.jpg` (or set the iPhone camera to Most Compatible)."
        case .webp, .gif, .tiff, .bmp:
            message += " Convert it: `magick IN OUT.png`."
        case .matroska, .webm, .mpegts, .avi:
            message += " Remux or re-encode it: `ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4`."
        default:
            break
        }
        return message
    }

    private static func preferredExtension(_ content: ContentFormat) -> String {
        content == .jpeg ? "jpg" : content.name
    }

    /// Adds the displayed-shape findings (not-vertical, low-resolution) and the reasoning line.
    func judgeShape(_ report: inout FileReport, minShortSide: Int, turn: String) {
        guard let storedWidth = report.storedWidth, let storedHeight = report.storedHeight,
              let width = report.width, let height = report.height else { return }
        let shape = height > width ? "vertical" : (height == width ? "square, not vertical" : "landscape, not vertical")
        report.notes.insert("stored \(storedWidth)x\(storedHeight), \(turn) → \(width)x\(height), \(shape)", at: 0)
        if height <= width {
            report.add(.error(.notVertical, "Displayed \(width)x\(height) is \(height == width ? "square" : "landscape"); "
                + "the AI Twin needs vertical (portrait) media: record holding the phone upright"
                + (report.storedWidth != nil && report.rotation != 0 ? " (stored \(storedWidth)x\(storedHeight), rotated "
                    + "\(report.rotation ?? 0)°)" : "")
                + "."))
        }
        if min(width, height) < minShortSide {
            report.add(.warning(.lowResolution, "The short side is \(min(width, height)) pixels, below the minimum "
                + "of \(minShortSide): use a higher resolution."))
        }
    }
}
