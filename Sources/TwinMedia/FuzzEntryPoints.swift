internal import Foundation
internal import TwinFaces
internal import TwinPictures
internal import TwinVoice

/// The media layer's parsers as the fuzz targets (`Sources/TwinFuzz`, `scripts/fuzz.sh`) reach them: the way
/// `twin validate` does, from a file on disk.
package enum FuzzEntryPoints {
    /// The whole file probe: content sniffing, then FFmpeg (MP4/MOV), EXIF and libjpeg/libpng, as `twin validate` runs it.
    package static func validate(path: String) -> Int {
        probe.validateSynchronously(path: path).findings.count
    }

    /// The built-in profile without the face checks: they see only decoded pixels, never the file's bytes, and
    /// at a second or more an input (the 100 MB model under AddressSanitizer) they would leave the parsers unfuzzed.
    private static let probe: MediaValidator = {
        var profile = ValidationProfile.builtIn
        profile.faces.enabled = false
        return MediaValidator(profile: profile)
    }()

    /// The EXIF reader: orientation and capture time (JPEG APP1 and PNG eXIf blocks, TIFF parsing).
    package static func readExif(path: String) -> Bool {
        let orientation = ExifOrientation.read(path: path)
        let captured = CaptureTime.read(from: URL(fileURLWithPath: path))
        return orientation != nil || captured != nil
    }

    /// The JPEG or PNG check (header, pixel guard, full decode) of a file whose content is JPEG or PNG.
    package static func checkImage(path: String, prefix: [UInt8]) -> Bool {
        let format = ContentFormat.sniff(prefix)
        guard format == .jpeg || format == .png else { return false }
        return ImageDecodeResult.run(path: path, format: format, maxPixels: ValidationProfile.builtIn.maxPixels).status == .ok
    }

    /// The voice check's audio path without the recogniser: decoding the best audio stream of an MP4/MOV, both
    /// resamplers (to the meter's float and the recogniser's 16 kHz) and libebur128, on at most a minute of audio.
    /// Returns the number of 16 kHz samples, or -1 when the file or its audio cannot be read.
    package static func measureAudio(path: String) -> Int {
        guard let file = try? VideoFile(path: path, demuxer: "mov"),
              let track = try? AudioTrack(file: file, maxSeconds: 60, thresholds: VoiceThresholds()) else { return -1 }
        return track.samples.count
    }

    /// The profile parser (`--profile FILE`).
    package static func parseProfile(_ text: String) -> Bool {
        (try? ValidationProfile(toml: text, source: "fuzz")) != nil
    }
}
