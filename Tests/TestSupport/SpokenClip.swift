public import Foundation

/// One clip of the voice fixture matrix (`fixtures/make-voice-fixtures.sh`): four voices, reading
/// the script or another text, clean, over noise or over other voices.
public struct SpokenClip: Sendable, CustomStringConvertible {
    public let voice: String
    public let readsScript: Bool
    public let mix: String

    public var name: String { "\(voice)-\(readsScript ? "script" : "other")-\(mix).mp4" }
    public var description: String { name }

    /// `fixtures/voice/`, where the clips are made.
    public static let folder = TestPaths.fixtures.appendingPathComponent("voice")
    /// The script the clips that read it read (`fixtures/voice/script.txt`).
    public static let script = (try? String(contentsOf: folder.appendingPathComponent("script.txt"), encoding: .utf8)) ?? ""

    /// The clip's file.
    public var url: URL { Self.folder.appendingPathComponent(name) }

    public static let matrix: [SpokenClip] = ["slt", "rms", "awb", "kal16"].flatMap { voice in
        [true, false].flatMap { script in ["clean", "noise", "voices"].map { SpokenClip(voice: voice, readsScript: script, mix: $0) } }
    }
}
