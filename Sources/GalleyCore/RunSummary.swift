import Foundation

/// The metrics of one stage over a run (Vector's component metrics are the model).
public struct StageMetrics: Sendable, Codable, Hashable {
    /// The stage's name in the pipeline.
    public var stage: String
    /// The stage module (`use:`).
    public var use: String
    public var documentsIn: Int = 0
    public var documentsOut: Int = 0
    public var failed: Int = 0
    public var dropped: Int = 0
    public var bytesIn: Int = 0
    public var bytesOut: Int = 0
    /// Seconds spent inside the stage, summed over documents.
    public var busySeconds: Double = 0
    /// Seconds documents waited between the previous step and this stage, summed.
    public var waitSeconds: Double = 0
    public var latencyMilliseconds: Latency = Latency()

    public init(stage: String, use: String) {
        self.stage = stage
        self.use = use
    }

    /// Latency percentiles in milliseconds.
    public struct Latency: Sendable, Codable, Hashable {
        public var p50: Double = 0
        public var p95: Double = 0
        public var p99: Double = 0
        public var max: Double = 0
        public init(p50: Double = 0, p95: Double = 0, p99: Double = 0, max: Double = 0) {
            self.p50 = p50
            self.p95 = p95
            self.p99 = p99
            self.max = max
        }
    }

    enum CodingKeys: String, CodingKey {
        case stage, use
        case documentsIn = "documents_in"
        case documentsOut = "documents_out"
        case failed, dropped
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
        case busySeconds = "busy_seconds"
        case waitSeconds = "wait_seconds"
        case latencyMilliseconds = "latency_ms"
    }
}

/// The totals of a run, as written to `metrics.json`.
public struct RunMetrics: Sendable, Codable, Hashable {
    public var start: Date
    public var end: Date
    public var documents: Int = 0
    public var succeeded: Int = 0
    public var failed: Int = 0
    public var dropped: Int = 0
    /// Inputs not processed because an earlier run already did (incremental runs).
    public var skipped: Int = 0
    /// Inputs of earlier runs that have disappeared (their outputs are removed with `prune`).
    public var removed: Int = 0
    /// Whether the run was stopped by a signal before it took every input.
    public var interrupted: Bool = false
    public var bytesRead: Int = 0
    public var wallSeconds: Double = 0
    public var documentsPerSecond: Double = 0
    public var megabytesPerSecond: Double = 0
    public var stages: [StageMetrics] = []
    /// Numeric document metadata summed over the run (`cleanup.mojibake_fixed`, …).
    public var counters: [String: Double] = [:]

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey {
        case start, end, documents, succeeded, failed, dropped, skipped, removed, interrupted
        case bytesRead = "bytes_read"
        case wallSeconds = "wall_seconds"
        case documentsPerSecond = "documents_per_second"
        case megabytesPerSecond = "megabytes_per_second"
        case stages, counters
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(documents, forKey: .documents)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(failed, forKey: .failed)
        try container.encode(dropped, forKey: .dropped)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(removed, forKey: .removed)
        try container.encode(interrupted, forKey: .interrupted)
        try container.encode(bytesRead, forKey: .bytesRead)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(documentsPerSecond, forKey: .documentsPerSecond)
        try container.encode(megabytesPerSecond, forKey: .megabytesPerSecond)
        try container.encode(stages, forKey: .stages)
        try container.encode(JSONValue.object(counters.mapValues { .double($0) }), forKey: .counters)
    }
}

/// A document that failed, and where.
public struct FailureRecord: Sendable, Codable, Hashable {
    public var id: String
    public var source: String
    /// The stage that threw, or `read` when the input could not be decoded.
    public var stage: String
    public var error: String

    public init(id: String, source: String, stage: String, error: String) {
        self.id = id
        self.source = source
        self.stage = stage
        self.error = error
    }
}

/// What a stage's ``Stage/finish(_:)`` is told about the run.
public struct RunSummary: Sendable {
    public var metrics: RunMetrics
    public var failures: [FailureRecord]
    public var outputDirectory: URL
    /// The pipeline's stages in order (instance names).
    public var stageNames: [String]
    /// Documents whose inputs disappeared and whose outputs should be removed (`prune: true`).
    public var removedDocumentIDs: [String]
    /// True when a signal stopped the run early: outputs that describe the whole corpus
    /// (corpus.jsonl, the report) should keep their previous version.
    public var interrupted: Bool
    /// The part of a sharded run (`galley run --shard`) this run was; nil for a whole run.
    /// Stages that write outputs a merge must rebuild keep what it needs under `.galley/`.
    public var shard: ShardSpec?
    /// The ids of the run's inputs in input order, when the run processed them in another
    /// order (new and changed inputs before unchanged ones are replayed): outputs that list
    /// documents in input order (`corpus.jsonl`) put them back in it. Empty when the order
    /// the documents arrived in is the input order.
    public var inputOrder: [String]

    public init(metrics: RunMetrics, failures: [FailureRecord], outputDirectory: URL, stageNames: [String],
                removedDocumentIDs: [String] = [], interrupted: Bool = false, shard: ShardSpec? = nil,
                inputOrder: [String] = []) {
        self.shard = shard
        self.inputOrder = inputOrder
        self.metrics = metrics
        self.failures = failures
        self.outputDirectory = outputDirectory
        self.stageNames = stageNames
        self.removedDocumentIDs = removedDocumentIDs
        self.interrupted = interrupted
    }
}
