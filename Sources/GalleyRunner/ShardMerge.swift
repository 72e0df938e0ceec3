import Foundation
import GalleyCore

/// `galley merge`: joins the output folders of the shards of a run (`galley run --shard I/N`)
/// into the output one run over all the inputs would have written. This type does the
/// runner's part — checking the shards belong together, the per-document files,
/// `corpus.jsonl` in input order, the manifest, the metrics with merged latency
/// distributions; the export stage's module merges what it alone knows (the database and
/// the report).
public struct ShardMerge: Sendable {
    /// One shard's output folder, as found.
    public struct Shard: Sendable {
        public var folder: URL
        public var record: ShardRecord
        public var metrics: RunMetrics
    }

    /// Shards that cannot be merged (missing, unfinished, of different runs): a usage error.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// The shards, by shard number.
    public let shards: [Shard]
    public let output: URL
    /// Every merged document's place among the run's inputs, by id.
    public let positions: [String: Int]

    /// Reads and checks the shard folders: each the output of a finished `galley run --shard`
    /// of the same pipeline over the same inputs, together every shard from 1 to N once, and
    /// none of them `output` itself.
    public init(shardFolders: [URL], output: URL) throws {
        var shards: [Shard] = []
        for folder in shardFolders {
            guard FileManager.default.fileExists(atPath: ShardRecord.url(in: folder).path) else {
                throw Problem(description: "\(folder.path) is not the output of a finished `galley run --shard` (no .galley/\(ShardRecord.fileName)); run that shard (again) first")
            }
            let record: ShardRecord
            let metrics: StoredMetrics
            do {
                record = try ShardRecord.load(from: folder)
                metrics = try GalleyJSON.decoder().decode(
                    StoredMetrics.self, from: Data(contentsOf: folder.appendingPathComponent("metrics.json")))
            } catch {
                throw Problem(description: "cannot read the shard output \(folder.path): \(error)")
            }
            shards.append(Shard(folder: folder, record: record, metrics: metrics.run))
        }
        guard let first = shards.first else { throw Problem(description: "no shard output given") }
        let outputPath = output.standardizedFileURL.resolvingSymlinksInPath().path
        for shard in shards {
            let record = shard.record
            if shard.folder.standardizedFileURL.resolvingSymlinksInPath().path == outputPath {
                throw Problem(description: "the merge's output \(output.path) is also one of the shards: merge into another folder")
            }
            if record.shard.count != first.record.shard.count {
                throw Problem(description: "\(shard.folder.path) is shard \(record.shard) but \(first.folder.path) is shard \(first.record.shard): shards of different runs")
            }
            if record.pipeline != first.record.pipeline {
                throw Problem(description: "\(shard.folder.path) was run with another pipeline (or Galley version) than \(first.folder.path)")
            }
            if record.inputCount != first.record.inputCount || record.inputListHash != first.record.inputListHash {
                throw Problem(description: "\(shard.folder.path) saw other inputs (\(record.inputCount)) than \(first.folder.path) (\(first.record.inputCount)): run every shard over the same inputs")
            }
        }
        let count = first.record.shard.count
        let byIndex = Dictionary(grouping: shards, by: \.record.shard.index)
        if let twice = byIndex.first(where: { $0.value.count > 1 }) {
            throw Problem(description: "shard \(twice.key)/\(count) is given twice: \(twice.value.map(\.folder.path).joined(separator: ", "))")
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw Problem(description: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", "))")
        }
        self.shards = shards.sorted { $0.record.shard.index < $1.record.shard.index }
        self.output = output
        var positions: [String: Int] = [:]
        for shard in shards {
            for input in shard.record.inputs { positions[input.id] = input.position }
        }
        self.positions = positions
    }

    struct StoredMetrics: Decodable {
        var run: RunMetrics
    }

    /// Where document `id` is in the run's input order (unknown ids last).
    public func position(of id: String) -> Int { positions[id] ?? Int.max }

    // MARK: - Files

    /// Copies each shard's `docs/<id>.json`, `markdown/<id>.md` and `failed/<id>.json` of its
    /// inputs, and removes from `output` those folders' other files (an earlier merge's).
    public func copyDocumentFiles() throws {
        let fileManager = FileManager.default
        for (folder, suffix) in [("docs", ".json"), ("markdown", ".md"), ("failed", ".json")] {
            guard shards.contains(where: { fileManager.fileExists(atPath: $0.folder.appendingPathComponent(folder).path) })
            else { continue }
            let destination = output.appendingPathComponent(folder)
            try fileManager.createDirectory(at: destination, withIntermediateDirectories: true)
            var written: Set<String> = []
            for shard in shards {
                for input in shard.record.inputs {
                    let name = input.id + suffix
                    let source = shard.folder.appendingPathComponent(folder).appendingPathComponent(name)
                    guard let data = fileManager.contents(atPath: source.path) else { continue }
                    try OutputFile.write(data, to: destination.appendingPathComponent(name))
                    written.insert(name)
                }
            }
            for name in try fileManager.contentsOfDirectory(atPath: destination.path)
            where name.hasSuffix(suffix) && !name.hasPrefix(".") && !written.contains(name) {
                try fileManager.removeItem(at: destination.appendingPathComponent(name))
            }
        }
    }

    /// Writes `corpus.jsonl` from the shards' in input order: each shard's lines are in input
    /// order already, so they are merged as they are read, never all held at once.
    public func mergeCorpus() throws {
        let parts = shards.map { $0.folder.appendingPathComponent("corpus.jsonl") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !parts.isEmpty else { return }
        let destination = output.appendingPathComponent("corpus.jsonl")
        let temporary = OutputFile.temporaryURL(for: destination)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw StageError("cannot create \(temporary.path)")
        }
        do {
            let writer = try FileHandle(forWritingTo: temporary)
            defer { try? writer.close() }
            var readers = try parts.map { try LineReader(url: $0) }
            var heads: [(position: Int, line: Data)?] = try readers.indices.map { try next(from: &readers[$0]) }
            var pending = Data()
            while let smallest = heads.indices.filter({ heads[$0] != nil }).min(by: { heads[$0]!.position < heads[$1]!.position }) {
                pending.append(heads[smallest]!.line)
                pending.append(0x0A)
                if pending.count >= 1 << 20 {
                    try writer.write(contentsOf: pending)
                    pending.removeAll(keepingCapacity: true)
                }
                heads[smallest] = try next(from: &readers[smallest])
            }
            try writer.write(contentsOf: pending)
            try writer.synchronize()
            try OutputFile.rename(temporary, to: destination)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private struct LineID: Decodable { var id: String }

    private func next(from reader: inout LineReader) throws -> (position: Int, line: Data)? {
        guard let line = try reader.next() else { return nil }
        let id = (try? JSONDecoder().decode(LineID.self, from: line))?.id ?? ""
        return (position(of: id), line)
    }

    /// Writes the manifest: every shard's entries for its inputs.
    public func mergeManifest() throws {
        var manifest = Manifest()
        for shard in shards {
            let entries = Manifest.load(from: shard.folder).inputs
            for input in shard.record.inputs {
                if let entry = entries[input.id] { manifest.inputs[input.id] = entry }
            }
        }
        try manifest.save(to: output)
    }

    // MARK: - Metrics

    /// The failures of every shard, in input order.
    public var failures: [FailureRecord] {
        shards.flatMap(\.record.failures).sorted { position(of: $0.id) < position(of: $1.id) }
    }

    /// The whole run's metrics: counts, bytes, busy and wait seconds and counters summed;
    /// latency percentiles from the shards' merged distributions; from the first shard's
    /// start to the last one's end.
    public func metrics() -> RunMetrics {
        let runs = shards.map(\.metrics)
        let start = runs.map(\.start).min()!
        let end = runs.map(\.end).max()!
        var metrics = RunMetrics(start: start, end: end)
        for run in runs {
            metrics.documents += run.documents
            metrics.succeeded += run.succeeded
            metrics.failed += run.failed
            metrics.dropped += run.dropped
            metrics.skipped += run.skipped
            metrics.removed += run.removed
            metrics.bytesRead += run.bytesRead
            for (name, value) in run.counters { metrics.counters[name, default: 0] += value }
        }
        metrics.wallSeconds = max(end.timeIntervalSince(start), runs.map(\.wallSeconds).max() ?? 0)
        metrics.documentsPerSecond = metrics.wallSeconds > 0 ? Double(metrics.documents) / metrics.wallSeconds : 0
        metrics.megabytesPerSecond = metrics.wallSeconds > 0 ? Double(metrics.bytesRead) / 1_000_000 / metrics.wallSeconds : 0
        metrics.stages = runs[0].stages.indices.map { index in
            var stage = runs[0].stages[index]
            for run in runs.dropFirst() where run.stages.indices.contains(index) {
                let other = run.stages[index]
                stage.documentsIn += other.documentsIn
                stage.documentsOut += other.documentsOut
                stage.failed += other.failed
                stage.dropped += other.dropped
                stage.bytesIn += other.bytesIn
                stage.bytesOut += other.bytesOut
                stage.busySeconds += other.busySeconds
                stage.waitSeconds += other.waitSeconds
            }
            let distributions = shards.compactMap { $0.record.latency.indices.contains(index) ? $0.record.latency[index] : nil }
            stage.latencyMilliseconds = LatencyDistribution.merged(distributions, stage: stage.stage).percentiles
            return stage
        }
        return metrics
    }

    /// Writes `metrics.json` and `metrics.prom` and appends to `runs.jsonl`, as a run does.
    public func writeMetrics(_ metrics: RunMetrics, exitCode: Int32) throws {
        try BatchRun.writeMetrics(metrics, exitCode: exitCode, in: output)
    }
}

/// Reads a file a line at a time (without the newline), a megabyte at a time.
struct LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false

    init(url: URL) throws { handle = try FileHandle(forReadingFrom: url) }

    mutating func next() throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return Data(line)
            }
            if finished {
                defer { buffer.removeAll() }
                return buffer.isEmpty ? nil : Data(buffer)
            }
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                buffer.append(chunk)
            } else {
                finished = true
                try handle.close()
            }
        }
    }
}
