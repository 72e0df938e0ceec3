import Foundation

/// One part of a sharded batch run, `galley run --shard I/N`: the inputs whose relative path
/// hashes (``StableHash``, so on every machine and in every run alike) to part `index` of
/// `count`. A file always lands in the same shard; `galley merge` joins the parts' outputs.
public struct ShardSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `I/N`, with 1 ≤ I ≤ N; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The shard, 1 to `count`, that an input with this relative path belongs to.
    public static func shard(ofRelativePath relativePath: String, count: Int) -> Int {
        Int(StableHash.value(of: Data(relativePath.utf8)) % UInt64(count)) + 1
    }

    /// Whether the input with this relative path (to its input folder) belongs to this shard.
    public func contains(relativePath: String) -> Bool {
        Self.shard(ofRelativePath: relativePath, count: count) == index
    }

    public var description: String { "\(index)/\(count)" }
}
