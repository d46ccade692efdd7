internal import Foundation

/// One of N stable parts of a batch (`--shard I/N`), chosen by session name.
///
/// A session belongs to shard `1 + FNV-1a(name) mod N`. The choice depends only on the session's
/// own name, so N machines split a batch without coordinating, and adding or removing sessions
/// never moves the others to another shard.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based shard index.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// Every session: shard 1 of 1.
    public static let all = Shard(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Makes shard `index` of `count`.
    ///
    /// - Throws: ``PipelineError`` `invalid-shard` unless 1 ≤ index ≤ count.
    public init(index: Int, count: Int) throws(PipelineError) {
        guard count >= 1, (1...count).contains(index) else {
            throw PipelineError(.invalidShard, "shard \(index)/\(count) does not exist: use I/N with 1 ≤ I ≤ N (a Kubernetes "
                + "JOB_COMPLETION_INDEX is 0-based: pass $((JOB_COMPLETION_INDEX + 1))/N)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `I/N`, as `--shard` takes it.
    public init(parsing text: String) throws(PipelineError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw PipelineError(.invalidShard, "'\(text)' is not I/N (such as 2/4: the second of four shards)")
        }
        try self.init(index: index, count: count)
    }

    /// True when the session named `name` belongs to this shard.
    public func contains(_ name: String) -> Bool {
        count == 1 || Self.shardIndex(of: name, count: count) == index
    }

    /// The 1-based shard a session name falls in.
    public static func shardIndex(of name: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count)) + 1
    }

    public var description: String { "\(index)/\(count)" }
}
