import Foundation
import TestSupport
import Testing
@testable import TwinVoice

/// A damaged PocketSphinx model: sphinxbase would exit() the process on several of these
/// (E_FATAL), so the shim checks the files first and the recogniser fails with a reason instead.
@Suite(.hangBackstop) struct SpeechModelGuardTests {
    /// What is done to Debian's model in a copy: a file left out, emptied, or its header garbled.
    enum Damage: String, CaseIterable, CustomStringConvertible, Sendable {
        case noMdef, noMeans, noVariances, noTransitionMatrices, noMixtureWeights, noLanguageModel, noDictionary
        case emptyMeans, garbledMeansHeader, garbledTransitionMatrices, textMdef, folderAsMdef

        var description: String { rawValue }

        /// The file the damage is done to, relative to the model folder.
        var file: String {
            switch self {
            case .noMdef, .textMdef, .folderAsMdef: "en-us/mdef"
            case .noMeans, .emptyMeans, .garbledMeansHeader: "en-us/means"
            case .noVariances: "en-us/variances"
            case .noTransitionMatrices, .garbledTransitionMatrices: "en-us/transition_matrices"
            case .noMixtureWeights: "en-us/sendump"
            case .noLanguageModel: "en-us.lm.bin"
            case .noDictionary: "cmudict-en-us.dict"
            }
        }

        func apply(at path: URL) throws {
            let manager = FileManager.default
            try manager.removeItem(at: path)
            switch self {
            case .emptyMeans: try Data().write(to: path)
            case .garbledMeansHeader: try Data("s3\nversion 1.0\nendhdr\nXXXX".utf8).write(to: path)
            case .garbledTransitionMatrices: try Data("not a model\n".utf8).write(to: path)
            case .textMdef: try Data("0.3\n138 n_base\n".utf8).write(to: path)
            case .folderAsMdef: try manager.createDirectory(at: path, withIntermediateDirectories: false)
            default: break
            }
        }
    }

    static let debianModel = URL(fileURLWithPath: "/usr/share/pocketsphinx/model/en-us")

    /// A copy of Debian's model made of symbolic links (the damaged file replaced by a real one).
    func damagedModel(_ damage: Damage) throws -> URL {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("twin-model-\(UUID().uuidString)")
        try manager.createDirectory(at: folder.appendingPathComponent("en-us"), withIntermediateDirectories: true)
        for relative in ["en-us.lm.bin", "cmudict-en-us.dict"]
            + (try manager.contentsOfDirectory(atPath: Self.debianModel.appendingPathComponent("en-us").path)).map({ "en-us/\($0)" }) {
            try manager.createSymbolicLink(at: folder.appendingPathComponent(relative),
                                           withDestinationURL: Self.debianModel.appendingPathComponent(relative))
        }
        try damage.apply(at: folder.appendingPathComponent(damage.file))
        return folder
    }

    @Test(arguments: Damage.allCases)
    func aDamagedModelIsAnErrorNotAnExit(_ damage: Damage) throws {
        let folder = try damagedModel(damage)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try SpeechRecogniser(modelFolder: folder.path)
            Issue.record("the recogniser opened on a model with \(damage)")
        } catch {
            #expect(error.code == .recogniser)
            #expect(error.message.contains((damage.file as NSString).lastPathComponent), "\(error.message)")
            #expect(error.message.contains("pocketsphinx-en-us"), "\(error.message)")
        }
    }

    @Test func theIntactCopyOpens() throws {
        // The same copy without damage opens: the failures above are the damage, not the links.
        let folder = try damagedModel(.noMixtureWeights)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("en-us/sendump"),
            withDestinationURL: Self.debianModel.appendingPathComponent("en-us/sendump"))
        _ = try SpeechRecogniser(modelFolder: folder.path)
    }

    @Test func aMissingModelFolderFailsTheVoiceCheckWithAReason() throws {
        let missing = "/nonexistent/pocketsphinx-model"
        #expect(throws: VoiceError.self) { _ = try SpeechRecogniser(modelFolder: missing) }
    }
}
