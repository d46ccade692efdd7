internal import CTwinFaces

/// The face layer's parsers as the fuzz targets (`Sources/TwinFuzz`, `scripts/fuzz.sh`) reach them.
package enum FaceFuzzEntryPoints {
    /// The face model cache's reader on the file `name` in `folder`: trust checks, bounded read, size against the
    /// header, every index checked, then one landmark fit (the checksum is skipped: no mutation would pass it).
    package static func readFaceModelCache(folder: String, name: String) -> Bool {
        twin_faces_fuzz_landmark_cache(folder, name) == 1
    }
}
