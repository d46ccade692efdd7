public import Foundation

/// Builds session folders in a fresh temporary directory for pipeline tests.
public final class SessionWorkspace: @unchecked Sendable {
    /// The temporary root; removed on deinit.
    public let root: URL

    public init(_ label: String = "session") throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("twin-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Creates `root/name/` holding `files` (name → contents; placeholder bytes by default).
    @discardableResult
    public func folder(_ name: String, files: [String], contents: [String: Data] = [:]) throws -> URL {
        let folder = root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (contents[file] ?? Data("placeholder \(file)".utf8)).write(to: url)
        }
        return folder
    }

    /// Copies `source` (a fixture file or folder) to `root/name`.
    @discardableResult
    public func copy(_ source: URL, as name: String) throws -> URL {
        let destination = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: destination)
        return destination
    }

    /// Copies the session folder `source` to `root/name` as a session of its own (``copySession(_:to:)``).
    @discardableResult
    public func copySession(_ source: URL, as name: String) throws -> URL {
        let destination = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TestSupport.copySession(source, to: destination)
        return destination
    }

    /// Writes text to `root/relativePath`.
    @discardableResult
    public func write(_ text: String, to relativePath: String) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }
}

/// Copies the session folder `source` to `destination` as a session of its own: every JPEG gets a comment segment
/// and every MP4/MOV a trailing `free` box naming the copy, so no file is byte for byte another session's
/// (`shared-media`), while every picture, frame and sound stays the same.
public func copySession(_ source: URL, to destination: URL) throws {
    try FileManager.default.copyItem(at: source, to: destination)
    let marker = Data("twin-preflight test session \(destination.lastPathComponent)".utf8)
    let files = FileManager.default.enumerator(at: destination, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
    for file in files {
        var data: Data
        switch file.pathExtension.lowercased() {
        case "jpg", "jpeg":
            data = try Data(contentsOf: file)
            guard data.starts(with: [0xFF, 0xD8]) else { continue }
            let length = UInt16(marker.count + 2)
            data.insert(contentsOf: [0xFF, 0xFE, UInt8(length >> 8), UInt8(length & 0xFF)] + marker, at: 2)
        case "mp4", "mov":
            data = try Data(contentsOf: file)
            let size = UInt32(marker.count + 8)
            data.append(contentsOf: [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)])
            data.append(contentsOf: Array("free".utf8) + marker)
        default:
            continue
        }
        try data.write(to: file)
    }
}

/// Runs a tool and returns its exit status and combined output.
@discardableResult
public func runTool(_ executable: String, _ arguments: [String],
                    environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
