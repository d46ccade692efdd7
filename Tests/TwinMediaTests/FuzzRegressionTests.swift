import Foundation
import TestSupport
import Testing
import TwinFaces
import TwinFiles
import TwinMedia

/// Every input the fuzzer found (`fixtures/fuzz/TARGET/`) runs again through its target on every `swift test`.
@Suite(.hangBackstop)
struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [URL] {
        let folder = TestPaths.fixtures.appendingPathComponent("fuzz/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: inputs("profile"))
    func profileInputsAreRefusedWithoutAborting(input: URL) throws {
        let text = String(decoding: try Data(contentsOf: input), as: UTF8.self)
        #expect(!FuzzEntryPoints.parseProfile(text))
        #expect(TOMLGuard.problem(in: text) != nil)
    }

    @Test(arguments: ["exif", "image", "probe"].flatMap { target in inputs(target).map { (target, $0) } })
    func mediaInputsRunToAVerdict(target: String, input: URL) {
        switch target {
        case "exif": _ = FuzzEntryPoints.readExif(path: input.path)
        case "image": _ = FuzzEntryPoints.checkImage(path: input.path, prefix: Array(((try? Data(contentsOf: input)) ?? Data()).prefix(64)))
        default: #expect(FuzzEntryPoints.validate(path: input.path) > 0, "a fuzzed file is never a clean pass")
        }
    }

    /// The cache target's seeds (fixtures/fuzz/make-cache-seeds.py) are models the reader adopts and fits, so the
    /// fuzzer starts past the header and index checks. Its crash inputs are refused before any fit:
    /// `crash-huge-offset.bin` holds offsets near 1e37, which dlib's fit turned into pixel positions outside `long`
    /// (undefined behaviour, CI's 30 s smoke), so a model with a number out of range is refused whole.
    @Test(arguments: inputs("cache"))
    func cacheInputsAreReadWithoutCrashing(input: URL) {
        let adopted = FaceFuzzEntryPoints.readFaceModelCache(folder: input.deletingLastPathComponent().path, name: input.lastPathComponent)
        if input.lastPathComponent.hasPrefix("seed-") { #expect(adopted) }
        if input.lastPathComponent.hasPrefix("crash-") { #expect(!adopted, "a model with an out-of-range number is refused") }
    }

    @Test(arguments: inputs("audio"))
    func audioInputsAreMeasuredWithoutCrashing(input: URL) {
        _ = FuzzEntryPoints.measureAudio(path: input.path)
    }

    @Test(arguments: [
        ("[é]\n", "line 1"),
        ("name = \"ok\"\n[pósés]\n", "line 2"),
        ("a = 1\u{0}\n", "control character"),
        ("# é in a comment is fine\n[\"é\"]\nkey = \"é\"\n", nil),
        ("s = \"\"\"\né\n\"\"\"\nt = 'é'\n", nil),
        ("[&aX-rati", "table header"),
        ("ixBl= [}[[[\n", "closes nothing"),
        ("[\nmax-pixels = 35\n", "table header"),
        ("[a.b]\n[[c]]\n[\"é\".x]\n[ d . 'e' ]\n", nil),
        ("a = [\n  [1, 2],\n  { b = 1 },\n]\n[t]\n", nil),
    ] as [(String, String?)])
    func theTOMLGuardRefusesWhatTomlPlusPlusAbortsOn(text: String, problem: String?) {
        let found = TOMLGuard.problem(in: text)
        if let problem { #expect(found?.contains(problem) == true, "\(found ?? "nil")") } else { #expect(found == nil, "\(found ?? "")") }
    }
}
