// libFuzzer targets over the media path and the parsers, and a replayer of their inputs without libFuzzer.
//
//   twin-fuzz TARGET FILE|FOLDER…        replays inputs (any build): a regression run over fixtures/fuzz
//   twin-fuzz TARGET [libFuzzer flags]   fuzzes, when built by scripts/fuzz.sh (linked with libFuzzer)
//
// Targets: probe (the whole file probe), exif, image, profile, manifest (a session folder's twin.toml and pose names),
// audio (decoding, both resamplers and libebur128 of an MP4/MOV's audio), cache (the face model cache reader).
import Foundation
import TwinMedia
import TwinFaces
import TwinPipeline
#if canImport(Glibc)
import Glibc
#endif

/// Runs one input through the chosen target; a crash, hang or sanitizer report is the finding.
nonisolated(unsafe) var runTarget: ([UInt8]) -> Void = { _ in }

let scratch = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TWIN_FUZZ_SCRATCH"] ?? NSTemporaryDirectory())
    .appendingPathComponent("twin-fuzz-\(getpid())")

/// Writes `bytes` where the file-based parsers can read them, named like what they claim to be.
func inputFile(_ bytes: [UInt8], extension ext: String) -> String {
    let path = scratch.appendingPathExtension(ext).path
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        fatalError("twin-fuzz: cannot write the scratch file \(path); set TWIN_FUZZ_SCRATCH to a writable folder")
    }
    return path
}

/// A session folder for the manifest target: a video and photos (empty files: only names and paths are read), a
/// sub-folder, and a link out of the folder; the fuzzer's input becomes its `twin.toml`.
let sessionFolder: URL = {
    let folder = scratch.appendingPathExtension("session")
    try? FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
    for name in ["video.mp4", "take-2.mov", "neutral.jpg", "teeth.jpg", "IMG_0101.jpg", "2.png", "sub/ooh.jpg", "notes.txt"] {
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
    }
    try? FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out.jpg").path, withDestinationPath: "/etc/hostname")
    return folder
}()

let targets: [String: ([UInt8]) -> Void] = [
    "probe": { bytes in
        let ext = bytes.first.map { $0 == 0xFF ? "jpg" : $0 == 0x89 ? "png" : "mp4" } ?? "mp4"
        _ = FuzzEntryPoints.validate(path: inputFile(bytes, extension: ext))
    },
    "exif": { bytes in _ = FuzzEntryPoints.readExif(path: inputFile(bytes, extension: "jpg")) },
    "image": { bytes in _ = FuzzEntryPoints.checkImage(path: inputFile(bytes, extension: "img"), prefix: Array(bytes.prefix(64))) },
    "audio": { bytes in _ = FuzzEntryPoints.measureAudio(path: inputFile(bytes, extension: "mp4")) },
    "cache": { bytes in
        let path = inputFile(bytes, extension: "bin")
        _ = FaceFuzzEntryPoints.readFaceModelCache(folder: (path as NSString).deletingLastPathComponent, name: (path as NSString).lastPathComponent)
    },
    "profile": { bytes in _ = FuzzEntryPoints.parseProfile(String(decoding: bytes, as: UTF8.self)) },
    "manifest": { bytes in
        _ = FileManager.default.createFile(atPath: sessionFolder.appendingPathComponent("twin.toml").path, contents: Data(bytes))
        _ = PipelineFuzzEntryPoints.loadSession(folder: sessionFolder.path, manifest: String(decoding: bytes, as: UTF8.self))
    },
]

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = targets[arguments[1]] else {
    let usage = "usage: twin-fuzz \(targets.keys.sorted().joined(separator: "|")) [FILE|FOLDER|libFuzzer flags]…\n"
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
runTarget = target

/// libFuzzer's entry point (its driver refers to it; `LLVMFuzzerRunDriver` below is handed the same work).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    runTarget(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
typealias FuzzDriver = @convention(c) (
    UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>, FuzzCallback
) -> Int32

if let symbol = dlsym(nil, "LLVMFuzzerRunDriver") {
    // Built with libFuzzer: it takes the rest of the arguments (corpus folders, -max_total_time=…).
    let driver = unsafeBitCast(symbol, to: FuzzDriver.self)
    var cArguments: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
    var count = Int32(cArguments.count - 1)
    let status = cArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var base = buffer.baseAddress
        return driver(&count, &base) { data, size in fuzzOneInput(data, size) }
    }
    exit(status)
}

// Without libFuzzer: replay every file given (folders: every file in them).
var replayed = 0
for argument in arguments.dropFirst(2) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else { continue }
    let files = isFolder.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
        : [argument]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        runTarget(Array(data))
        replayed += 1
    }
}
for ext in ["jpg", "png", "mp4", "img", "bin", "session"] { try? FileManager.default.removeItem(at: scratch.appendingPathExtension(ext)) }
print("\(arguments[1]): replayed \(replayed) inputs")
