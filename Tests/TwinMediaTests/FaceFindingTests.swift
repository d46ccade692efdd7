import Testing
import TwinFaces
@testable import TwinMedia

/// How the face layer's typed problems become findings: the code of the check that raised each, its severity, and a
/// message that carries the measures and says what to do.
@Suite struct FaceFindingTests {
    static let problems: [(FaceProblem, FindingCode, Severity, String)] = [
        (.searchFailed(reason: "model gone"), .faceNotChecked, .warning, "could not run: model gone"),
        (.pictureTooSmall(width: 60, height: 90, window: 80), .noFace, .error, "60x90 pixels"),
        (.noFace(minScore: 0.15), .noFace, .error, "detector score at least 0.15"),
        (.notUpright(rotation: 90), .faceNotUpright, .error, "-rotate 90"),
        (.multipleFaces(count: 3), .multipleFaces, .warning, "3 faces found"),
        (.faceTooSmall(share: 0.1, minimum: 0.15), .faceTooSmall, .warning, "10% of the picture's height, under 15%"),
        (.faceOffCentre(centre: 0.2, band: 0.25...0.75), .faceOffCentre, .warning, "at 20% of the width, outside the middle band (25%–75%)"),
        (.blurry(sharpness: 9.5, minimum: 15), .blurry, .warning, "sharpness 9.5, under 15.0"),
        (.underexposed(brightness: 40, minimum: 60), .underexposed, .warning, "brightness 40.0 of 255, under 60.0"),
        (.overexposed(brightness: 230, maximum: 215), .overexposed, .warning, "brightness 230.0 of 255, over 215.0"),
    ]

    @Test func eachProblemIsWordedWithItsChecksCodeAndMeasures() {
        for (problem, code, severity, words) in Self.problems {
            let finding = Finding(problem)
            #expect(finding.code == code, "\(problem)")
            if case .searchFailed = problem { continue }  // could not look: its own code, never the check's
            #expect(finding.code.rawValue == problem.check.rawValue)
            #expect(finding.severity == severity, "\(problem)")
            #expect(finding.message.contains(words), "\(finding.message)")
        }
        #expect(Set(Self.problems.map(\.0.check)) == Set(FaceCheck.allCases), "every check has a wording under test")
    }

    @Test func theCodesSkipMayNameAreTheFaceChecks() {
        #expect(FaceProfile.checkCodes == [
            .noFace, .faceNotUpright, .multipleFaces, .faceTooSmall, .faceOffCentre, .blurry, .underexposed, .overexposed,
        ])
    }
}
