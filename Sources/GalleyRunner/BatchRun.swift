import Foundation
import GalleyConfig
import GalleyCore
import Logging
import Synchronization

/// `galley run`: discovers the inputs of a configuration, drives them through the pipeline,
/// quarantines failures in `output/failed/`, and writes `metrics.json` and `metrics.prom`.
public final class BatchRun: Sendable {
    public let configuration: PipelineConfiguration
    public let stages: [PipelineStage]
    public let jobs: Int
    public let logger: Logger
    public let runner: PipelineRunner

    /// What a finished run reports.
    public struct Result: Sendable {
        public var metrics: RunMetrics
        public var failures: [FailureRecord]
        /// 0 when every document was processed, 3 when some failed, 1 when the run itself failed.
        public var exitCode: Int32
    }

    public init(configuration: PipelineConfiguration, stages: [PipelineStage], jobs: Int?, logger: Logger) {
        self.configuration = configuration
        self.stages = stages
        self.jobs = jobs ?? configuration.concurrency.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        self.logger = logger
        runner = PipelineRunner(stages: stages, documentsInFlight: configuration.concurrency.documents, jobs: self.jobs)
    }

    /// Stops taking new documents; those in flight finish and the run writes its results.
    public func requestStop() { runner.requestStop() }

    public func run(inputs: [InputFile]) -> Result {
        let output = configuration.output.directory
        let failedFolder = output.appendingPathComponent("failed")
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let failures = Mutex<[FailureRecord]>([])
        let maxBytes = configuration.input.maxBytes
        let source = ListInputSource(inputs.map { file in
            InputUnit(id: file.id, source: file.source) { try Self.read(file, maxBytes: maxBytes) }
        })
        let logger = self.logger
        let metrics = runner.run(source) { _, outcome in
            switch outcome {
            case .succeeded(let document):
                let stale = failedFolder.appendingPathComponent(document.id + ".json")
                if FileManager.default.fileExists(atPath: stale.path) { try? FileManager.default.removeItem(at: stale) }
            case .dropped(let id, _, let stage, let reason):
                logger.info("dropped \(id) at \(stage): \(reason)")
            case .failed(let record, let document):
                logger.error("\(record.source): failed at \(record.stage): \(record.error)")
                failures.withLock { $0.append(record) }
                do {
                    try Self.quarantine(record, document: document, in: failedFolder)
                } catch {
                    logger.error("cannot write the quarantine file of \(record.id): \(error)")
                }
            }
        }
        let failureList = failures.withLock { $0 }
        var exitCode: Int32 = failureList.isEmpty ? 0 : 3
        let summary = RunSummary(metrics: metrics, failures: failureList, outputDirectory: output,
                                 stageNames: stages.map(\.name))
        for stage in stages {
            do {
                try stage.stage.finish(summary)
            } catch {
                logger.error("stage \(stage.name) could not finish the run: \(RunState.message(error))")
                exitCode = 1
            }
        }
        do {
            try writeMetrics(metrics, success: exitCode == 0)
        } catch {
            logger.error("cannot write the metrics: \(error)")
            exitCode = 1
        }
        return Result(metrics: metrics, failures: failureList, exitCode: exitCode)
    }

    /// Reads and decodes one input file.
    static func read(_ file: InputFile, maxBytes: Int) throws -> Document {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.url.path)
        if let size = attributes?[.size] as? Int, size > maxBytes {
            throw StageError("the file has \(size) bytes, more than input.max_bytes (\(maxBytes))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            throw StageError("cannot read the file: \(error.localizedDescription)")
        }
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
        try OutputFile.write(Data((entry.serialized(pretty: true) + "\n").utf8),
                             to: folder.appendingPathComponent(record.id + ".json"))
    }

    func writeMetrics(_ metrics: RunMetrics, success: Bool) throws {
        let output = configuration.output.directory
        let jsonURL = output.appendingPathComponent("metrics.json")
        var lastSuccess: (Date, Double)?
        if success {
            lastSuccess = (metrics.end, metrics.wallSeconds)
        } else if let previous = try? Data(contentsOf: jsonURL),
                  let old = try? GalleyJSON.decoder().decode(MetricsFile.self, from: previous),
                  let timestamp = old.lastSuccess {
            lastSuccess = (timestamp, old.lastSuccessDuration ?? 0)
        }
        let file = MetricsFile(run: metrics, lastSuccess: lastSuccess?.0, lastSuccessDuration: lastSuccess?.1)
        try OutputFile.write(try GalleyJSON.prettyEncoder().encode(file) + Data("\n".utf8), to: jsonURL)
        try OutputFile.write(Data(MetricsReport.prometheus(metrics, lastSuccess: lastSuccess).utf8),
                             to: output.appendingPathComponent("metrics.prom"))
    }
}

/// The layout of `metrics.json`: the run's metrics and when a run last succeeded.
public struct MetricsFile: Codable, Sendable {
    public var run: RunMetrics
    public var lastSuccess: Date?
    public var lastSuccessDuration: Double?

    enum CodingKeys: String, CodingKey {
        case run
        case lastSuccess = "last_success"
        case lastSuccessDuration = "last_success_duration_seconds"
    }
}
