import Foundation
import GalleyConfig
import GalleyCore
import Logging
import Synchronization

/// `galley run`: decides which inputs need processing (incremental runs), drives them through
/// the pipeline, quarantines failures in `output/failed/`, keeps the manifest, and writes
/// `metrics.json`, `metrics.prom` and a line of `runs.jsonl`.
///
/// Take the output folder's ``RunLock`` before building the stages and calling ``run(inputs:)``.
public final class BatchRun: Sendable {
    public let configuration: PipelineConfiguration
    public let stages: [PipelineStage]
    public let jobs: Int
    public let force: Bool
    public let logger: Logger
    public let runner: PipelineRunner
    /// The fingerprint of the pipeline and the Galley version: when it changes, every input is
    /// processed again.
    public let fingerprint: String
    /// The part of the inputs this run is, with `galley run --shard`; nil for all of them.
    public let shard: ShardSelection?
    private let stopSignal = Atomic<Int32>(0)

    /// What a finished run reports.
    public struct Result: Sendable {
        public var metrics: RunMetrics
        public var failures: [FailureRecord]
        /// Inputs of earlier runs that have disappeared.
        public var removed: [String]
        /// 0 every document processed, 3 some failed, 1 the run itself failed, 130/143 stopped.
        public var exitCode: Int32
    }

    public init(configuration: PipelineConfiguration, stages: [PipelineStage], jobs: Int?, force: Bool = false,
                version: String, logger: Logger, shard: ShardSelection? = nil) {
        self.configuration = configuration
        self.shard = shard
        self.stages = stages
        self.jobs = jobs ?? configuration.concurrency.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        self.force = force
        self.logger = logger
        fingerprint = StableHash.hex(of: Data("\(version)\n\(configuration.fingerprint)".utf8))
        runner = PipelineRunner(stages: stages, documentsInFlight: configuration.concurrency.documents, jobs: self.jobs,
                                bytesInFlight: configuration.concurrency.bytes)
    }

    /// Stops taking new documents because of `signal`; those in flight finish and the run
    /// writes its results, then exits 128 + `signal`.
    public func requestStop(signal: Int32) {
        stopSignal.store(signal, ordering: .relaxed)
        runner.requestStop()
    }

    /// Removes temporary files that killed runs left behind in the output folder (those of
    /// other processes: with the run lock held, they are dead).
    public static func removeLeftovers(in output: URL) {
        let fileManager = FileManager.default
        let own = ".tmp-\(getpid())-"
        for folder in [output, output.appendingPathComponent("docs"), output.appendingPathComponent("failed"),
                       output.appendingPathComponent("markdown")] {
            guard let names = try? fileManager.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names where name.hasPrefix(".") && name.contains(".tmp-") && !name.contains(own) {
                try? fileManager.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    public func run(inputs: [InputFile]) -> Result {
        run(InputScan(files: inputs, unreadable: [], notices: []))
    }

    /// Runs the inputs `scan` found. Folders it could not read are failures of the run (exit 3),
    /// and the outputs of earlier inputs under them are kept whatever `output.prune` says.
    /// A run that found no inputs at all where earlier runs had some prunes nothing unless
    /// `pruneWithoutInputs` (a folder that vanished or was mounted elsewhere must not cost
    /// every output).
    public func run(_ scan: InputScan, pruneWithoutInputs: Bool = false) -> Result {
        let inputs = scan.files
        let output = configuration.output.directory
        let failedFolder = output.appendingPathComponent("failed")
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        Self.removeLeftovers(in: output)
        ShardRecord.remove(in: output)
        for notice in scan.notices { logger.notice("\(notice)") }

        var manifest = Manifest.load(from: output)
        let foreign = manifest.inputs.keys.filter { !DocumentID.isSafe($0) }.sorted()
        if !foreign.isEmpty {
            logger.warning("\(Manifest.url(in: output).path) has \(foreign.count) entries whose ids are not safe file names (\(foreign.prefix(3).map { "'\($0)'" }.joined(separator: ", "))); they are dropped and nothing is removed or written for them")
            for id in foreign { manifest.inputs.removeValue(forKey: id) }
        }
        let readHashes = InputHashes()
        let plan = plan(inputs, manifest: manifest, output: output, readHashes: readHashes)
        let current = Set(inputs.map(\.id))
        var removed = manifest.inputs.keys.filter { !current.contains($0) }.sorted()
        var prune = configuration.output.prune
        if !scan.unreadable.isEmpty {
            let unknown = removed.filter { id in
                let source = manifest.inputs[id]?.source ?? ""
                return scan.unreadable.contains { source == $0.source || source.hasPrefix($0.source + "/") }
            }
            removed.removeAll { unknown.contains($0) }
        }
        if prune && inputs.isEmpty && scan.unreadable.isEmpty && !removed.isEmpty && !pruneWithoutInputs {
            logger.warning("this run found no inputs, where earlier runs had \(removed.count); their outputs are kept (run with --prune-without-inputs to remove them)")
            prune = false
        }
        if !removed.isEmpty {
            if prune {
                logger.info("\(removed.count) inputs have disappeared; removing their outputs")
            } else if configuration.output.prune == prune {
                logger.notice("\(removed.count) inputs have disappeared since an earlier run (their outputs are kept; set output.prune: true to remove them): \(removed.prefix(5).joined(separator: ", "))\(removed.count > 5 ? ", …" : "")")
            }
        }

        let unreadableFailures = scan.unreadable.map { folder in
            FailureRecord(id: DocumentIdentifiers.safeName(forRelativePath: folder.source), source: folder.source,
                          stage: "read",
                          error: "cannot read \(folder.source): \(folder.reason); the outputs of inputs under it are kept")
        }
        for failure in unreadableFailures {
            logger.error("\(failure.source): failed at read: \(failure.error)")
            do {
                try Self.quarantine(failure, document: nil, in: failedFolder)
            } catch {
                logger.error("cannot write the quarantine file of \(failure.id): \(error)")
            }
        }

        // Quarantine files of earlier runs, read once: a document that succeeds now loses its
        // own, without a look into failed/ for every document.
        let earlierFailures = Set((try? FileManager.default.contentsOfDirectory(atPath: failedFolder.path)) ?? [])
        let journal = try? Journal(folder: output)
        let failures = Mutex<[FailureRecord]>([])
        let logger = self.logger
        let fingerprint = self.fingerprint
        let entries = Dictionary(uniqueKeysWithValues: plan.units.map { ($0.unit.id, $0) })
        // New and changed inputs first, unchanged ones replayed after: a run resumed after a
        // kill makes progress on unfinished work from its first second instead of replaying
        // every finished document first. Outputs kept in input order are put back in it
        // (`RunSummary.inputOrder`).
        let fresh = plan.units.filter { $0.unit.replay == nil }
        let replays = plan.units.filter { $0.unit.replay != nil }
        let firstReplay = plan.units.firstIndex { $0.unit.replay != nil } ?? plan.units.count
        let lastFresh = plan.units.lastIndex { $0.unit.replay == nil } ?? -1
        let reordered = firstReplay < lastFresh
        let units = (reordered ? fresh + replays : plan.units).map(\.unit)
        let startSkipped = plan.skippedWithoutReplay

        let metricsWithoutSkips = runner.run(ListInputSource(units)) { _, outcome in
            func record(_ id: String, status: String?) {
                guard let planned = entries[id] else { return }
                guard let status else {
                    journal?.append(JournalRecord(id: id, entry: nil))
                    return
                }
                let hash = planned.hash ?? readHashes.hash(of: id) ?? ""
                journal?.append(JournalRecord(id: id, entry: Manifest.Entry(
                    source: planned.file.source, hash: hash, size: planned.state?.size ?? 0,
                    modified: planned.state?.modified ?? 0, pipeline: fingerprint, status: status)))
            }
            switch outcome {
            case .succeeded(let document):
                if earlierFailures.contains(document.id + ".json"),
                   let stale = try? OutputPath.file(document.id + ".json", in: "failed", of: output),
                   FileManager.default.fileExists(atPath: stale.path) {
                    try? FileManager.default.removeItem(at: stale)
                }
                record(document.id, status: "ok")
            case .replayed:
                break
            case .dropped(let id, _, let stage, let reason):
                logger.info("dropped \(id) at \(stage): \(reason)")
                record(id, status: "dropped")
            case .failed(let failure, let document):
                logger.error("\(failure.source): failed at \(failure.stage): \(failure.error)")
                failures.withLock { $0.append(failure) }
                record(failure.id, status: nil)
                do {
                    try Self.quarantine(failure, document: document, in: failedFolder)
                } catch {
                    logger.error("cannot write the quarantine file of \(failure.id): \(error)")
                }
            }
        }
        let journaled = journal?.close() ?? []

        var metrics = metricsWithoutSkips
        metrics.skipped += startSkipped
        metrics.documents += startSkipped
        metrics.removed = removed.count
        let signal = stopSignal.load(ordering: .relaxed)
        metrics.interrupted = signal != 0
        let failureList = unreadableFailures + failures.withLock { $0 }
        metrics.failed += unreadableFailures.count
        var exitCode: Int32 = failureList.isEmpty ? 0 : 3

        // Fold this run into the manifest: what the run started from (the manifest and the
        // journal of an unfinished run, as loaded above) and what it journaled since. Nothing
        // else writes to the folder while the run holds its lock.
        for record in journaled { manifest.apply(record) }
        for id in foreign { manifest.inputs.removeValue(forKey: id) }
        if prune {
            for id in removed { manifest.inputs.removeValue(forKey: id) }
        }
        do {
            try manifest.save(to: output)
        } catch {
            logger.error("cannot write the manifest: \(error)")
            exitCode = 1
        }

        let summary = RunSummary(metrics: metrics, failures: failureList, outputDirectory: output,
                                 stageNames: stages.map(\.name),
                                 removedDocumentIDs: prune ? removed : [],
                                 interrupted: signal != 0, shard: shard?.shard,
                                 inputOrder: reordered ? plan.units.map(\.unit.id) : [])
        if prune {
            for id in removed {
                for folder in ["docs", "failed"] {
                    guard let url = try? OutputPath.file(id + ".json", in: folder, of: output) else { continue }
                    try? FileManager.default.removeItem(at: url)
                }
            }
        }
        for stage in stages {
            do {
                try stage.stage.finish(summary)
            } catch {
                logger.error("stage \(stage.name) could not finish the run: \(StageError.describe(error))")
                exitCode = 1
            }
        }
        if signal != 0 { exitCode = 128 + signal }
        do {
            try writeMetrics(metrics, exitCode: exitCode)
        } catch {
            logger.error("cannot write the metrics: \(error)")
            if signal == 0 { exitCode = 1 }
        }
        if let shard, signal == 0, exitCode == 0 || exitCode == 3 {
            let record = ShardRecord(selection: shard, pipeline: fingerprint, failures: failureList,
                                     latency: runner.latenciesOfLastRun())
            do {
                try record.save(in: output)
            } catch {
                logger.error("cannot write the shard record: \(error)")
                exitCode = 1
            }
        }
        return Result(metrics: metrics, failures: failureList, removed: removed, exitCode: exitCode)
    }

    // MARK: - Planning

    struct PlannedInput {
        var file: InputFile
        var unit: InputUnit
        var state: InputState?
        /// The hash of the input's bytes, when planning needed it to compare the input with the
        /// manifest; otherwise it is taken when the input is read (``InputHashes``).
        var hash: String?
    }

    struct Plan {
        var units: [PlannedInput]
        /// Unchanged inputs that an earlier run dropped: nothing to process or replay.
        var skippedWithoutReplay: Int
    }

    /// Decides for every input whether it is processed, or unchanged and replayed from its
    /// stored result (`docs/<id>.json`) through the output stages only.
    func plan(_ inputs: [InputFile], manifest: Manifest, output: URL, readHashes: InputHashes) -> Plan {
        let maxBytes = configuration.input.maxBytes
        var units: [PlannedInput] = []
        var skipped = 0
        let docs = output.appendingPathComponent("docs", isDirectory: true)
        for file in inputs {
            let state = InputState(path: file.path)
            var hash: String?
            var unchanged = false
            if !force, let previous = manifest.inputs[file.id], previous.pipeline == fingerprint,
               previous.source == file.source, let state {
                if previous.size == state.size && previous.modified == state.modified {
                    unchanged = true
                    hash = previous.hash
                } else if let data = try? Data(contentsOf: file.url) {
                    hash = StableHash.hex(of: data)
                    unchanged = hash == previous.hash
                }
                if unchanged && previous.status == "dropped" {
                    skipped += 1
                    continue
                }
            }
            var replay: (@Sendable () throws -> Document)?
            if unchanged {
                // Only an unchanged input needs its stored result's URL (each one costs a parse).
                let stored = docs.appendingPathComponent(file.id + ".json", isDirectory: false)
                if FileManager.default.fileExists(atPath: stored.path) {
                    replay = { @Sendable in try JSONDecoder().decode(Document.self, from: Data(contentsOf: stored)) }
                }
            }
            let unit = InputUnit(id: file.id, source: file.source, bytes: state?.size ?? 0, replay: replay) {
                try Self.read(file, maxBytes: maxBytes) { readHashes.record($0, for: file.id) }
            }
            units.append(PlannedInput(file: file, unit: unit, state: state, hash: hash))
        }
        return Plan(units: units, skippedWithoutReplay: skipped)
    }

    /// Reads and decodes one input file, telling `hashed` the hash of its bytes.
    static func read(_ file: InputFile, maxBytes: Int, hashed: (String) -> Void = { _ in }) throws -> Document {
        let data: Data
        if let read = try InputBytes.read(file.path, maxBytes: maxBytes) {
            data = read
        } else {
            // What POSIX calls could not read goes through Foundation, for its messages.
            if let size = InputState(path: file.path)?.size, size > maxBytes {
                throw InputBytes.tooLarge(size, maxBytes: maxBytes)
            }
            do {
                data = try Data(contentsOf: file.url)
            } catch {
                throw StageError("cannot read the file: \(error.localizedDescription)")
            }
        }
        hashed(StableHash.hex(of: data))
        let decoded = try InputDecoding.decode(data)
        var document = Document(id: file.id, source: file.source, text: decoded.text)
        if decoded.invalidSequences > 0 {
            document.metadata.count("input.invalid_utf8", by: decoded.invalidSequences)
        }
        return document
    }

    static func quarantine(_ record: FailureRecord, document: Document?, in folder: URL) throws {
        let entry = OrderedJSON.object([
            ("id", .string(record.id)), ("source", .string(record.source)),
            ("stage", .string(record.stage)), ("error", .string(record.error)),
            ("document", document?.orderedJSON ?? .null),
        ])
        let url = try OutputPath.file(record.id + ".json", in: folder.lastPathComponent,
                                      of: folder.deletingLastPathComponent())
        try OutputFile.write(Data((entry.serialized(pretty: true) + "\n").utf8), to: url)
    }

    // MARK: - Metrics

    func writeMetrics(_ metrics: RunMetrics, exitCode: Int32) throws {
        try Self.writeMetrics(metrics, exitCode: exitCode, in: configuration.output.directory)
    }

    /// Writes `metrics.json` and `metrics.prom` (each replaced whole, or left as it was) and
    /// appends the run to `runs.jsonl`; a run that did not succeed keeps the last success's time.
    /// `galley merge` writes the merged run's metrics through this too.
    static func writeMetrics(_ metrics: RunMetrics, exitCode: Int32, in output: URL) throws {
        let jsonURL = output.appendingPathComponent("metrics.json")
        var lastSuccess: (Date, Double)?
        if exitCode == 0 {
            lastSuccess = (metrics.end, metrics.wallSeconds)
        } else if let previous = try? Data(contentsOf: jsonURL),
                  let old = try? GalleyJSON.decoder().decode(PreviousSuccess.self, from: previous),
                  let timestamp = old.lastSuccess {
            lastSuccess = (timestamp, old.lastSuccessDuration ?? 0)
        }
        let file = MetricsFile(run: metrics, exitCode: exitCode, lastSuccess: lastSuccess?.0, lastSuccessDuration: lastSuccess?.1)
        let encoder = GalleyJSON.prettyEncoder()
        try OutputFile.write(try encoder.encode(file) + Data("\n".utf8), to: jsonURL)
        try OutputFile.write(Data(MetricsReport.prometheus(metrics, lastSuccess: lastSuccess).utf8),
                             to: output.appendingPathComponent("metrics.prom"))
        // The run history: one line a run, appended.
        var line = try GalleyJSON.compactEncoder().encode(file)
        line.append(0x0A)
        let history = output.appendingPathComponent("runs.jsonl")
        if !FileManager.default.fileExists(atPath: history.path) {
            _ = FileManager.default.createFile(atPath: history.path, contents: nil)
        }
        do {
            let handle = try FileHandle(forWritingTo: history)
            defer { try? handle.close() }
            let end = try handle.seekToEnd()
            do {
                try handle.write(contentsOf: line)
            } catch {
                // No half line: the history keeps only whole runs.
                try? handle.truncate(atOffset: end)
                throw error
            }
        } catch {
            throw StageError("cannot write \(history.path): \(OutputFile.reason(error))")
        }
    }
}

/// An input file's bytes through one `open`, one `fstat` and `read`s: the size `input.max_bytes`
/// is checked against comes from the open file itself, not from a `stat` of the path before.
enum InputBytes {
    static func tooLarge(_ size: Int, maxBytes: Int) -> StageError {
        StageError("the file has \(size) bytes, more than input.max_bytes (\(maxBytes))")
    }

    /// The bytes of the file at `path`; nil when it cannot be opened or read (the caller then
    /// reads it again to say why); throws when it has more than `maxBytes`.
    static func read(_ path: String, maxBytes: Int) throws -> Data? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        if size > maxBytes { throw tooLarge(size, maxBytes: maxBytes) }
        var data = Data(count: size + 1)
        var filled = 0
        while true {
            if filled == data.count { data.count += max(4096, data.count) }
            let count = data.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        data.count = filled
        return data
    }
}

/// The hashes of the inputs read in this run, taken from the bytes the workers read, so that
/// planning reads no file it does not have to.
final class InputHashes: Sendable {
    private let values = Mutex<[String: String]>([:])

    /// Keeps the first hash read for `id`: the input is read a second time only to rebuild a
    /// document a stage failed, and the run's record belongs to the bytes it processed.
    func record(_ hash: String, for id: String) {
        values.withLock { values in
            if values[id] == nil { values[id] = hash }
        }
    }

    func hash(of id: String) -> String? { values.withLock { $0[id] } }
}

/// The layout of `metrics.json` and of each line of `runs.jsonl`.
public struct MetricsFile: Encodable, Sendable {
    public var run: RunMetrics
    public var exitCode: Int32
    public var lastSuccess: Date?
    public var lastSuccessDuration: Double?

    public init(run: RunMetrics, exitCode: Int32, lastSuccess: Date? = nil, lastSuccessDuration: Double? = nil) {
        self.run = run
        self.exitCode = exitCode
        self.lastSuccess = lastSuccess
        self.lastSuccessDuration = lastSuccessDuration
    }

    enum CodingKeys: String, CodingKey {
        case run
        case exitCode = "exit_code"
        case lastSuccess = "last_success"
        case lastSuccessDuration = "last_success_duration_seconds"
    }
}

/// The part of an earlier `metrics.json` a run carries over.
struct PreviousSuccess: Decodable {
    var lastSuccess: Date?
    var lastSuccessDuration: Double?

    enum CodingKeys: String, CodingKey {
        case lastSuccess = "last_success"
        case lastSuccessDuration = "last_success_duration_seconds"
    }
}
