internal import TwinPictures
/// A perceptual hash of a displayed picture: 256 bits, one per pair of neighbouring cells of a 17x16 grid of
/// area-averaged luma (a "difference hash"), set where the left cell is brighter. Re-encoding, resizing or a
/// brightness change leave it nearly as it is; another photo, even of the same pose, changes many bits.
public struct PictureHash: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The bits, row by row, 64 to a word.
    public let words: [UInt64]

    /// Bits in a hash.
    public static let bitCount = 256
    private static let columns = 17, rows = 16

    public init(words: [UInt64]) { self.words = words }

    /// The hash of `picture` as it is displayed (turn it first); nil for a picture smaller than the grid.
    init?(_ picture: GreyImage) {
        let columns = Self.columns, rows = Self.rows
        guard picture.width >= columns, picture.height >= rows else { return nil }
        var cells = [Double](repeating: 0, count: columns * rows)
        for row in 0..<rows {
            let y0 = row * picture.height / rows, y1 = (row + 1) * picture.height / rows
            for column in 0..<columns {
                let x0 = column * picture.width / columns, x1 = (column + 1) * picture.width / columns
                var sum = 0
                for y in y0..<y1 { for x in x0..<x1 { sum += Int(picture[x, y]) } }
                cells[row * columns + column] = Double(sum) / Double(max(1, (y1 - y0) * (x1 - x0)))
            }
        }
        var words = [UInt64](repeating: 0, count: Self.bitCount / 64)
        for row in 0..<rows {
            for column in 0..<(columns - 1) where cells[row * columns + column] > cells[row * columns + column + 1] {
                let bit = row * (columns - 1) + column
                words[bit / 64] |= 1 << UInt64(bit % 64)
            }
        }
        self.words = words
    }

    /// How many bits differ (0 for the same picture, about 128 for unrelated ones).
    public func distance(to other: PictureHash) -> Int {
        zip(words, other.words).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
    }

    /// 64 hexadecimal digits, the words in order (the JSON report's `"pictureHash"`).
    public var description: String {
        words.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Encoded as its 64 hexadecimal digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let digits = Array(text.utf8)
        var words: [UInt64] = []
        for start in stride(from: 0, to: digits.count, by: 16) {
            guard let word = UInt64(String(decoding: digits[start..<min(start + 16, digits.count)], as: UTF8.self), radix: 16)
            else { break }
            words.append(word)
        }
        guard digits.count == Self.bitCount / 4, words.count == Self.bitCount / 64 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a picture hash is \(Self.bitCount / 4) hexadecimal digits"))
        }
        self.words = words
    }
}
