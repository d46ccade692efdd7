internal import Foundation
internal import CEBUR128

/// EBU R 128 loudness of a signal (libebur128): integrated loudness, loudness range, true peak,
/// and per 100 ms block whether it carries voice-level signal and whether its true peak clips.
package final class LoudnessMeter {
    /// The lowest momentary loudness kept; libebur128 answers -inf for silence.
    package static let floorLUFS = -70.0
    /// At most this many 100 ms blocks of momentary loudness are kept (an hour).
    package static let maxMomentaryBlocks = 36_000

    /// The version libebur128 reports, as `major.minor.patch`.
    package static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        ebur128_get_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// What the meter measured.
    package struct Result: Sendable, Hashable {
        /// Integrated loudness in LUFS; nil for digital silence (libebur128 answers -inf).
        package var integratedLUFS: Double?
        /// Loudness range in LU; nil when unknown.
        package var rangeLU: Double?
        /// The highest true peak of any channel in dBTP; nil for digital silence.
        package var truePeakDBTP: Double?
        /// Seconds (in 100 ms blocks) whose momentary loudness is at least the voice level.
        package var voicedSeconds: Double
        /// The share (0…1) of 100 ms blocks whose true peak reaches the clipping level.
        package var clippedShare: Double
        /// Seconds measured.
        package var seconds: Double
        /// Momentary loudness of each 100 ms block (LUFS, floored; at most an hour), for the HTML report.
        package var momentaryLUFS: [Double] = []
        /// Samples that were not finite numbers (Inf or NaN, only a float codec can hold them): measured as
        /// silence, since one of them would make every measure after it infinite or NaN.
        package var nonFiniteSamples = 0
    }

    private let state: UnsafeMutablePointer<ebur128_state>
    private let channels: Int
    private let blockFrames: Int
    private let sampleRate: Int
    private let voiceLevel: Double
    private let clipLevel: Double
    private var pendingFrames = 0
    private var blockPeak = 0.0
    private var blocks = 0, voicedBlocks = 0, clippedBlocks = 0, totalFrames = 0
    private var momentaryBlocks: [Double] = []
    private var nonFiniteSamples = 0

    /// A meter for interleaved float samples. `voiceLevel` (LUFS, momentary) and `clipLevel`
    /// (dBTP) set what a voiced and a clipped 100 ms block are.
    package init(channels: Int, sampleRate: Int, voiceLevel: Double, clipLevel: Double) throws(VoiceError) {
        let mode = Int32(EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue | EBUR128_MODE_TRUE_PEAK.rawValue)
        guard channels > 0, sampleRate > 0, let state = ebur128_init(UInt32(channels), UInt(sampleRate), mode) else {
            throw VoiceError(.loudnessMeter, "libebur128 cannot measure \(channels) channels at \(sampleRate) Hz")
        }
        self.state = state
        self.channels = channels
        self.sampleRate = sampleRate
        self.blockFrames = max(1, sampleRate / 10)
        self.voiceLevel = voiceLevel
        self.clipLevel = clipLevel
    }

    deinit {
        var state: UnsafeMutablePointer<ebur128_state>? = state
        ebur128_destroy(&state)
    }

    /// Adds interleaved samples (`frames` × channels floats); a non-finite sample counts as silence.
    package func add(_ samples: UnsafePointer<Float>, frames: Int) {
        let buffer = UnsafeBufferPointer(start: samples, count: frames * channels)
        guard buffer.allSatisfy(\.isFinite) else {
            nonFiniteSamples += buffer.count { !$0.isFinite }
            let copy = buffer.map { $0.isFinite ? $0 : 0 }
            copy.withUnsafeBufferPointer { addFinite($0.baseAddress!, frames: frames) }
            return
        }
        addFinite(samples, frames: frames)
    }

    private func addFinite(_ samples: UnsafePointer<Float>, frames: Int) {
        var offset = 0
        while offset < frames {
            let count = min(frames - offset, blockFrames - pendingFrames)
            _ = ebur128_add_frames_float(state, samples + offset * channels, count)
            offset += count
            pendingFrames += count
            totalFrames += count
            for channel in 0..<channels {
                var peak = 0.0
                if ebur128_prev_true_peak(state, UInt32(channel), &peak) == 0, peak.isFinite { blockPeak = max(blockPeak, peak) }
            }
            if pendingFrames == blockFrames { endBlock() }
        }
    }

    private func endBlock() {
        blocks += 1
        var momentary = -Double.infinity
        if ebur128_loudness_momentary(state, &momentary) == 0, momentary >= voiceLevel { voicedBlocks += 1 }
        if momentaryBlocks.count < LoudnessMeter.maxMomentaryBlocks {
            momentaryBlocks.append(momentary.isFinite ? max(LoudnessMeter.floorLUFS, momentary) : LoudnessMeter.floorLUFS)
        }
        if blockPeak > 0, 20 * log10(blockPeak) >= clipLevel { clippedBlocks += 1 }
        pendingFrames = 0
        blockPeak = 0
    }

    /// The measurements so far.
    package func result() -> Result {
        var integrated = -Double.infinity, range = 0.0, peak = 0.0
        _ = ebur128_loudness_global(state, &integrated)
        let hasRange = ebur128_loudness_range(state, &range) == 0
        for channel in 0..<channels {
            var channelPeak = 0.0
            if ebur128_true_peak(state, UInt32(channel), &channelPeak) == 0, channelPeak.isFinite { peak = max(peak, channelPeak) }
        }
        return Result(
            integratedLUFS: integrated.isFinite ? integrated : nil,
            rangeLU: hasRange && range.isFinite ? range : nil,
            truePeakDBTP: peak > 0 ? 20 * log10(peak) : nil,
            voicedSeconds: Double(voicedBlocks) / 10,
            clippedShare: blocks > 0 ? Double(clippedBlocks) / Double(blocks) : 0,
            seconds: Double(totalFrames) / Double(sampleRate),
            momentaryLUFS: momentaryBlocks,
            nonFiniteSamples: nonFiniteSamples
        )
    }
}
