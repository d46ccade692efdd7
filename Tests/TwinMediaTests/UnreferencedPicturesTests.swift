import Foundation
import TestSupport
import Testing
@testable import TwinMedia

/// The speaking check leaves pictures no other picture refers to undecoded when they show before the frame it wants:
/// the NAL headers that tell them, and the same samples, to the pixel, as decoding everything.
@Suite struct UnreferencedPicturesTests {
    /// Length-prefixed NAL units (4-byte prefixes).
    static func packet(_ units: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for unit in units {
            let length = UInt32(unit.count)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            bytes += unit
        }
        return bytes
    }

    static func unreferenced(_ teller: UnreferencedPictures, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { teller.isUnreferenced($0) }
    }

    @Test func h264SlicesAreUnreferencedOnlyWithAReferenceIDCOfZero() {
        let h264 = UnreferencedPictures(hevc: false, lengthSize: 4)
        #expect(Self.unreferenced(h264, Self.packet([[0x09, 0xf0], [0x01, 0x9e, 0x00]])), "AUD + a non-reference slice")
        #expect(Self.unreferenced(h264, Self.packet([[0x06, 0x05], [0x01, 0x9e], [0x01, 0x9e]])), "SEI + two non-reference slices")
        #expect(!Self.unreferenced(h264, Self.packet([[0x21, 0x9a]])), "a reference slice (nal_ref_idc 1)")
        #expect(!Self.unreferenced(h264, Self.packet([[0x01, 0x9e], [0x41, 0x9a]])), "one slice of the picture is a reference")
        #expect(!Self.unreferenced(h264, Self.packet([[0x65, 0x88]])), "an IDR slice")
        #expect(!Self.unreferenced(h264, Self.packet([[0x67, 0x64], [0x01, 0x9e]])), "a parameter set in the packet")
        #expect(!Self.unreferenced(h264, Self.packet([[0x09, 0xf0]])), "no slice at all")
        var cut = Self.packet([[0x01, 0x9e, 0x00, 0x00]])
        cut.removeLast()
        #expect(!Self.unreferenced(h264, cut), "a NAL that runs past the packet")
        #expect(!Self.unreferenced(h264, [0, 0, 0, 0, 0x01]), "a zero length")
        #expect(!Self.unreferenced(h264, []), "an empty packet")
    }

    @Test func hevcSlicesAreUnreferencedOnlyAsSubLayerNonReferenceOnTheOneLayer() {
        let hevc = UnreferencedPictures(hevc: true, lengthSize: 4)
        // The two-byte header: forbidden bit, type (6 bits), layer id (6 bits), temporal id + 1 (3 bits).
        func unit(_ type: UInt8, temporalID: UInt8 = 0) -> [UInt8] { [type << 1, temporalID + 1, 0xaf] }
        for type: UInt8 in [0, 2, 4, 6, 8] {
            #expect(Self.unreferenced(hevc, Self.packet([unit(35), unit(type)])), "type \(type)")
        }
        for type: UInt8 in [1, 3, 5, 7, 9, 16, 19, 21, 10] {
            #expect(!Self.unreferenced(hevc, Self.packet([unit(type)])), "type \(type)")
        }
        #expect(!Self.unreferenced(hevc, Self.packet([unit(0, temporalID: 1)])), "a higher temporal layer")
        #expect(!Self.unreferenced(hevc, Self.packet([unit(33), unit(0)])), "an SPS in the packet")
        #expect(!Self.unreferenced(hevc, Self.packet([[0x00]])), "a one-byte NAL")
    }

    /// B-frame videos as x264, x265 and phones write them (every phone-format fixture): every sampled frame is the same, with the same measures,
    /// and pictures were really left undecoded. (In a video with a keyframe every second the sampler takes keyframes,
    /// and nothing is left: the H.264 case is the demo video re-encoded with one keyframe in 10 s and B-pyramids,
    /// whose middle B-pictures are references and must be decoded.)
    @Test(arguments: ["h264-long-gop", "phone/hevc-10bit-sdr.mp4", "phone/iphone-hdr-hlg.mov", "phone/android-fullrange.mp4", "phone/h264-422.mp4", "phone/hdr10-pq.mp4", "phone/dolby-vision-dvh1.mov"])
    func theSamplesAreTheSameAsDecodingEverything(_ fixture: String) async throws {
        try await withTemporaryFolder { folder in
            var path = TestPaths.fixtures.appendingPathComponent(fixture).path
            if fixture == "h264-long-gop" {
                path = folder.appendingPathComponent("long-gop.mp4").path
                let demo = TestPaths.fixtures.appendingPathComponent("sessions/demo/video.mp4").path
                let made = try runTool("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", demo, "-an", "-c:v", "libx264", "-preset", "veryfast",
                                                  "-g", "300", "-bf", "3", "-b-pyramid", "normal", path])
                try #require(made.status == 0, "\(made.output)")
            }
            let speech = [SpeechInterval(start: 0, end: 18)]
            let profile = ValidationProfile.builtIn
            let skipping = try SpeakingSampler(path: path, profile: profile, inColour: false).sampleCounting(speech: speech)
            var everything = SpeakingSampler(path: path, profile: profile, inColour: false)
            everything.leavesUnreferencedPicturesUndecoded = false
            let decoded = try everything.sampleCounting(speech: speech)
            #expect(decoded.undecoded == 0)
            #expect(skipping.undecoded > 0, "no picture was left undecoded: the test shows nothing")
            #expect(skipping.samples.count == decoded.samples.count && skipping.samples.count >= 3)
            #expect(skipping.samples.contains { $0.mouthOpening != nil }, "no mouth was measured: the test shows nothing")
            for (fast, full) in zip(skipping.samples, decoded.samples) {
                #expect(fast.time == full.time && fast.converted == full.converted && fast.hasFace == full.hasFace
                    && fast.mouthOpening == full.mouthOpening, "\(fast) against \(full)")
            }
        }
    }
}
