import Foundation
import GalleyCore

/// The inputs of one shard of a run, chosen from every input discovery found: a filter after
/// discovery, so that ids (which depend on the whole list, when two inputs would share one)
/// are those a whole run gives.
public struct ShardSelection: Sendable {
    public var shard: ShardSpec
    /// This shard's inputs, in discovery order.
    public var inputs: [InputFile]
    /// Where each of this shard's inputs is in the whole list (0-based), by id.
    public var positions: [String: Int]
    /// How many inputs every shard together has, and a hash of their ids in order: shards
    /// that saw different inputs cannot be merged.
    public var inputCount: Int
    public var inputListHash: String

    public init(_ all: [InputFile], shard: ShardSpec) {
        self.shard = shard
        var inputs: [InputFile] = []
        var positions: [String: Int] = [:]
        for (position, file) in all.enumerated() where shard.contains(relativePath: file.relativePath) {
            inputs.append(file)
            positions[file.id] = position
        }
        self.inputs = inputs
        self.positions = positions
        inputCount = all.count
        inputListHash = StableHash.hex(of: Data(all.map(\.id).joined(separator: "\n").utf8))
    }
}

/// What `galley merge` needs from a shard's output beyond its ordinary files:
/// `.galley/shard.json`, written when a `galley run --shard` finishes (not when it is
/// interrupted), removed when any other run starts in that folder.
public struct ShardRecord: Codable, Sendable, Equatable {
    public static let fileName = "shard.json"

    public var shard: ShardSpec
    /// The fingerprint of the pipeline and Galley version (shards of different pipelines do not merge).
    public var pipeline: String
    public var inputCount: Int
    public var inputListHash: String
    /// This shard's inputs: id and place in the whole list, in order.
    public var inputs: [Position]
    /// The documents that failed in this run, in input order.
    public var failures: [FailureRecord]
    /// Every stage's latencies, to merge into the whole run's percentiles.
    public var latency: [LatencyDistribution]

    public struct Position: Codable, Sendable, Equatable {
        public var id: String
        public var position: Int
    }

    public init(selection: ShardSelection, pipeline: String, failures: [FailureRecord], latency: [LatencyDistribution]) {
        shard = selection.shard
        self.pipeline = pipeline
        inputCount = selection.inputCount
        inputListHash = selection.inputListHash
        inputs = selection.inputs.map { Position(id: $0.id, position: selection.positions[$0.id] ?? 0) }
        self.failures = failures
        self.latency = latency
    }

    enum CodingKeys: String, CodingKey {
        case shard, pipeline, inputs, failures, latency
        case inputCount = "input_count"
        case inputListHash = "input_list_hash"
    }

    public static func url(in folder: URL) -> URL {
        Manifest.stateFolder(in: folder).appendingPathComponent(fileName)
    }

    public static func load(from folder: URL) throws -> ShardRecord {
        try GalleyJSON.decoder().decode(ShardRecord.self, from: Data(contentsOf: url(in: folder)))
    }

    public func save(in folder: URL) throws {
        let encoder = GalleyJSON.compactEncoder()
        try OutputFile.write(try encoder.encode(self) + Data("\n".utf8), to: Self.url(in: folder), durable: true)
    }

    /// Removes the record of an earlier sharded run, and what its stages kept for a merge
    /// (`.galley/shard-*.json`): the folder no longer holds a finished shard.
    public static func remove(in folder: URL) {
        let state = Manifest.stateFolder(in: folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: state.path) else { return }
        for name in names where name == fileName || (name.hasPrefix("shard-") && name.hasSuffix(".json")) {
            try? FileManager.default.removeItem(at: state.appendingPathComponent(name))
        }
    }
}
