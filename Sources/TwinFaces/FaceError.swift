/// Why the face engine could not run: a model file missing, unreadable or not dlib's, or a picture it cannot take.
/// The message is dlib's shim's own words (no path beyond the model's).
public struct FaceError: Error, CustomStringConvertible, Sendable, Hashable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
