import Foundation
import TestSupport
import Testing

/// Files under the pixel guard that would still take gigabytes to decode: `twin validate` stays under 256 MB of
/// peak memory on each, as `/usr/bin/time -v` measures the real process.
/// Serialized: each case blocks a thread on a real process, and one at a time leaves the others room.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DecompressionBombTests {
    static let ceilingKilobytes = 256 * 1024

    /// Makes the bomb in `folder`: `png-row` is a 100000000x1 16-bit RGBA PNG (800 MB a row), `progressive` a small
    /// progressive JPEG whose frame header says 9999x9999 at 4:4:4 (600 MB of coefficients).
    static func make(_ kind: String, in folder: URL) throws -> URL {
        if kind == "png-chunk" {  // found by the fuzzer: an iTXt chunk declaring 1.6 GB
            return TestPaths.fixtures.appendingPathComponent("fuzz/probe/png-itxt-chunk-length-1600mb.bin")
        }
        let output = folder.appendingPathComponent(kind == "png-row" ? "bomb.png" : "bomb.jpg")
        if kind == "progressive" {
            let small = folder.appendingPathComponent("small.jpg")
            let convert = Process()
            convert.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            convert.arguments = ["convert", "-size", "64x64", "plasma:", "-sampling-factor", "1x1", "-interlace", "Plane", small.path]
            try convert.run()
            convert.waitUntilExit()
            #expect(convert.terminationStatus == 0)
        }
        _ = try PythonScript.run(#"""
        import struct, sys, zlib
        kind, folder, output = sys.argv[1], sys.argv[2], sys.argv[3]
        def chunk(kind_, data):
            return struct.pack(">I", len(data)) + kind_ + data + struct.pack(">I", zlib.crc32(kind_ + data) & 0xffffffff)
        if kind == "png-row":
            width = 100_000_000
            packer = zlib.compressobj(1)
            body = packer.compress(b"\0")  # filter byte
            zeros = b"\0" * (8 << 20)
            for _ in range(width * 8 // len(zeros)):
                body += packer.compress(zeros)
            body += packer.flush()
            data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, 1, 16, 6, 0, 0, 0))
            data += chunk(b"IDAT", body) + chunk(b"IEND", b"")
        else:
            data = bytearray(open(folder + "/small.jpg", "rb").read())
            at = data.index(b"\xff\xc2")  # SOF2: length, precision, height, width
            data[at + 5:at + 9] = struct.pack(">HH", 9999, 9999)
            data = bytes(data)
        open(output, "wb").write(data)
        """#, arguments: [kind, folder.path, output.path])
        return output
    }

    @Test(arguments: [("png-row", "too-large"), ("progressive", "too-large"), ("png-chunk", "corrupt")])
    func aBombFailsWithinTheMemoryCeiling(kind: String, code: String) throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-bomb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bomb = try Self.make(kind, in: folder)
        let time = Process()
        time.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        time.arguments = ["-v", TwinProcess.executable.path, "validate", "--format", "json", bomb.path]
        let out = Pipe(), err = Pipe()
        time.standardOutput = out
        time.standardError = err
        try time.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        time.waitUntilExit()
        #expect(time.terminationStatus == 1, "a failed validation, not a crash: \(stderr.suffix(400))")
        #expect(stdout.contains("\"\(code)\""), "\(stdout)")
        let line = try #require(stderr.split(separator: "\n").first { $0.contains("Maximum resident set size") })
        let kilobytes = try #require(Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)))
        #expect(kilobytes < Self.ceilingKilobytes, "peak RSS \(kilobytes) kB")
    }
}
