import Foundation
import TestSupport
import Testing

/// The voice check's audio path (decoder, both resamplers, libebur128) on audio an attacker shapes (issue 18, rows 1, 2
/// and 9), validated by the real `twin` process so that a crash fails the test instead of killing the test runner.
/// Each file is made at test time by the ffmpeg CLI (a portrait test pattern and a generated tone).
@Suite(.serialized, .hangBackstop)
struct HostileAudioTests {
    /// Runs the ffmpeg CLI; throws with its standard error when it fails.
    static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ffmpeg \(arguments): \(message)")
    }

    static let picture = ["-f", "lavfi", "-i", "testsrc=size=360x640:rate=30"]
    static let video = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]

    /// `twin validate --format json` of `files`: the exit status and the parsed report, after checking it was a normal exit.
    static func validate(_ files: [String], extra: [String] = []) async throws -> (status: Int32, files: [[String: Any]], output: String) {
        let result = try await TwinProcess.run(["validate", "--format", "json"] + extra + files)
        #expect([0, 1].contains(result.status), "a normal exit, not a signal (SIGSEGV is 139): \(result.stderr.suffix(2000))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                  "JSON: \(result.stdout.prefix(2000))")
        return (result.status, try #require(object["files"] as? [[String: Any]]), result.stdout)
    }

    /// Row 1: FFmpeg's MP4 muxer writes a channel count of 2 for mono MP3, so the decoder opens as stereo while every
    /// frame is mono; a resampler built from the decoder read a second plane that was not there (SIGSEGV).
    @Test func monoMP3ThatTheContainerCallsStereoIsMeasured() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("mono-mp3.mp4").path
            try Self.ffmpeg(Self.picture + ["-f", "lavfi", "-i", "sine=f=440:sample_rate=44100", "-ac", "1"] + Self.video
                            + ["-c:a", "libmp3lame", "-t", "4", file])
            let (_, files, _) = try await Self.validate([file])
            let voice = try #require(files.first?["voice"] as? [String: Any], "the voice was measured")
            #expect(voice["loudnessLUFS"] is Double)
        }
    }

    /// Row 1, the other way: a stream whose frames switch from stereo to mono and back (two MP3 streams joined).
    @Test(.tags(.slow), .fullRunOnly) func aStreamThatSwitchesLayoutIsMeasured() async throws {
        try await withTemporaryFolder { folder in
            let parts = (0..<3).map { folder.appendingPathComponent("part\($0).mp3").path }
            for (part, channels) in zip(parts, ["2", "1", "2"]) {
                try Self.ffmpeg(["-f", "lavfi", "-i", "sine=f=440:sample_rate=44100", "-ac", channels, "-c:a", "libmp3lame",
                                 "-t", "2", part])
            }
            let joined = folder.appendingPathComponent("joined.mp3")
            try Data(parts.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }.joined()).write(to: joined)
            let file = folder.appendingPathComponent("switching.mp4").path
            try Self.ffmpeg(Self.picture + ["-i", joined.path, "-t", "6"] + Self.video + ["-c:a", "copy", file])
            let (_, files, _) = try await Self.validate([file])
            #expect(files.first?["voice"] is [String: Any], "the voice was measured")
        }
    }

    /// Row 2: Inf and NaN samples in 32-bit float audio (a codec the profile here accepts) beside a good file: the
    /// measures they would spoil are null with a note, and the good file's result is in the report.
    @Test(.tags(.slow), .fullRunOnly) func nonFiniteSamplesLeaveTheReportWhole() async throws {
        try await withTemporaryFolder { folder in
            let raw = folder.appendingPathComponent("tone.f32")
            var samples: [Float] = (0..<(48_000 * 4)).map { (index: Int) -> Float in
                let phase: Double = Double(index) * 2 * Double.pi * 440 / 48_000
                return Float(0.3 * sin(phase))
            }
            for (index, value) in [(1_000, Float.infinity), (2_000, -Float.infinity), (3_000, Float.nan)] { samples[index] = value }
            try samples.withUnsafeBytes { try Data($0).write(to: raw) }
            let file = folder.appendingPathComponent("inf.mov").path
            try Self.ffmpeg(Self.picture + ["-f", "f32le", "-ar", "48000", "-ac", "1", "-i", raw.path] + Self.video
                            + ["-c:a", "pcm_f32le", "-t", "4", file])
            let profile = folder.appendingPathComponent("float.toml")
            try Data("[video]\naudio-codecs = [\"aac\", \"pcm_f32le\"]\n".utf8).write(to: profile)
            let good = TestPaths.fixtures.appendingPathComponent("image/vertical.jpg").path
            let (_, files, output) = try await Self.validate([file, good], extra: ["--profile", profile.path])
            #expect(files.count == 2, "\(output)")
            #expect(files.last?["path"] as? String == good)
            let voice = try #require(files.first?["voice"] as? [String: Any], "\(output)")
            #expect(voice["truePeakDBTP"] is Double || voice["truePeakDBTP"] is NSNull)
            let notes = (files.first?["notes"] as? [String]) ?? []
            #expect(notes.contains { $0.contains("not finite numbers") }, "\(notes)")

            // With the built-in profile the codec is rejected, and the voice check does not run on it at all.
            let (status, rejected, _) = try await Self.validate([file, good])
            #expect(status == 1)
            #expect(rejected.first?["voice"] is NSNull)
            #expect(((rejected.first?["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "unsupported-codec" })
        }
    }

    /// Row 9: FLAC at 16 Hz in frames of 65,535 samples (a 60 KB file): each frame is over an hour of 16 kHz audio.
    /// The conversion runs in bounded steps and stops at the recogniser's cap, so memory stays small.
    @Test(.tags(.slow), .fullRunOnly) func aLowRateHugeFrameStreamStaysSmallInMemory() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("flac16.mp4").path
            try Self.ffmpeg(["-f", "lavfi", "-i", "color=size=360x640:rate=0.01", "-f", "lavfi",
                             "-i", "sine=f=3:sample_rate=16:duration=12288"] + Self.video
                            + ["-c:a", "flac", "-frame_size", "65535", "-strict", "-2", "-shortest", file])
            let measured = try PythonScript.run("""
                import resource, subprocess, sys
                result = subprocess.run(sys.argv[1:], capture_output=True)
                print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
                """, arguments: [TwinProcess.executable.path, "validate", "--format", "json", file])
            let fields = String(decoding: measured, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            try #require(fields.count == 2)
            #expect([0, 1].contains(fields[0]), "a normal exit")
            #expect(fields[1] < 300, "peak RSS \(fields[1]) MB")
        }
    }
}
