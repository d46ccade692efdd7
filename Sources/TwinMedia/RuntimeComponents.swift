internal import CFFmpeg
internal import TwinFaces
// CTwinShims' headers include FFmpeg's too: which module owns a struct like AVRational depends on the build (the
// sanitized fuzz build picks this one), so both are imported wherever FFmpeg's structs are used.
internal import CTwinShims
internal import CPNG
internal import Foundation
internal import TwinVoice

/// A shared library as this process found it at run time: the file the dynamic linker mapped and the
/// version the library reports (or, for a library with no version call, the one its file name carries).
public struct LoadedLibrary: Sendable, Hashable, Codable {
    /// What the library is (`FFmpeg libavformat`, `dlib`, …).
    public let name: String
    /// The file the dynamic linker mapped into this process; nil when no such library is loaded.
    public let path: String?
    /// The library's version, when it could be told.
    public let version: String?
}

/// What the media checks need at run time: the linked libraries, and the speech and landmark models,
/// each checked the way the checks themselves load it.
public enum RuntimeComponents {
    /// The libraries the media checks link: a display name and the start of the file name (`libpng16.so`).
    static let linkedLibraries: [(name: String, file: String)] = [
        ("FFmpeg libavformat", "libavformat.so"), ("FFmpeg libavcodec", "libavcodec.so"), ("FFmpeg libavutil", "libavutil.so"),
        ("FFmpeg libswresample", "libswresample.so"), ("libjpeg", "libjpeg.so"), ("libpng", "libpng16.so"),
        ("libebur128", "libebur128.so"), ("PocketSphinx", "libpocketsphinx.so"), ("SphinxBase", "libsphinxbase.so"),
        ("dlib", "libdlib.so"), ("BLAS", "libblas.so"), ("LAPACK", "liblapack.so"),
    ]

    /// Every linked library, in a fixed order, with the file mapped (from `/proc/self/maps`) and its version.
    public static func libraries() -> [LoadedLibrary] {
        let mapped = mappedFiles()
        return linkedLibraries.map { library in
            let path = mapped.first { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix(library.file) }
            return LoadedLibrary(name: library.name, path: path, version: reportedVersion(of: library.name) ?? path.flatMap(fileVersion))
        }
    }

    /// The PocketSphinx model folder the voice check loads: `TWIN_POCKETSPHINX_MODEL`, else Debian's `pocketsphinx-en-us`.
    public static var speechModelFolder: String { SpeechRecogniser.modelFolder }

    /// True when `TWIN_POCKETSPHINX_MODEL` chose the speech model folder.
    public static var speechModelIsOverridden: Bool { ProcessInfo.processInfo.environment["TWIN_POCKETSPHINX_MODEL"] != nil }

    /// Loads the PocketSphinx model in `folder` as the voice check does, and frees it again.
    /// - Throws: ``MediaError`` `.speech` with PocketSphinx's words when a model file is missing or damaged.
    public static func loadSpeechModel(folder: String) throws(MediaError) {
        do {
            _ = try SpeechRecogniser(modelFolder: folder)
        } catch {
            throw MediaError(.speech, error.message)
        }
    }

    /// Loads dlib's landmark model from `path` as the face check does (once per process).
    /// - Returns: the seconds the load took (0 when this process had loaded it before).
    /// - Throws: ``MediaError`` `.faceCheckFailed` when the file is missing or not a dlib shape predictor.
    public static func loadLandmarkModel(path: String) throws(MediaError) -> Double {
        do { return try FaceEngine.loadModel(path: path) } catch { throw MediaError(error) }
    }

    /// Loads dlib's face-recognition model (the identity checks') from `path` as the checks do (once per process).
    /// - Returns: the seconds the load took (0 when this process had loaded it before).
    /// - Throws: ``MediaError`` `.faceCheckFailed` when the file is missing or not that network.
    public static func loadIdentityModel(path: String) throws(MediaError) -> Double {
        do { return try FaceEngine.loadIdentityModel(path: path) } catch { throw MediaError(error) }
    }

    /// The version a library reports through its own call, for those that have one.
    static func reportedVersion(of name: String) -> String? {
        switch name {
        case "FFmpeg libavformat": return String(cString: av_version_info())
        case "libpng": return png_get_libpng_ver(nil).map { String(cString: $0) }
        case "libebur128": return LoudnessMeter.libraryVersion
        default: return nil
        }
    }

    /// `libdlib.so.19.24.0` → `19.24.0`.
    static func fileVersion(_ path: String) -> String? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let range = name.range(of: ".so.") else { return nil }
        return String(name[range.upperBound...])
    }

    /// The files mapped into this process (each once), from `/proc/self/maps`; empty where there is no `/proc`.
    static func mappedFiles() -> [String] {
        // /proc files report a size of 0: read to the end rather than by size.
        guard let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() else { return [] }
        let maps = String(decoding: data, as: UTF8.self)
        var seen = Set<String>()
        var files: [String] = []
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            if seen.insert(path).inserted { files.append(path) }
        }
        return files
    }
}
