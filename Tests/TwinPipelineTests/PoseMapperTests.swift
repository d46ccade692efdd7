import Foundation
import Testing
import TwinMedia
import TwinPipeline

/// One mapping case: photo names in a folder and the expected pose order (nil = no photo).
struct MappingCase: CustomTestStringConvertible, Sendable {
    let label: String
    let photos: [String]
    let expected: [String?]  // neutral, ooh, teeth, aah, pursed
    let codes: [String]      // finding codes, sorted
    var testDescription: String { label }
}

@Suite struct PoseMapperTests {
    static let cases: [MappingCase] = [
        MappingCase(label: "pose ids", photos: ["teeth.jpg", "aah.jpg", "neutral.jpg", "pursed.jpg", "ooh.jpg"],
                    expected: ["neutral.jpg", "ooh.jpg", "teeth.jpg", "aah.jpg", "pursed.jpg"], codes: []),
        MappingCase(label: "pose words among other words", photos: ["02-ooh.jpg", "IMG_teeth.png", "neutral_face.jpeg", "take3 AAH.JPG",
                                                                    "05.pursed.jpg"],
                    expected: ["neutral_face.jpeg", "02-ooh.jpg", "IMG_teeth.png", "take3 AAH.JPG", "05.pursed.jpg"], codes: []),
        MappingCase(label: "aliases and camel case", photos: ["restingFace.jpg", "smile.png", "pucker.jpg", "oo.jpg", "open2.jpg"],
                    expected: [nil, "oo.jpg", "smile.png", "open2.jpg", "pucker.jpg"],
                    codes: ["missing-pose", "unexpected-file"]),
        MappingCase(label: "numeric prefixes are positions", photos: ["3.jpg", "1.jpg", "5.jpg", "2.jpg", "4.jpg"],
                    expected: ["1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg"], codes: []),
        MappingCase(label: "a gap in the numbers is the missing pose", photos: ["1.jpg", "2.jpg", "3.jpg", "5.jpg"],
                    expected: ["1.jpg", "2.jpg", "3.jpg", nil, "5.jpg"], codes: ["missing-pose"]),
        MappingCase(label: "numbers beyond the pose count order the files", photos: ["50.jpg", "10.jpg", "30.jpg", "20.jpg", "40.jpg"],
                    expected: ["10.jpg", "20.jpg", "30.jpg", "40.jpg", "50.jpg"], codes: []),
        MappingCase(label: "names first, numbers fill the rest", photos: ["1.jpg", "2-ooh.jpg", "3.jpg", "4.jpg", "pursed.jpg"],
                    expected: ["1.jpg", "2-ooh.jpg", "3.jpg", "4.jpg", "pursed.jpg"], codes: []),
        MappingCase(label: "two photos claim one pose", photos: ["neutral.jpg", "ooh.jpg", "ooh-2.jpg", "teeth.jpg", "aah.jpg",
                                                                 "pursed.jpg"],
                    expected: ["neutral.jpg", nil, "teeth.jpg", "aah.jpg", "pursed.jpg"], codes: ["duplicate-pose"]),
        MappingCase(label: "two numbered photos claim one position", photos: ["1.jpg", "01b.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg"],
                    expected: [nil, "2.jpg", "3.jpg", "4.jpg", "5.jpg"], codes: ["duplicate-pose"]),
        MappingCase(label: "a number that collides with a name", photos: ["neutral.jpg", "1.jpg", "ooh.jpg", "teeth.jpg", "aah.jpg",
                                                                          "pursed.jpg"],
                    expected: ["neutral.jpg", "ooh.jpg", "teeth.jpg", "aah.jpg", "pursed.jpg"], codes: ["unexpected-file"]),
        MappingCase(label: "an extra photo", photos: ["neutral.jpg", "ooh.jpg", "teeth.jpg", "aah.jpg", "pursed.jpg", "bonus.jpg"],
                    expected: ["neutral.jpg", "ooh.jpg", "teeth.jpg", "aah.jpg", "pursed.jpg"], codes: ["unexpected-file"]),
        MappingCase(label: "camera names cannot be ordered", photos: ["IMG_0001.jpg", "IMG_0002.jpg"],
                    expected: [nil, nil, nil, nil, nil], codes: ["missing-pose", "missing-pose", "missing-pose", "missing-pose",
                                                                 "missing-pose", "unexpected-file", "unexpected-file"]),
        MappingCase(label: "a name that matches two poses", photos: ["neutral.jpg", "ooh-or-aah.jpg", "teeth.jpg", "pursed.jpg"],
                    expected: ["neutral.jpg", nil, "teeth.jpg", nil, "pursed.jpg"], codes: ["missing-pose", "missing-pose",
                        "unexpected-file"]),
        MappingCase(label: "no photos", photos: [],
                    expected: [nil, nil, nil, nil, nil], codes: Array(repeating: "missing-pose", count: 5)),
    ]

    @Test(arguments: cases)
    func photosMapToPoses(_ row: MappingCase) {
        let folder = URL(fileURLWithPath: "/session", isDirectory: true)
        let photos = row.photos.map { folder.appendingPathComponent($0) }
        let mapping = PoseMapper().map(photos: photos, captureTime: { _ in nil })
        let byPose = Dictionary(uniqueKeysWithValues: mapping.assignments.map { ($0.pose.id, $0.file.lastPathComponent) })
        let got = PoseProfile.builtIn.poses.map { byPose[$0.id] }
        #expect(got == row.expected)
        #expect(mapping.findings.map(\.finding.code.rawValue).sorted() == row.codes)
        #expect(mapping.assignments.map(\.position) == mapping.assignments.map(\.position).sorted())
        if row.codes.filter({ $0 != "unexpected-file" }).isEmpty {
            #expect(mapping.orderedPhotos?.map(\.lastPathComponent) == row.expected.compactMap { $0 })
        } else {
            #expect(mapping.orderedPhotos == nil)
        }
    }

    @Test func missingPoseNamesThePoseAndTheUnmatchedFiles() throws {
        let folder = URL(fileURLWithPath: "/session", isDirectory: true)
        let photos = ["neutral.jpg", "ooh.jpg", "IMG_4411.jpg", "aah.jpg", "pursed.jpg"].map { folder.appendingPathComponent($0) }
        let mapping = PoseMapper().map(photos: photos, captureTime: { _ in nil })
        let missing = try #require(mapping.findings.first { $0.finding.code == .missingPose })
        #expect(missing.finding.severity == .error)
        #expect(missing.finding.message.contains("3 'teeth' (top and bottom teeth showing)"))
        #expect(missing.finding.message.contains("Unmatched photos: IMG_4411.jpg"))
        #expect(missing.finding.message.contains("the capture-time order"), "the library names the setting, not the flag")
        let unexpected = try #require(mapping.findings.first { $0.finding.code == .unexpectedFile })
        #expect(unexpected.finding.severity == .warning)
        #expect(unexpected.file?.lastPathComponent == "IMG_4411.jpg")
    }

    @Test func duplicatePoseNamesBothPhotos() throws {
        let folder = URL(fileURLWithPath: "/session", isDirectory: true)
        let photos = ["teeth.jpg", "grin.png"].map { folder.appendingPathComponent($0) }
        let mapping = PoseMapper().map(photos: photos, captureTime: { _ in nil })
        let duplicate = try #require(mapping.findings.first { $0.finding.code == .duplicatePose })
        #expect(duplicate.finding.message.contains("'teeth'"))
        #expect(duplicate.finding.message.contains("grin.png"))
        #expect(duplicate.finding.message.contains("teeth.jpg"))
        // A contested pose is reported once, as a duplicate, not also as missing.
        #expect(!mapping.findings.contains { $0.finding.code == .missingPose && $0.finding.message.contains("'teeth'") })
    }

    @Test func manifestComesBeforeNamesAndNumbers() throws {
        let folder = URL(fileURLWithPath: "/session", isDirectory: true)
        let url = { (name: String) in folder.appendingPathComponent(name) }
        let photos = ["IMG_1.jpg", "IMG_2.jpg", "teeth.jpg", "1.jpg", "aah.jpg", "pursed.jpg"].map(url)
        let mapping = PoseMapper().map(
            photos: photos,
            manifestPoses: [("neutral", url("IMG_1.jpg")), ("teeth", url("IMG_2.jpg")), ("oo", url("1.jpg"))],
            captureTime: { _ in nil })
        #expect(mapping.assignments.map(\.file.lastPathComponent) == ["IMG_1.jpg", "1.jpg", "IMG_2.jpg", "aah.jpg", "pursed.jpg"])
        #expect(mapping.assignments.map(\.source) == [.manifest, .manifest, .manifest, .fileName, .fileName])
        let unexpected = try #require(mapping.findings.first { $0.file?.lastPathComponent == "teeth.jpg" })
        #expect(unexpected.finding.code == .unexpectedFile)
        #expect(unexpected.finding.message.contains("twin.toml maps that pose to IMG_2.jpg"))
    }

    @Test func manifestProblemsAreFindings() {
        let folder = URL(fileURLWithPath: "/session", isDirectory: true)
        let url = { (name: String) in folder.appendingPathComponent(name) }
        let mapping = PoseMapper().map(
            photos: [url("a.jpg"), url("b.jpg")],
            manifestPoses: [("smirk", url("a.jpg")), ("neutral", url("a.jpg")), ("rest", url("b.jpg")), ("ooh", url("a.jpg"))],
            captureTime: { _ in nil })
        let messages = mapping.findings.filter { $0.finding.code == .invalidManifest }.map(\.finding.message)
        #expect(messages.count == 3)
        #expect(messages.contains { $0.contains("'smirk', which is no pose") })
        #expect(messages.contains { $0.contains("maps pose 'neutral' twice") })
        #expect(messages.contains { $0.contains("maps a.jpg to more than one pose") })
    }

    @Test func captureTimeOrdersWhatNamesLeaveOpen() {
        let folder = URL(fileURLWithPath: "/session", isDirectory: true)
        let times: [String: CaptureTime] = [
            "IMG_0009.jpg": CaptureTime(dateTime: "2024:05:01 10:00:01"),
            "IMG_0003.jpg": CaptureTime(dateTime: "2024:05:01 10:00:03", subsecond: "5"),
            "IMG_0004.jpg": CaptureTime(dateTime: "2024:05:01 10:00:03", subsecond: "45"),
            "IMG_0001.jpg": CaptureTime(dateTime: "2024:05:01 10:00:07"),
        ]
        let photos = ["IMG_0009.jpg", "IMG_0003.jpg", "IMG_0004.jpg", "IMG_0001.jpg", "teeth.jpg",
                      "IMG_0100.jpg"].map { folder.appendingPathComponent($0) }
        let mapping = PoseMapper(order: .captureTime).map(photos: photos, captureTime: { times[$0.lastPathComponent] })
        #expect(mapping.assignments.map(\.file.lastPathComponent) == ["IMG_0009.jpg", "IMG_0004.jpg", "teeth.jpg", "IMG_0003.jpg",
                                                                      "IMG_0001.jpg"])
        #expect(mapping.assignments.map(\.source) == [.captureTime, .captureTime, .fileName, .captureTime, .captureTime])
        #expect(mapping.findings.map(\.finding.code) == [.unexpectedFile])
        #expect(mapping.findings.first?.finding.message.contains("no EXIF DateTimeOriginal") == true)
    }

    @Test(arguments: [
        ("02-ooh", ["02", "ooh"]), ("IMG_teeth", ["img", "teeth"]), ("neutral_face", ["neutral", "face"]),
        ("neutralFace", ["neutral", "face"]), ("take3AAH", ["take", "3", "aah"]), ("ÉTÉ-été", ["été", "été"]),
    ])
    func stemsSplitIntoWords(stem: String, words: [String]) {
        #expect(PoseMapper.words(inStem: stem) == words)
    }
}
