internal import Foundation

/// What `twin-fuzz manifest` runs (Sources/TwinFuzz): not API, only for the fuzzer and its replayer.
package enum PipelineFuzzEntryPoints {
    /// Loads the session folder at `folder` whose `twin.toml` the fuzzer wrote (its text is `manifest`): the manifest
    /// parser (TOML, the `name`/`language`/`video` strings, `[poses]` keys as pose names and aliases, file names
    /// resolved and checked to stay inside the folder), the pose mapping it feeds, and the check that tells a
    /// session's manifest from a config file. Returns a number that depends on all of them.
    package static func loadSession(folder: String, manifest: String) -> Int {
        let findings = (try? SessionLoader().load(URL(fileURLWithPath: folder, isDirectory: true)))?.findings.count ?? -1
        return findings + (SessionManifest.describesSession(manifest) ? 1 : 0)
    }
}
