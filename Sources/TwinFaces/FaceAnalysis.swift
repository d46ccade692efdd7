internal import Foundation
package import TwinPictures

/// What the face checks learned about one displayed picture, and the problems they found.
package struct FaceAnalysis: Sendable {
    /// Faces in displayed pixels, best first (empty when none).
    package var faces: [Face] = []
    /// Variance of the Laplacian on the best face's region (working-size pixels), brightness-normalised.
    package var sharpness: Double?
    /// Mean luminance (0–255) of the best face's region.
    package var brightness: Double?
    /// The checks' verdicts, in the order they ran (checks `[faces] skip` turns off raise none).
    package var problems: [FaceProblem] = []
    /// The landmarks of each face in `faces`, in displayed pixels (for the HTML report).
    package var landmarks: [[Point]] = []
    /// The best face's face-recognition descriptor (nil without a face, or when it could not be computed).
    package var descriptor: FaceDescriptor?
    /// Why the best face has no descriptor: the model is missing or failed (nil otherwise).
    package var identityProblem: String?

    /// Detects faces in `picture` (the displayed picture at working size; `displayedWidth` is the
    /// full displayed width), turning it 90°, 180° and 270° only when it shows no upright face.
    package static func run(on picture: GreyImage, displayedWidth: Int, profile: FaceProfile) -> FaceAnalysis {
        var analysis = FaceAnalysis()
        do {
            try analysis.analyse(picture, displayedWidth: displayedWidth, profile: profile)
        } catch {
            analysis.problems.append(.searchFailed(reason: error.message))
        }
        return analysis
    }

    /// dlib's frontal face detector slides an 80x80 window: no smaller face is found, at any turn.
    package static let detectorWindow = 80

    private mutating func analyse(_ picture: GreyImage, displayedWidth: Int, profile: FaceProfile) throws(FaceError) {
        guard min(picture.width, picture.height) >= Self.detectorWindow else {
            // Not searched: no face the detector can find fits (the same verdict a search would give, without five).
            if profile.checks(.noFace) {
                problems.append(.pictureTooSmall(width: picture.width, height: picture.height, window: Self.detectorWindow))
            }
            return
        }
        var rotation = 0
        var upright = picture
        var found = try FaceEngine.detect(in: picture, minScore: profile.minScore)
        if found.isEmpty { found = try Self.detectPadded(picture, minScore: profile.minScore) }
        if found.isEmpty, let turn = try Self.turnShowingAFace(picture, minScore: profile.minScore) {
            // Found at the quick size: searched again at full size, so that the box (and the landmark fit
            // that starts from it) is the one an upright photo of the same face would give.
            rotation = turn.degrees
            upright = picture.turned(clockwise: turn.degrees)
            found = try FaceEngine.detect(in: upright, minScore: profile.minScore)
            if found.isEmpty { found = turn.faces }
        }
        let scale = Double(displayedWidth) / Double(max(1, picture.width))
        for detection in found.prefix(4) {
            let points = try FaceEngine.landmarks(of: detection, in: upright, modelPath: profile.modelPath)
            let mouth = MouthMeasures(points: points, picture: upright, face: detection)
            if faces.isEmpty { describe(points: points, in: upright, profile: profile) }
            let box = Self.unturn(detection, turnedBy: rotation, in: picture)
            landmarks.append(points.map { point in
                let (x, y) = Self.unturn(x: point.x, y: point.y, turnedBy: rotation, in: picture)
                return Point(x: Self.rounded(x * scale), y: Self.rounded(y * scale))
            })
            faces.append(Face(x: Int((Double(box.left) * scale).rounded()), y: Int((Double(box.top) * scale).rounded()),
                              width: Int((Double(box.width) * scale).rounded()),
                              height: Int((Double(box.height) * scale).rounded()),
                              score: Self.rounded(detection.score), rotation: rotation,
                              mouthOpening: mouth.map { Self.rounded($0.opening) },
                              mouthWidth: mouth.map { Self.rounded($0.width) }, teeth: mouth.map { Self.rounded($0.teeth) }))
        }
        guard let best = found.first else {
            if profile.checks(.noFace) {
                problems.append(.noFace(minScore: profile.minScore))
            }
            return
        }
        let region = RegionStatistics(picture: upright, face: best)
        sharpness = Self.rounded(region.sharpness)
        brightness = Self.rounded(region.mean)
        judge(best: best, in: upright, rotation: rotation, profile: profile)
    }

    /// Computes the best face's descriptor, or records why it cannot be computed.
    private mutating func describe(points: [Point], in upright: GreyImage, profile: FaceProfile) {
        guard let model = IdentityModelLocator.resolve(configured: profile.identityModel) else {
            identityProblem = "dlib's face-recognition model (\(IdentityModelLocator.fileName)) is not installed: install PyPI's "
                + "face_recognition_models, or name the file in the profile ([faces] identity-model) or in "
                + "\(IdentityModelLocator.environmentVariable)"
            return
        }
        do {
            descriptor = try FaceEngine.descriptor(points: points, in: upright, modelPath: model)
        } catch {
            identityProblem = error.message
        }
    }

    /// The share of the picture's width and height added on each side by ``detectPadded(_:minScore:)``.
    static let paddingShare = 0.25

    /// Faces that fill the frame: the detector's window holds a margin around the face, so a face whose chin or
    /// crown touches the edge has no window that fits. Searched again in a reduced copy of the picture (a face
    /// that fills it is large), padded with its mean grey on every side; boxes come back in `picture`'s pixels
    /// and may reach past its edges (the landmark fit reads outside pixels as black, region statistics clip).
    package static func detectPadded(_ picture: GreyImage, minScore: Double) throws(FaceError) -> [DetectedFace] {
        let small = picture.shrunk(toLongSide: turnedSearchSide)
        let padX = Int((Double(small.width) * paddingShare).rounded()), padY = Int((Double(small.height) * paddingShare).rounded())
        let padded = small.padded(horizontally: padX, vertically: padY)
        let scale = Double(max(picture.width, picture.height)) / Double(max(1, max(small.width, small.height)))
        return try FaceEngine.detect(in: padded, minScore: minScore).map { face in
            DetectedFace(left: Int((Double(face.left - padX) * scale).rounded()), top: Int((Double(face.top - padY) * scale).rounded()),
                         width: Int((Double(face.width) * scale).rounded()), height: Int((Double(face.height) * scale).rounded()),
                         score: face.score)
        }
    }

    /// The long side, in pixels, at which a picture with no upright face is searched turned. dlib's detector
    /// finds faces of 80 px (``detectorWindow``) and more, so a turned face is found from 20% of the long side: a calibration photo's
    /// face is larger, and three searches at a quarter of the pixels cost less than one at full size.
    static let turnedSearchSide = 400

    /// The first clockwise turn (90°, 270°, 180°) under which a reduced copy of `picture` shows a face, with the
    /// faces found (in `picture`'s turned pixels); nil when none does.
    private static func turnShowingAFace(_ picture: GreyImage, minScore: Double) throws(FaceError)
        -> (degrees: Int, faces: [DetectedFace])? {
        let small = picture.shrunk(toLongSide: turnedSearchSide)
        // Turned, the short side is still the short side: no face of the detector's size fits a thinner copy.
        guard min(small.width, small.height) >= detectorWindow else { return nil }
        let scale = Double(max(picture.width, picture.height)) / Double(max(1, max(small.width, small.height)))
        for degrees in [90, 270, 180] {
            let faces = try FaceEngine.detect(in: small.turned(clockwise: degrees), minScore: minScore)
            if !faces.isEmpty {
                return (degrees, faces.map { face in
                    DetectedFace(left: Int(Double(face.left) * scale), top: Int(Double(face.top) * scale),
                                 width: Int(Double(face.width) * scale), height: Int(Double(face.height) * scale), score: face.score)
                })
            }
        }
        return nil
    }

    private mutating func judge(best: DetectedFace, in upright: GreyImage, rotation: Int, profile: FaceProfile) {
        if rotation != 0, profile.checks(.faceNotUpright) { problems.append(.notUpright(rotation: rotation)) }
        if faces.count > 1, profile.checks(.multipleFaces) { problems.append(.multipleFaces(count: faces.count)) }
        let heightShare = Double(best.height) / Double(max(1, upright.height))
        if heightShare < profile.minFaceHeight, profile.checks(.faceTooSmall) {
            problems.append(.faceTooSmall(share: heightShare, minimum: profile.minFaceHeight))
        }
        let centre = (Double(best.left) + Double(best.width) / 2) / Double(max(1, upright.width))
        let band = (0.5 - profile.centreBand / 2)...(0.5 + profile.centreBand / 2)
        if !band.contains(centre), profile.checks(.faceOffCentre) { problems.append(.faceOffCentre(centre: centre, band: band)) }
        if let sharpness, sharpness < profile.minSharpness, profile.checks(.blurry) {
            problems.append(.blurry(sharpness: sharpness, minimum: profile.minSharpness))
        }
        if let brightness {
            if brightness < profile.brightnessRange.lowerBound, profile.checks(.underexposed) {
                problems.append(.underexposed(brightness: brightness, minimum: profile.brightnessRange.lowerBound))
            } else if brightness > profile.brightnessRange.upperBound, profile.checks(.overexposed) {
                problems.append(.overexposed(brightness: brightness, maximum: profile.brightnessRange.upperBound))
            }
        }
    }

    /// The box of a face found in `picture` turned clockwise by `rotation`, in `picture`'s pixels.
    package static func unturn(_ face: DetectedFace, turnedBy rotation: Int, in picture: GreyImage) -> DetectedFace {
        let (w, h) = (picture.width, picture.height)
        let right = face.left + face.width - 1, bottom = face.top + face.height - 1
        // Where a point of the turned picture came from (the inverse of GreyImage.turned).
        func source(_ x: Int, _ y: Int) -> (Int, Int) {
            switch rotation {
            case 90: (y, h - 1 - x)
            case 180: (w - 1 - x, h - 1 - y)
            case 270: (w - 1 - y, x)
            default: (x, y)
            }
        }
        let a = source(face.left, face.top), b = source(right, bottom)
        return DetectedFace(left: min(a.0, b.0), top: min(a.1, b.1), width: abs(a.0 - b.0) + 1,
                            height: abs(a.1 - b.1) + 1, score: face.score)
    }

    /// Where a point of `picture` turned clockwise by `rotation` lies in `picture` itself.
    package static func unturn(x: Double, y: Double, turnedBy rotation: Int, in picture: GreyImage) -> (Double, Double) {
        let w = Double(picture.width), h = Double(picture.height)
        return switch rotation {
        case 90: (y, h - 1 - x)
        case 180: (w - 1 - x, h - 1 - y)
        case 270: (w - 1 - y, x)
        default: (x, y)
        }
    }

    package static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

/// Sharpness and brightness of a face's box (clipped to the picture).
struct RegionStatistics {
    var mean = 0.0
    var laplacianVariance = 0.0

    /// The variance of the Laplacian as if the region's mean were 128: the raw variance grows with
    /// the square of contrast, so a darkened sharp photo would otherwise read as blurred.
    var sharpness: Double { mean > 0 ? laplacianVariance * (128 / mean) * (128 / mean) : 0 }

    init(picture: GreyImage, face: DetectedFace) {
        let x0 = max(1, face.left), y0 = max(1, face.top)
        let x1 = min(picture.width - 1, face.left + face.width), y1 = min(picture.height - 1, face.top + face.height)
        guard x1 > x0, y1 > y0 else { return }
        var sum = 0.0, lapSum = 0.0, lapSquares = 0.0
        let count = Double((x1 - x0) * (y1 - y0))
        picture.pixels.withUnsafeBufferPointer { p in
            let w = picture.width
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let i = y * w + x
                    let centre = Double(p[i])
                    sum += centre
                    let laplacian = Double(p[i - 1]) + Double(p[i + 1]) + Double(p[i - w]) + Double(p[i + w]) - 4 * centre
                    lapSum += laplacian
                    lapSquares += laplacian * laplacian
                }
            }
        }
        mean = sum / count
        laplacianVariance = lapSquares / count - (lapSum / count) * (lapSum / count)
    }
}

/// Mouth measures from the 68 landmarks (iBUG numbering: 0–16 jaw, 27 nose bridge, 8 chin,
/// 48/54 mouth corners, 60–67 inner lips with 62 top and 66 bottom).
struct MouthMeasures {
    var opening: Double
    var width: Double
    var teeth: Double

    init?(points: [Point], picture: GreyImage, face: DetectedFace) {
        guard points.count == 68 else { return nil }
        let faceHeight = points[27].distance(to: points[8])
        let faceWidth = points[0].distance(to: points[16])
        guard faceHeight > 1, faceWidth > 1 else { return nil }
        opening = points[62].distance(to: points[66]) / faceHeight
        width = points[48].distance(to: points[54]) / faceWidth
        teeth = Self.brightShare(inside: Array(points[60...67]), picture: picture,
                                 threshold: RegionStatistics(picture: picture, face: face).mean)
    }

    /// Share of the pixels inside `polygon` brighter than `threshold` (0 when it holds under 4 pixels).
    static func brightShare(inside polygon: [Point], picture: GreyImage, threshold: Double) -> Double {
        let xs = polygon.map(\.x), ys = polygon.map(\.y)
        let x0 = max(0, Int(xs.min()!.rounded(.down))), x1 = min(picture.width - 1, Int(xs.max()!.rounded(.up)))
        let y0 = max(0, Int(ys.min()!.rounded(.down))), y1 = min(picture.height - 1, Int(ys.max()!.rounded(.up)))
        guard x1 >= x0, y1 >= y0 else { return 0 }
        var inside = 0, bright = 0
        for y in y0...y1 {
            for x in x0...x1 where contains(polygon, Point(x: Double(x), y: Double(y))) {
                inside += 1
                if Double(picture[x, y]) > threshold { bright += 1 }
            }
        }
        return inside < 4 ? 0 : Double(bright) / Double(inside)
    }

    /// Even-odd rule.
    private static func contains(_ polygon: [Point], _ point: Point) -> Bool {
        var result = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let a = polygon[i], b = polygon[j]
            if (a.y > point.y) != (b.y > point.y),
               point.x < (b.x - a.x) * (point.y - a.y) / (b.y - a.y) + a.x {
                result.toggle()
            }
            j = i
        }
        return result
    }
}
