public import TwinFaces

extension Finding {
    /// A face check's problem as a finding: what is wrong, and what to do about it.
    init(_ problem: FaceProblem) {
        let code = FindingCode(rawValue: problem.check.rawValue)
        switch problem {
        case .searchFailed(let reason):
            self = .faceSearchFailed(reason, in: "the picture")
        case .pictureTooSmall(let width, let height, let window):
            self = .error(code, "No face can be found in a picture \(width)x\(height) pixels at working size: the face "
                + "detector needs a face of at least \(window) pixels. Use a photo at the camera's full resolution, "
                + "showing the person's face front on.")
        case .noFace(let minScore):
            self = .error(code, "No face found (turned every way, detector score at least \(minScore)): the photo must "
                + "show the person's face, front on, well lit.")
        case .notUpright(let rotation):
            self = .error(code, "The face is upright only after turning the picture \(rotation)° clockwise: the pixels "
                + "are turned and the orientation tag is missing or wrong. Turn it \(rotation)° clockwise and save it "
                + "again (a photo: `magick IN -rotate \(rotation) OUT`).")
        case .multipleFaces(let count):
            self = .warning(code, "\(count) faces found: the calibration photos must show only the person, alone in the frame.")
        case .faceTooSmall(let share, let minimum):
            self = .warning(code, "The face is \(Self.percent(share)) of the picture's height, under "
                + "\(Self.percent(minimum)): move closer or crop the photo around the head.")
        case .faceOffCentre(let centre, let band):
            self = .warning(code, "The face centre is at \(Self.percent(centre)) of the width, outside the middle band "
                + "(\(Self.percent(band.lowerBound))–\(Self.percent(band.upperBound))): centre the face in the frame.")
        case .blurry(let sharpness, let minimum):
            self = .warning(code, "The face is blurred (sharpness \(sharpness), under \(minimum)): hold the camera still, "
                + "focus on the face, and use more light.")
        case .underexposed(let brightness, let minimum):
            self = .warning(code, "The face is too dark (mean brightness \(brightness) of 255, under \(minimum)): "
                + "face a window or a lamp.")
        case .overexposed(let brightness, let maximum):
            self = .warning(code, "The face is too bright (mean brightness \(brightness) of 255, over \(maximum)): "
                + "avoid direct light or flash on the face.")
        }
    }

    /// `face-not-checked` for a search that could not run (a model missing or broken) on `subject`: could not look
    /// is not "not there", so a warning of its own, never `no-face`.
    static func faceSearchFailed(_ reason: String, in subject: String) -> Finding {
        .warning(.faceNotChecked, "The face check could not run: \(reason). Whether \(subject) shows a face was "
            + "not checked: install the landmark model (`apt-get install libdlib-data`) or set [faces] model in the profile.")
    }

    private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}

extension FaceAnalysis {
    /// The problems as findings, in the order the checks found them.
    var findings: [Finding] { problems.map(Finding.init) }

    /// Why the search could not run (a model missing or broken); nil when it ran.
    var searchFailure: String? {
        problems.lazy.compactMap { problem -> String? in
            if case .searchFailed(let reason) = problem { return reason }
            return nil
        }.first
    }
}

extension FaceProfile {
    /// The codes `skip` may name: one per ``FaceCheck``.
    public static let checkCodes: [FindingCode] = FaceCheck.allCases.map { FindingCode(rawValue: $0.rawValue) }
}

extension FaceAnalysis {
    /// The landmarks of each face as the report stores them.
    var reportLandmarks: [[FacePoint]] { landmarks.map { face in face.map { FacePoint(x: $0.x, y: $0.y) } } }
}
