import Foundation
import TestSupport
import Testing

/// Container arithmetic on hostile 64-bit values (issue 8, row 4): an empty edit starts the audio 30 008 ticks below
/// 2^63, so its start plus its duration (45 124) is past Int64: that sum trapped (SIGILL, exit 132) before the arithmetic
/// was checked, and the test fails again if the check is undone. The file is a real fixture with its boxes rewritten
/// (version 1 `elst`, chunk offsets moved), validated by the real `twin` process: a finding and a normal exit.
///
/// Only values FFmpeg hands over reach twin's arithmetic, and FFmpeg's mov demuxer sanitizes most hostile boxes first.
/// Checked with ffprobe and by validating each file with the checks undone (none trapped), these were dropped because
/// they could not fail: `mvhd`/`mdhd`/`tkhd` durations of 2^64 - 1 or 2^63 - 1 at timescale 1 come back as -1 or as the
/// sample table's sum; an empty edit of 2^64 - 1 fails the header; an edit at the largest media time leaves no sample;
/// `stts` deltas of 2^32 - 1 are read as negative and reset to 1; a `ctts` offset of -2^31 only shifts the start to 0;
/// a `co64` chunk offset near 2^63 is refused ("Current offset ... is too large"); an empty edit before the video starts
/// it near 2^63, but no sum over the video's timestamps goes past Int64.
@Suite(.serialized, .hangBackstop)
struct ContainerOverflowTests {
    @Test func anAudioStartNearTheLargestTimestampEndsInAFinding() async throws {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-overflow")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("elst-empty-audio.mp4")
        _ = try PythonScript.run(Self.rewrite, arguments: [
            TestPaths.fixtures.appendingPathComponent("video/vertical-h264-aac.mp4").path, file.path])
        // The file still reaches the sum: FFmpeg reports an audio start and duration whose sum is past Int64.
        let probe = try PythonScript.run(#"""
            import subprocess, sys
            print(subprocess.run(["ffprobe", "-v", "quiet", "-select_streams", "a", "-show_entries", "stream=start_pts,duration_ts",
                                  "-of", "default=nw=1:nk=1", sys.argv[1]], capture_output=True, text=True).stdout)
            """#, arguments: [file.path])
        let values = String(decoding: probe, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int64($0) }
        #expect(values.count == 2 && values[0].addingReportingOverflow(values[1]).overflow, "ffprobe: \(values)")
        for deep in [false, true] {
            let result = try await TwinProcess.run(["validate", "--format", "json"] + (deep ? ["--deep"] : []) + [file.path])
            #expect([0, 1].contains(result.status), "deep: \(deep): a normal exit, not a trap (SIGILL is 132 or 4)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "JSON")
            let files = try #require(report["files"] as? [[String: Any]])
            let findings = files.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }.compactMap { $0["code"] as? String }
            #expect(!findings.isEmpty, "deep: \(deep): a finding, not a silent pass")
        }
    }

    /// Rewrites the boxes of `source` into `output`: an empty edit of the audio track (a box tree parsed, changed, built again).
    static let rewrite = #"""
        import struct, sys
        src, out = sys.argv[1], sys.argv[2]
        I64 = 0x7FFFFFFFFFFFFFFF
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
        TRACK = [0]
        def walk(boxes, fn):
            for box in boxes:
                if isinstance(box[1], list): walk(box[1], fn)
                else: box[1] = fn(box[0], box[1])
        def rewrite(kind, body):
            if kind != b"elst": return body
            TRACK[0] += 1
            if TRACK[0] != 2: return body
            # the audio track (timescale 22050, mvhd 1000) starts after an empty edit that puts its first
            # timestamp 30 008 ticks below 2^63: its start plus its duration (45 124) is past Int64
            empty = (I64 - 30000) * 1000 // 22050
            edits = struct.pack(">QqHH", empty, -1, 1, 0) + struct.pack(">QqHH", 2000, 0, 1, 0)
            return b"\x01\x00\x00\x00" + struct.pack(">I", 2) + edits
        data = open(src, "rb").read()
        boxes = parse(data)
        kinds = [k for k, _ in boxes]
        moov = next(b for b in boxes if b[0] == b"moov")
        old_size = len(build([moov]))
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
