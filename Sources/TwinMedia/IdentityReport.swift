/// A report entry's `"identity"`: for a file, how far its face lies from the session's reference face;
/// for a session, which file gave the reference and which other sessions show the same person.
public struct IdentityReport: Codable, Sendable, Hashable {
    /// Another session whose reference face matches this session's.
    public struct Match: Codable, Sendable, Hashable {
        /// The other session, as its report entry shows it.
        public var session: String
        public var distance: Double

        public init(session: String, distance: Double) {
            self.session = session
            self.distance = distance
        }
    }

    /// The file whose face is the session's reference (the video, or the neutral photo without one).
    public var reference: String
    /// The file's distance from the reference (file entries; nil for sessions).
    public var distance: Double?
    /// The other sessions showing the same person (session entries; nil for files).
    public var matches: [Match]?

    public init(reference: String, distance: Double? = nil, matches: [Match]? = nil) {
        self.reference = reference
        self.distance = distance
        self.matches = matches
    }

    private enum CodingKeys: String, CodingKey { case reference, distance, matches }

    /// A file's entry encodes `distance` and `reference`; a session's, `reference` and `matches`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reference, forKey: .reference)
        if let matches { try container.encode(matches, forKey: .matches) } else { try container.encode(distance, forKey: .distance) }
    }
}
