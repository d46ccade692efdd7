import Foundation
import TestSupport
import Testing

/// Files under the pixel guard that would still take gigabytes to decode: `twin validate` stays under 256 MB of
/// peak memory on each, as `/usr/bin/time -v` measures the real process.
/// Serialized: each case blocks a thread on a real process, and one at a time leaves the others room.
@Suite(.serialized, .hangBackstop)
struct DecompressionBombTests {
    static let ceilingKilobytes = 256 * 1024

    /// Makes the bomb in `folder`: `png-row` is a 100000000x1 16-bit RGBA PNG (800 MB a row), `progressive` a small
    /// progressive JPEG whose frame header says 9999x9999 at 4:4:4 (600 MB of coefficients); `sps-*` an MP4 whose
    /// H.264 SPS declares 15984x15984 (384 MB a frame; the ffmpeg CLI peaks at 1.2 GB probing it) while the container
    /// says 64x64 (`sps-small-container`) or 0x0 (`sps-zero-container`, where FFmpeg's own probe decodes a frame).
    /// 15984 is near the largest size FFmpeg accepts at all (`av_image_check_size`): 16384x16384 is refused by
    /// FFmpeg itself and would not reach twin's guard.
    static func make(_ kind: String, in folder: URL) throws -> URL {
        if kind.hasPrefix("sps-") { return try makeSPSBomb(containerSide: kind == "sps-small-container" ? 64 : 0, in: folder) }
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

    /// A 64x64 baseline H.264 stream whose SPS is rewritten (exp-Golomb fields, emulation prevention) to say
    /// 15984x15984, put into MP4 by ffmpeg, then the `avc1` and `tkhd` sizes set to `containerSide` in place.
    static func makeSPSBomb(containerSide: Int, in folder: URL) throws -> URL {
        let small = folder.appendingPathComponent("small.h264"), big = folder.appendingPathComponent("big.h264")
        let muxed = folder.appendingPathComponent("big.mp4"), output = folder.appendingPathComponent("sps-bomb.mp4")
        try runFFmpeg(["-f", "lavfi", "-i", "color=c=blue:s=64x64:r=25:d=1", "-c:v", "libx264", "-profile:v", "baseline",
                       "-preset", "veryfast", "-pix_fmt", "yuv420p", "-threads", "1", "-bitexact", "-f", "h264", small.path])
        _ = try PythonScript.run(#"""
        import sys
        src, out, side = sys.argv[1], sys.argv[2], 15984
        data = open(src, "rb").read()
        nals = [n[:-1] if n.endswith(b"\x00") else n for n in data.split(b"\x00\x00\x01")]
        nals = [n for n in nals if n]
        def unescape(b):
            out, zeros = bytearray(), 0
            for x in b:
                if zeros >= 2 and x == 3: zeros = 0; continue
                out.append(x); zeros = zeros + 1 if x == 0 else 0
            return bytes(out)
        def escape(b):
            out, zeros = bytearray(), 0
            for x in b:
                if zeros >= 2 and x <= 3: out.append(3); zeros = 0
                out.append(x); zeros = zeros + 1 if x == 0 else 0
            return bytes(out)
        def ue_bits(v):
            b = bin(v + 1)[2:]
            return "0" * (len(b) - 1) + b
        def rewrite(nal):
            bits, p = "".join(f"{x:08b}" for x in unescape(nal[1:])), 24
            def ue():
                nonlocal p
                z = 0
                while bits[p] == "0": z += 1; p += 1
                v = int(bits[p:p + z + 1], 2) - 1; p += z + 1
                return v
            assert int(bits[:8], 2) == 66       # baseline: no chroma or scaling fields
            ue(); ue()                           # seq_parameter_set_id, log2_max_frame_num_minus4
            if ue() == 0: ue()                   # pic_order_cnt_type 0: log2_max_pic_order_cnt_lsb_minus4
            ue(); p += 1                         # max_num_ref_frames, gaps_in_frame_num_allowed_flag
            start = p; ue(); ue()                # pic_width_in_mbs_minus1, pic_height_in_map_units_minus1
            new = bits[:start] + ue_bits(side // 16 - 1) * 2 + bits[p:]
            new = new.rstrip("0"); new += "0" * (-len(new) % 8)   # the stop bit stays last
            return nal[:1] + escape(bytes(int(new[i:i + 8], 2) for i in range(0, len(new), 8)))
        open(out, "wb").write(b"".join(b"\x00\x00\x00\x01" + (rewrite(n) if n[0] & 0x1F == 7 else n) for n in nals))
        """#, arguments: [small.path, big.path])
        try runFFmpeg(["-i", big.path, "-c", "copy", muxed.path])
        _ = try PythonScript.run(#"""
        import struct, sys
        data, side = bytearray(open(sys.argv[1], "rb").read()), int(sys.argv[3])
        at = data.index(b"avc1", data.index(b"stsd")) + 28   # the sample entry's width, height (ftyp names avc1 too)
        data[at:at + 4] = struct.pack(">HH", side, side)
        tkhd = data.index(b"tkhd")
        at = tkhd + 8 + (32 if data[tkhd + 4] == 1 else 20) + 8 + 8 + 36   # width, height (16.16)
        data[at:at + 8] = struct.pack(">II", side << 16, side << 16)
        open(sys.argv[2], "wb").write(bytes(data))
        """#, arguments: [muxed.path, output.path, String(containerSide)])
        return output
    }

    static func runFFmpeg(_ arguments: [String]) throws {
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        ffmpeg.arguments = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "quiet", "-y"] + arguments
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        #expect(ffmpeg.terminationStatus == 0, "ffmpeg \(arguments)")
    }

    @Test(.tags(.slow), .fullRunOnly, arguments: [("png-row", "too-large"), ("progressive", "too-large"), ("png-chunk", "corrupt"),
                      ("sps-small-container", "corrupt"), ("sps-zero-container", "too-large")])
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
