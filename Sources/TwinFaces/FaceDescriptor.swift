internal import Foundation

/// The 128 numbers dlib's face-recognition ResNet gives a face: two faces of one person lie close
/// (Euclidean distance), two people far apart (docs/identity.md has the calibration).
///
/// Descriptors are biometric data: no report, journal or log encodes them (``FileReport`` keeps
/// them out of its JSON); only an explicit request writes them to a file.
public struct FaceDescriptor: Codable, Sendable, Hashable {
    /// The descriptor's numbers (128 of them).
    public var values: [Float]

    public init(values: [Float]) {
        self.values = values
    }

    /// The Euclidean distance to `other` (0 for the same picture; dlib's model puts one person under about 0.6).
    public func distance(to other: FaceDescriptor) -> Double {
        var sum = 0.0
        for (a, b) in zip(values, other.values) { sum += Double(a - b) * Double(a - b) }
        return sum.squareRoot()
    }

    /// The element-wise median of `descriptors` (nil when there are none): one face's descriptor that a
    /// frame where the person turned or blinked cannot pull away.
    public static func median(_ descriptors: [FaceDescriptor]) -> FaceDescriptor? {
        guard let first = descriptors.first else { return nil }
        let values = first.values.indices.map { index -> Float in
            let column = descriptors.map { $0.values[index] }.sorted()
            let middle = column.count / 2
            return column.count % 2 == 1 ? column[middle] : (column[middle - 1] + column[middle]) / 2
        }
        return FaceDescriptor(values: values)
    }
}

/// Where dlib's face-recognition model is found: the profile's `[faces] identity-model`, else the
/// `TWIN_IDENTITY_MODEL` environment variable, else where pip puts PyPI's `face_recognition_models`
/// (system, user and pyenv site-packages), found by listing folders, without starting Python.
public enum IdentityModelLocator {
    /// The environment variable that names the model file.
    public static let environmentVariable = "TWIN_IDENTITY_MODEL"
    /// The model's file name inside `face_recognition_models/models/`.
    public static let fileName = "dlib_face_recognition_resnet_model_v1.dat"

    /// The model path to use, or nil when none is configured and none is installed.
    ///
    /// - Parameter environment: the variables to read (nil: this process's).
    public static func resolve(configured: String?, environment: [String: String]? = nil) -> String? {
        if let configured, !configured.isEmpty { return configured }
        if let named = (environment ?? ProcessInfo.processInfo.environment)[environmentVariable], !named.isEmpty { return named }
        guard let environment else { return installed }
        return installed(environment: environment)
    }

    /// The installed model for this process's environment, looked for once.
    private static let installed: String? = installed(environment: ProcessInfo.processInfo.environment)

    private static func installed(environment: [String: String]) -> String? {
        candidates(environment: environment).first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Every place pip may have put the model, most specific first.
    static func candidates(environment: [String: String]) -> [String] {
        var libraries: [String] = []  // folders that hold python3.X folders
        if let home = environment["HOME"], home.hasPrefix("/") {
            libraries.append(home + "/.local/lib")
            let pyenv = (environment["PYENV_ROOT"] ?? home + "/.pyenv") + "/versions"
            for version in (try? FileManager.default.contentsOfDirectory(atPath: pyenv))?.sorted() ?? [] {
                libraries.append(pyenv + "/" + version + "/lib")
            }
        }
        // The python3 on PATH: its prefix's lib (a virtual environment, /usr/local, /usr).
        for folder in (environment["PATH"] ?? "").split(separator: ":") where folder.hasPrefix("/") {
            if FileManager.default.isExecutableFile(atPath: folder + "/python3") {
                libraries.append((String(folder) as NSString).deletingLastPathComponent + "/lib")
            }
        }
        libraries += ["/usr/local/lib", "/usr/lib"]
        var paths: [String] = []
        var seen: Set<String> = []
        for library in libraries where seen.insert(library).inserted {
            let versions = ((try? FileManager.default.contentsOfDirectory(atPath: library)) ?? [])
                .filter { $0.hasPrefix("python3") }.sorted().reversed()
            for version in versions {
                for packages in ["site-packages", "dist-packages"] {
                    paths.append("\(library)/\(version)/\(packages)/face_recognition_models/models/\(fileName)")
                }
            }
        }
        return paths + ["/usr/lib/python3/dist-packages/face_recognition_models/models/" + fileName]
    }
}

/// What the identity checks need from one file's faces. Held in memory only: ``FileReport`` never encodes it.
public struct FaceIdentity: Codable, Sendable, Hashable {
    /// One descriptor per analysed picture whose best face got one (a photo: at most one; a video: one
    /// per sampled frame), in the order the pictures were analysed.
    public var descriptors: [FaceDescriptor]
    /// Why a face got no descriptor (the model is missing or failed to load); nil when every face got one.
    public var problem: String?

    public init(descriptors: [FaceDescriptor] = [], problem: String? = nil) {
        self.descriptors = descriptors
        self.problem = problem
    }
}
