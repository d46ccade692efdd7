import Testing
import TwinPipeline

@Suite struct ShardTests {
    @Test(arguments: ["1/1", "1/4", "4/4", " 2 / 3 "])
    func validShardsParse(text: String) throws {
        let shard = try Shard(parsing: text)
        #expect(shard.index >= 1 && shard.index <= shard.count)
    }

    @Test(arguments: ["0/4", "5/4", "1/0", "a/b", "1", "1/2/3", "-1/2", ""])
    func invalidShardsAreRejected(text: String) {
        #expect(throws: PipelineError.self) { try Shard(parsing: text) }
        do { _ = try Shard(parsing: text) } catch { #expect(error.code == .invalidShard) }
    }

    @Test(arguments: [2, 3, 7])
    func everySessionFallsInExactlyOneShard(count: Int) throws {
        let names = (0..<500).map { "session-\($0)" }
        let shards = try (1...count).map { try Shard(index: $0, count: count) }
        for name in names {
            #expect(shards.filter { $0.contains(name) }.count == 1, "\(name)")
        }
        for shard in shards {
            let size = names.filter(shard.contains).count
            // FNV-1a spreads similar names: no shard is starved or hoards.
            #expect(size > 500 / count / 2 && size < 500 / count * 2, "shard \(shard) has \(size)")
        }
    }

    /// FNV-1a 64 of the name, pinned: changing the hash would move sessions between machines
    /// in the middle of a sharded batch.
    @Test(arguments: [("alice", 4, 4), ("bob", 4, 1), ("carol", 4, 3), ("demo", 4, 3), ("alice", 3, 3), ("demo", 3, 1)])
    func shardOfANameIsPinned(name: String, count: Int, expected: Int) throws {
        #expect(Shard.shardIndex(of: name, count: count) == expected)
        #expect(try Shard(index: expected, count: count).contains(name))
        #expect(Shard.all.contains(name))
    }
}
