import Foundation
import GalleyCore
import GalleyRunner
import Testing

@Suite struct ShardSpecTests {
    @Test func parsesIOfN() {
        #expect(ShardSpec(parsing: "2/3") == ShardSpec(index: 2, count: 3))
        #expect(ShardSpec(parsing: "1/1")?.description == "1/1")
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            #expect(ShardSpec(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func everyPathLandsInExactlyOneShardTheSameEveryTime() {
        let paths = (0..<500).map { "folder \($0 % 7)/page-\($0).txt" }
        for count in 1...5 {
            let shards = (1...count).map { ShardSpec(index: $0, count: count)! }
            var sizes = Array(repeating: 0, count: count)
            for path in paths {
                let owners = shards.filter { $0.contains(relativePath: path) }
                #expect(owners.count == 1)
                sizes[owners[0].index - 1] += 1
                #expect(ShardSpec.shard(ofRelativePath: path, count: count) == owners[0].index)
            }
            // A hash spreads them: no shard gets less than half its share.
            #expect(sizes.allSatisfy { $0 * count * 2 >= paths.count }, "\(sizes)")
        }
        // Pinned: a stored shard assignment must not change between versions.
        #expect(ShardSpec.shard(ofRelativePath: "news/2024/page-1.txt", count: 3)
                    == Int(StableHash.value(of: Data("news/2024/page-1.txt".utf8)) % 3) + 1)
    }

    @Test func selectionKeepsPositionsInTheWholeList() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<20 {
            let url = folder.appendingPathComponent("part \(index % 2)/\(index).txt")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("text \(index)".utf8).write(to: url)
        }
        let all = InputDiscovery.discover(paths: [folder], include: [], exclude: [])
        #expect(all.count == 20)
        let selections = (1...3).map { ShardSelection(all, shard: ShardSpec(index: $0, count: 3)!) }
        #expect(selections.map(\.inputs.count).reduce(0, +) == 20)
        #expect(Set(selections.map(\.inputListHash)).count == 1)
        for selection in selections {
            #expect(selection.inputCount == 20)
            for input in selection.inputs { #expect(all[selection.positions[input.id]!] == input) }
            let positions = selection.inputs.map { selection.positions[$0.id]! }
            #expect(positions == positions.sorted())
        }
    }
}

@Suite struct LatencyDistributionTests {
    static func distribution(_ values: [UInt64], stage: String = "s") throws -> LatencyDistribution {
        let counts = Dictionary(grouping: values, by: { $0 }).mapValues { UInt64($0.count) }
        return LatencyDistribution(stage: stage, buckets: counts.keys.sorted().map { [$0, counts[$0]!] })
    }

    @Test func mergedPercentilesAreThoseOfAllTheValues() throws {
        // 1 ms … 100 ms: p50 50 ms, p95 95 ms, p99 99 ms, max 100 ms (to 1%).
        let all = (1...100).map { UInt64($0) * 1_000_000 }
        let whole = try Self.distribution(all)
        let parts = try [all.filter { $0 % 3_000_000 == 0 }, all.filter { $0 % 3_000_000 == 1_000_000 },
                         all.filter { $0 % 3_000_000 == 2_000_000 }].map { try Self.distribution($0) }
        let merged = LatencyDistribution.merged(parts, stage: "s")
        // Stored buckets are read back at their highest equivalent value: compare like with like.
        #expect(merged.percentiles == LatencyDistribution.merged([whole], stage: "s").percentiles)
        #expect(abs(merged.percentiles.p50 - 50) <= 0.5)
        #expect(abs(merged.percentiles.p95 - 95) <= 1)
        #expect(abs(merged.percentiles.max - 100) <= 1)
        // Far from any single part's own percentiles.
        #expect(parts[0].percentiles.max != merged.percentiles.max || parts[1].percentiles.max != merged.percentiles.max)
    }

    @Test func anEmptyDistributionHasZeroPercentilesAndMergesAway() throws {
        #expect(LatencyDistribution(stage: "s").percentiles == StageMetrics.Latency())
        let one = try Self.distribution([2_000_000, 4_000_000])
        #expect(LatencyDistribution.merged([one, LatencyDistribution(stage: "s")], stage: "s")
                    == LatencyDistribution.merged([one], stage: "s"))
    }

    @Test func aRunKeepsItsStagesLatencies() throws {
        let stage = PipelineStage(name: "slow", use: "slow", stage: SleepingStage(setup: StageSetup(options: .init(), instanceName: "slow")))
        let runner = PipelineRunner(stages: [stage], documentsInFlight: 4, jobs: 2)
        let units = (0..<6).map { index in
            InputUnit(id: "\(index)", source: "\(index)") { Document(id: "\(index)", source: "\(index)", text: "x") }
        }
        _ = runner.run(ListInputSource(units)) { _, _ in }
        let latencies = runner.latenciesOfLastRun()
        #expect(latencies.map(\.stage) == ["slow"])
        #expect(latencies[0].buckets.map { $0[1] }.reduce(0, +) == 6)
        #expect(latencies[0].percentiles.p50 >= 1.9, "\(latencies[0].percentiles)")
    }
}

/// Takes 2 ms a document.
struct SleepingStage: Stage {
    static let descriptor = StageDescriptor(name: "slow", summary: "Sleeps 2 ms.", options: [])
    init(setup: StageSetup) {}
    func process(_ document: inout Document) throws -> Disposition {
        usleep(2000)
        return .keep
    }
}
