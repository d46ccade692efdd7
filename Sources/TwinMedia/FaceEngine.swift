internal import CTwinFaces
internal import Foundation

/// A face the detector found in a working-size picture, in that picture's pixels.
struct DetectedFace: Sendable, Hashable {
    var left: Int
    var top: Int
    var width: Int
    var height: Int
    var score: Double
}

/// The one choke point between the dlib shim's status codes and Swift errors.
enum FaceEngine {
    /// Detections above `minScore`, best first (at most `limit`).
    static func detect(in image: GreyImage, minScore: Double, limit: Int = 8) throws(MediaError) -> [DetectedFace] {
        var boxes = [twin_face_box](repeating: twin_face_box(), count: limit)
        var count = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = image.pixels.withUnsafeBytes { raw in
            twin_faces_detect(raw.baseAddress, raw.count, UInt32(clamping: image.width), UInt32(clamping: image.height),
                              minScore, &boxes, limit, &count, &message, message.count)
        }
        try check(status, message)
        return boxes.prefix(min(count, limit)).map {
            DetectedFace(left: Int($0.left), top: Int($0.top), width: Int($0.width), height: Int($0.height), score: $0.score)
        }
    }

    /// The 68 landmarks (iBUG 300-W numbering) of `face`, in the picture's pixels.
    static func landmarks(of face: DetectedFace, in image: GreyImage, modelPath: String) throws(MediaError) -> [Point] {
        var points = [Float](repeating: 0, count: 2 * Int(TWIN_FACES_LANDMARKS))
        var message = [CChar](repeating: 0, count: 256)
        let box = twin_face_box(left: Int32(clamping: face.left), top: Int32(clamping: face.top),
                                width: Int32(clamping: face.width), height: Int32(clamping: face.height),
                                score: face.score, sub_detector: 0)
        let status = image.pixels.withUnsafeBytes { raw in
            twin_faces_landmarks(raw.baseAddress, raw.count, UInt32(clamping: image.width), UInt32(clamping: image.height),
                                 modelPath, box, &points, &message, message.count)
        }
        try check(status, message)
        return stride(from: 0, to: points.count, by: 2).map { Point(x: Double(points[$0]), y: Double(points[$0 + 1])) }
    }

    /// The face-recognition descriptor of the face whose 68 landmarks are `points` (in `image`'s pixels).
    static func descriptor(points: [Point], in image: GreyImage, modelPath: String) throws(MediaError) -> FaceDescriptor {
        var flat = points.flatMap { [Float($0.x), Float($0.y)] }
        guard flat.count == 2 * Int(TWIN_FACES_LANDMARKS) else { throw MediaError(.faceCheckFailed, "no 68 landmarks") }
        var values = [Float](repeating: 0, count: Int(TWIN_FACES_DESCRIPTOR_SIZE))
        var message = [CChar](repeating: 0, count: 512)
        let status = image.pixels.withUnsafeBytes { raw in
            twin_faces_descriptor(raw.baseAddress, raw.count, UInt32(clamping: image.width), UInt32(clamping: image.height),
                                  modelPath, &flat, &values, &message, message.count)
        }
        try check(status, message)
        return FaceDescriptor(values: values)
    }

    /// Loads the landmark model now (it otherwise loads on the first face); returns the seconds
    /// the load took in this call (0 when an earlier call had loaded it).
    static func loadModel(path: String) throws(MediaError) -> Double {
        var seconds = 0.0
        var message = [CChar](repeating: 0, count: 256)
        let status = twin_faces_load_model(path, &seconds, &message, message.count)
        try check(status, message)
        return seconds
    }

    /// Loads dlib's face-recognition model now (it otherwise loads on the first descriptor); returns the seconds the
    /// load took in this call (0 when an earlier call had loaded it).
    static func loadIdentityModel(path: String) throws(MediaError) -> Double {
        var seconds = 0.0
        var message = [CChar](repeating: 0, count: 512)
        let status = twin_faces_load_identity_model(path, &seconds, &message, message.count)
        try check(status, message)
        return seconds
    }

    /// Starts loading the landmark model in the background (once per process) and returns at once:
    /// the first landmark fit waits for it, a run that finds no face never does.
    static func preloadModel(path: String) {
        twin_faces_preload_model(path)
    }

    private static func check(_ status: twin_faces_status, _ message: [CChar]) throws(MediaError) {
        guard status != TWIN_FACES_OK else { return }
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw MediaError(.faceCheckFailed, text)
    }
}

/// A point in a picture's pixels.
struct Point: Sendable, Hashable {
    var x: Double
    var y: Double

    func distance(to other: Point) -> Double { hypot(x - other.x, y - other.y) }
}
