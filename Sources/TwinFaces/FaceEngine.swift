internal import CTwinFaces
internal import Foundation
package import TwinPictures

/// A face the detector found in a working-size picture, in that picture's pixels.
package struct DetectedFace: Sendable, Hashable {
    package var left: Int
    package var top: Int
    package var width: Int
    package var height: Int
    package var score: Double

    package init(left: Int, top: Int, width: Int, height: Int, score: Double) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.score = score
    }
}

/// The one choke point between the dlib shim's status codes and Swift errors.
package enum FaceEngine {
    /// Detections above `minScore`, best first (at most `limit`).
    package static func detect(in image: GreyImage, minScore: Double, limit: Int = 8) throws(FaceError) -> [DetectedFace] {
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

    /// The threads OpenBLAS computes on: 1, since files are checked side by side one per core (the shim stops its
    /// server threads when it loads, unless `OPENBLAS_NUM_THREADS` says otherwise); nil when the BLAS is not OpenBLAS.
    package static var blasThreads: Int? {
        let threads = twin_faces_blas_threads()
        return threads < 0 ? nil : Int(threads)
    }

    /// The 68 landmarks (iBUG 300-W numbering) of `face`, in the picture's pixels.
    package static func landmarks(of face: DetectedFace, in image: GreyImage, modelPath: String) throws(FaceError) -> [Point] {
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
    package static func descriptor(points: [Point], in image: GreyImage, modelPath: String) throws(FaceError) -> FaceDescriptor {
        var flat = points.flatMap { [Float($0.x), Float($0.y)] }
        guard flat.count == 2 * Int(TWIN_FACES_LANDMARKS) else { throw FaceError("no 68 landmarks") }
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
    package static func loadModel(path: String) throws(FaceError) -> Double {
        try timedLoad { twin_faces_load_model(path, $0, $1, $2) }
    }

    /// Loads dlib's face-recognition model now (it otherwise loads on the first descriptor); returns the seconds the
    /// load took in this call (0 when an earlier call had loaded it).
    package static func loadIdentityModel(path: String) throws(FaceError) -> Double {
        try timedLoad { twin_faces_load_identity_model(path, $0, $1, $2) }
    }

    /// Runs one of the shim's model loads (seconds out, message buffer, its size) and returns the seconds.
    private static func timedLoad(
        _ load: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<CChar>, Int) -> twin_faces_status
    ) throws(FaceError) -> Double {
        var seconds = 0.0
        var message = [CChar](repeating: 0, count: 512)
        let status = message.withUnsafeMutableBufferPointer { buffer in load(&seconds, buffer.baseAddress!, buffer.count) }
        try check(status, message)
        return seconds
    }

    /// Starts loading the landmark model in the background (once per process) and returns at once:
    /// the first landmark fit waits for it, a run that finds no face never does.
    package static func preloadModel(path: String) {
        twin_faces_preload_model(path)
    }

    private static func check(_ status: twin_faces_status, _ message: [CChar]) throws(FaceError) {
        guard status != TWIN_FACES_OK else { return }
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw FaceError(text)
    }
}

/// A point in a picture's pixels.
package struct Point: Sendable, Hashable {
    package var x: Double
    package var y: Double

    package init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    package func distance(to other: Point) -> Double { hypot(x - other.x, y - other.y) }
}
