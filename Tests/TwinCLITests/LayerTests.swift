import Foundation
import TestSupport
import Testing

/// The module graph: every `import` of a source folder is a dependency its target declares in Package.swift, and
/// every edge between our own modules points down the layers (Package.swift's comment; docs/development.md).
@Suite struct LayerTests {
    /// Which of our modules each target may import, bottom floor first. A new module or edge is added here on
    /// purpose, where a reviewer sees it.
    static let allowedImports: [String: Set<String>] = [
        "CFFmpeg": [], "CJPEG": [], "CPNG": [], "CEBUR128": [], "CSphinx": [], "CTwinShims": ["CTwinPixels"], "CTwinVoice": [],
        "CTwinFaces": [], "CTwinPixels": [],
        "TwinFiles": [],
        "TwinSettings": [],
        "TwinSigning": [],
        "TwinHTTP": [],
        "TwinPictures": ["CTwinPixels"],
        "TwinVoice": ["CTwinVoice", "CEBUR128"],
        "TwinFaces": ["CTwinFaces", "TwinPictures"],
        "TwinMedia": ["CTwinShims", "CFFmpeg", "CJPEG", "CPNG", "TwinPictures", "TwinFaces", "TwinVoice", "TwinFiles"],
        "TwinValidation": ["TwinMedia"],
        "TwinAPI": ["TwinHTTP", "TwinFiles", "TwinSettings"],
        "TwinPublish": ["TwinSigning", "TwinHTTP", "TwinFiles", "TwinSettings"],
        "TwinSandbox": ["TwinAPI", "TwinMedia", "TwinFaces", "TwinVoice", "TwinHTTP", "TwinFiles"],
        "TwinPipeline": ["TwinFiles", "TwinSettings", "TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TwinAPI", "TwinPublish", "TwinHTTP"],
        "TwinOffline": ["TwinPipeline", "TwinSandbox", "TwinAPI", "TwinPublish"],
        "TwinReport": ["TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TwinPipeline"],
        "TwinDoctor": ["TwinMedia", "TwinFaces", "TwinAPI", "TwinPublish", "TwinHTTP"],
        "twin-fuzz": ["TwinMedia", "TwinFaces", "TwinPipeline"],
        "twin": ["TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TwinAPI", "TwinSandbox", "TwinPublish", "TwinPipeline", "TwinOffline", "TwinFiles", "TwinHTTP",
                 "TwinSettings", "TwinReport", "TwinDoctor"],
    ]

    /// The modules that decode media (and with them FFmpeg, dlib, BLAS and PocketSphinx).
    static let mediaModules: Set<String> = [
        "TwinMedia", "TwinVoice", "TwinFaces", "CTwinShims", "CTwinVoice", "CTwinFaces", "CFFmpeg", "CJPEG", "CPNG", "CEBUR128", "CSphinx",
    ]

    /// Modules of the toolchain and the system, which no manifest declares.
    static let systemModules: Set<String> = ["Foundation", "FoundationXML", "FoundationNetworking", "Glibc", "Darwin", "Dispatch"]

    @Test func everyEdgeBetweenOurModulesPointsDown() throws {
        let imports = try Self.sourceImports()
        #expect(Set(imports.keys) == Set(Self.allowedImports.keys), "every source folder has a place in the layers")
        for (module, imported) in imports {
            let ours = imported.intersection(Self.allowedImports.keys)
            let wrong = ours.subtracting(Self.allowedImports[module] ?? [])
            #expect(wrong.isEmpty, "\(module) imports \(wrong.sorted()), which its layer may not")
        }
    }

    @Test func everyImportIsADeclaredDependency() throws {
        let declared = try Self.declaredDependencies()
        for (module, imported) in try Self.sourceImports() {
            let target = try #require(declared[module], "\(module) is a target in Package.swift")
            let undeclared = imported.subtracting(Self.systemModules).subtracting(target)
            #expect(undeclared.isEmpty, "\(module) imports \(undeclared.sorted()) without declaring it in Package.swift")
        }
    }

    @Test func thePublisherLinksNoMediaLibrary() {
        let reachable = Self.reachable(from: "TwinPublish")
        #expect(reachable.isDisjoint(with: Self.mediaModules), "TwinPublish reaches \(reachable.intersection(Self.mediaModules))")
        #expect(Self.reachable(from: "TwinPipeline").contains("TwinMedia"), "the walk follows edges")
    }

    @Test func theVoiceLayerKnowsNoContainerOrCodec() {
        let reachable = Self.reachable(from: "TwinVoice")
        #expect(reachable == ["CTwinVoice", "CEBUR128"], "TwinVoice reaches \(reachable.sorted())")
    }

    /// Faces are found in pictures: the face layer reaches dlib and the picture type, no decoder, no speech.
    @Test func theFaceLayerTakesPicturesNotFiles() {
        let reachable = Self.reachable(from: "TwinFaces")
        #expect(reachable == ["CTwinFaces", "TwinPictures", "CTwinPixels"], "TwinFaces reaches \(reachable.sorted())")
        #expect(Self.reachable(from: "TwinPictures") == ["CTwinPixels"])
    }

    /// The library names settings and ideas ("the list of twins") as a typed `Setting`; the command line says where
    /// each is set (`SettingNames`). The names of the reports the library writes for `twin` are not instructions and
    /// may stay.
    static let reportTitles = [
        "<testsuites name=\"twin validate\"", "<testsuite name=\"twin validate\"", "### twin validate:",
        "title: String = \"twin validate\"", "title: String = \"twin batch\"", "<testsuites name=\\\"twin batch\\\"",
        "note: \"twin doctor probe",
    ]

    @Test func noLibraryMessageNamesACommand() throws {
        let commands = ["list", "batch", "submit", "validate", "publish", "unpublish", "doctor", "create", "status", "delete",
                        "sandbox", "poses", "script", "languages"]
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        var found: [String] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: sources.path) where !["twin", "TwinFuzz"].contains(folder) {
            let enumerator = FileManager.default.enumerator(atPath: sources.appendingPathComponent(folder).path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: sources.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    guard !code.hasPrefix("//"), !Self.reportTitles.contains(where: { code.contains($0) }) else { continue }
                    for command in commands where code.contains("twin \(command) ") || code.contains("twin \(command)`")
                        || code.contains("twin \(command)\"") || code.contains("twin \(command);") {
                        found.append("\(folder)/\(file): \(code)")
                    }
                }
            }
        }
        #expect(found.isEmpty, "library messages naming a command: \(found)")
    }

    // MARK: Reading the tree

    /// Every module imported by the Swift files of each source folder, by module name (`Sources/twin` is `twin`,
    /// `Sources/TwinFuzz` is `twin-fuzz`). C folders import nothing of ours.
    static func sourceImports() throws -> [String: Set<String>] {
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        var imports: [String: Set<String>] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
            let module = folder == "TwinFuzz" ? "twin-fuzz" : folder
            var imported: Set<String> = []
            let enumerator = FileManager.default.enumerator(atPath: sources.appendingPathComponent(folder).path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: sources.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
                imported.formUnion(importedModules(in: text))
            }
            imports[module] = imported
        }
        return imports
    }

    /// The modules named by `import` lines (with any access level or attribute before them).
    static func importedModules(in text: String) -> Set<String> {
        var modules: Set<String> = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                  words[..<index].allSatisfy({ $0.hasPrefix("@") || ["public", "package", "internal", "private", "fileprivate"].contains($0) })
            else { continue }
            modules.insert(String(words[index + 1].split(separator: ".")[0]))
        }
        return modules
    }

    /// Each target's declared dependencies in Package.swift: target names and product names.
    static func declaredDependencies() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var declared: [String: Set<String>] = [:]
        let starts = ["\n        .target(", "\n        .systemLibrary(", "\n        .executableTarget(", "\n        .testTarget("]
        var blocks: [Substring] = [manifest[...]]
        for start in starts { blocks = blocks.flatMap { $0.components(separatedBy: start).map { Substring($0) } } }
        for block in blocks.dropFirst() {
            guard let name = quoted(after: "name: ", in: block) else { continue }
            var names: Set<String> = []
            if let list = block.range(of: "dependencies: [") {
                var depth = 1, index = list.upperBound, item = ""
                while index < block.endIndex, depth > 0 {
                    let character = block[index]
                    if character == "[" || character == "(" { depth += 1 }
                    if character == "]" || character == ")" { depth -= 1 }
                    item.append(character)
                    index = block.index(after: index)
                }
                // "Target" entries and .product(name: "Product", …): every quoted word that is not a package name.
                let parts = item.components(separatedBy: "\"")
                for (position, part) in parts.enumerated() where position % 2 == 1 {
                    let before = parts[position - 1]
                    if !before.hasSuffix("package: ") { names.insert(part) }
                }
            }
            declared[name] = names
        }
        return declared
    }

    private static func quoted(after prefix: String, in text: Substring) -> String? {
        guard let range = text.range(of: prefix + "\"") else { return nil }
        return text[range.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    /// Every module `module` reaches through the allowed edges, C modules included.
    static func reachable(from module: String) -> Set<String> {
        var seen: Set<String> = [], queue = [module]
        while let next = queue.popLast() {
            for dependency in allowedImports[next] ?? [] where seen.insert(dependency).inserted { queue.append(dependency) }
        }
        return seen
    }
}
