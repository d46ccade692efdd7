import Foundation
import TestSupport
import Testing

/// Container arithmetic on hostile 64-bit values (issue 8, row 4): `mvhd`/`mdhd`/`tkhd` durations of 2^64 - 1 and
/// 2^63 - 1 at timescale 1, edit lists at the extremes, `stts` deltas of 2^32 - 1, a `ctts` offset of -2^31, and an
/// empty edit that starts the audio 30 008 ticks below 2^63 (its start plus its duration trapped, exit 132, before the
/// arithmetic was checked). Each file is a real fixture with its boxes rewritten (as version 1, chunk offsets moved),
/// validated by the real `twin` process: it ends in a finding and a normal exit, never a trap (SIGILL/SIGTRAP, exit
/// 132/133).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ContainerOverflowTests {
    @Test(arguments: ["durations-max", "durations-int64-max", "elst-extremes", "elst-huge-media-time", "elst-empty-audio", "stts-huge",
                      "ctts-huge"])
    func hostileTimesEndInAFinding(_ edit: String) throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-overflow")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(edit).mp4")
        _ = try PythonScript.run(Self.rewrite, arguments: [
            TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4").path, file.path, edit])
        for deep in [false, true] {
            let process = Process()
            process.executableURL = TwinProcess.executable
            process.arguments = ["validate", "--format", "json"] + (deep ? ["--deep"] : []) + [file.path]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "\(edit) deep: \(deep): killed by signal \(process.terminationStatus)")
            #expect([0, 1].contains(process.terminationStatus), "\(edit) deep: \(deep)")
            let report = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any], "\(edit): JSON")
            let files = try #require(report["files"] as? [[String: Any]])
            let findings = files.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }.compactMap { $0["code"] as? String }
            #expect(!findings.isEmpty, "\(edit) deep: \(deep): a finding, not a silent pass")
        }
    }

    /// Rewrites the boxes of `source` into `output` for one edit (Python: a box tree parsed, changed, built again).
    static let rewrite = #"""
        import struct, sys
        src, out, case = sys.argv[1], sys.argv[2], sys.argv[3]
        U64, I64 = 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF
        CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"}
        def parse(data):
            boxes, at = [], 0
            while at + 8 <= len(data):
                size, kind = struct.unpack(">I4s", data[at:at + 8])
                size = len(data) - at if size == 0 else size
                body = data[at + 8:at + size]
                boxes.append([kind, parse(body) if kind in CONTAINERS else body])
                at += size
            return boxes
        def build(boxes):
            out = b""
            for kind, body in boxes:
                body = build(body) if isinstance(body, list) else body
                out += struct.pack(">I4s", 8 + len(body), kind) + body
            return out
        def header_v1(body, timescale_at, duration, timescale=None):
            """mvhd/mdhd: version 1 with 64-bit times; timescale_at says whether a timescale precedes the duration."""
            version = body[0]
            if version == 0:
                created, modified = struct.unpack(">II", body[4:12])
                rest_at = 12
            else:
                created, modified = struct.unpack(">QQ", body[4:20])
                rest_at = 20
            if timescale_at:
                old_scale = struct.unpack(">I", body[rest_at:rest_at + 4])[0]
                tail = body[rest_at + 4 + (4 if version == 0 else 8):]
                return b"\x01" + body[1:4] + struct.pack(">QQIQ", created, modified, timescale or old_scale, duration) + tail
            # tkhd: track_ID, reserved, duration
            track, reserved = struct.unpack(">II", body[rest_at:rest_at + 8])
            tail = body[rest_at + 8 + (4 if version == 0 else 8):]
            return b"\x01" + body[1:4] + struct.pack(">QQIIQ", created, modified, track, reserved, duration) + tail
        TRACK = [0]
        def walk(boxes, fn):
            for box in boxes:
                if isinstance(box[1], list): walk(box[1], fn)
                else: box[1] = fn(box[0], box[1])
        def rewrite(kind, body):
            if case in ("durations-max", "durations-int64-max"):
                value = U64 if case == "durations-max" else I64
                if kind in (b"mvhd", b"mdhd"): return header_v1(body, True, value, 1)
                if kind == b"tkhd": return header_v1(body, False, value)
            if case == "elst-extremes" and kind == b"elst":
                # two edits: an empty edit of the largest duration, then one starting at the largest media time
                edits = struct.pack(">QqHH", U64, -1, 1, 0) + struct.pack(">QqHH", I64, I64, 1, 0)
                return b"\x01\x00\x00\x00" + struct.pack(">I", 2) + edits
            if case == "elst-empty-audio" and kind == b"elst":
                TRACK[0] += 1
                if TRACK[0] != 2: return body
                # the audio track (timescale 22050, mvhd 1000) starts after an empty edit that puts its first
                # timestamp 30 008 ticks below 2^63: its start plus its duration (45 124) is past Int64
                empty = (I64 - 30000) * 1000 // 22050
                edits = struct.pack(">QqHH", empty, -1, 1, 0) + struct.pack(">QqHH", 2000, 0, 1, 0)
                return b"\x01\x00\x00\x00" + struct.pack(">I", 2) + edits
            if case == "elst-huge-media-time" and kind == b"elst":
                # one edit of a valid (non-negative) but largest duration, starting just before the largest media time
                return b"\x01\x00\x00\x00" + struct.pack(">I", 1) + struct.pack(">QqHH", I64, I64 - 1, 1, 0)
            if case == "stts-huge" and kind == b"stts":
                count = struct.unpack(">I", body[4:8])[0]
                samples = sum(struct.unpack(">II", body[8 + 8 * i:16 + 8 * i])[0] for i in range(count))
                return body[:4] + struct.pack(">I", 1) + struct.pack(">II", samples, 0xFFFFFFFF)
            if case == "ctts-huge" and kind == b"ctts":
                count = struct.unpack(">I", body[4:8])[0]
                samples = sum(struct.unpack(">II", body[8 + 8 * i:16 + 8 * i])[0] for i in range(count))
                return b"\x01" + body[1:4] + struct.pack(">I", 1) + struct.pack(">Ii", samples, -0x80000000)
            return body
        data = open(src, "rb").read()
        boxes = parse(data)
        kinds = [k for k, _ in boxes]
        moov = next(b for b in boxes if b[0] == b"moov")
        old_size = len(build([moov]))
        if case.startswith("elst-"):
            for trak in (b for b in moov[1] if b[0] == b"trak"):
                if not any(k == b"edts" for k, _ in trak[1]):
                    trak[1].insert(1, [b"edts", [[b"elst", b"\x00" * 8]]])
        walk(moov[1], rewrite)
        if kinds.index(b"moov") < kinds.index(b"mdat"):
            # moov before mdat: the chunk offsets move by however much moov grew
            delta = len(build([moov])) - old_size
            def shift(kind, body):
                if kind != b"stco": return body
                count = struct.unpack(">I", body[4:8])[0]
                offsets = struct.unpack(f">{count}I", body[8:8 + 4 * count])
                return body[:8] + struct.pack(f">{count}I", *(o + delta for o in offsets))
            walk(moov[1], shift)
        open(out, "wb").write(build(boxes))
        """#
}
