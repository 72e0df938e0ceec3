import ArgumentParser
import ExportStage
import Foundation
import GalleyCore
import GalleyRunner
import Logging

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Joins the outputs of `galley run --shard I/N` into one, as one run would have written it.",
        discussion: """
            Give every shard's output folder, 1 to N, each from a finished run of the same pipeline \
            over the same inputs. OUTPUT gets docs/, markdown/ and failed/, corpus.jsonl in input \
            order, one galley.sqlite with its search index, report.html, metrics.json and \
            metrics.prom (counts summed, latency percentiles from the merged distributions), a line \
            of runs.jsonl and one manifest.json. Exit codes as for `run`: 0, 3 when documents \
            failed, 2 when the shards cannot be merged, 75 when a run holds OUTPUT.
            """)

    @Argument(help: "The folder to write the merged output to.")
    var output: String

    @Argument(help: "The output folders of the shards.")
    var shards: [String]

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    @Option(name: .long, help: "Log format on stderr: text or json.")
    var logFormat: LogFormat = .text

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the output folder of every shard") }
    }

    func run() throws {
        LoggingSetup.bootstrap(level: quiet ? .warning : .info, format: logFormat)
        let logger = Logger(label: "galley")
        let outputURL = URL(fileURLWithPath: output)
        let merge: ShardMerge
        do {
            merge = try ShardMerge(shardFolders: shards.map { URL(fileURLWithPath: $0) }, output: outputURL)
        } catch {
            logger.error("\(error)")
            throw ExitCodes.configuration
        }
        let lock: RunLock
        do {
            lock = try RunLock(outputDirectory: outputURL)
        } catch let busy as RunLock.Busy {
            logger.error("\(busy.description)")
            throw ExitCodes.locked
        } catch {
            logger.error("cannot use the output folder \(outputURL.path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        defer { withExtendedLifetime(lock) {} }
        BatchRun.removeLeftovers(in: outputURL)

        let metrics = merge.metrics()
        let failures = merge.failures
        let exitCode: Int32 = failures.isEmpty ? 0 : 3
        let summary = RunSummary(metrics: metrics, failures: failures, outputDirectory: outputURL,
                                 stageNames: metrics.stages.map(\.stage))
        do {
            try merge.copyDocumentFiles()
            try merge.mergeCorpus()
            try merge.mergeManifest()
            let databases = merge.shards.compactMap { shard -> DatabasePart? in
                let url = shard.folder.appendingPathComponent(CorpusDatabase.fileName)
                guard FileManager.default.fileExists(atPath: url.path) else { return nil }
                return DatabasePart(url: url, positions: Dictionary(
                    uniqueKeysWithValues: shard.record.inputs.map { ($0.id, $0.position) }))
            }
            if !databases.isEmpty {
                try CorpusDatabase.merge(databases, run: summary, into: outputURL.appendingPathComponent(CorpusDatabase.fileName))
            }
            let reports = try merge.shards.compactMap { try ShardReport.load(from: $0.folder) }
            if !reports.isEmpty {
                try ShardReport.writeMerged(reports, position: merge.position(of:), run: summary, to: outputURL)
            }
            try merge.writeMetrics(metrics, exitCode: exitCode)
        } catch {
            logger.error("cannot merge into \(outputURL.path): \(error)")
            throw ExitCode.failure
        }
        if !quiet {
            if logFormat == .json {
                logger.info("merge finished", metadata: [
                    "shards": .stringConvertible(merge.shards.count), "documents": .stringConvertible(metrics.documents),
                    "succeeded": .stringConvertible(metrics.succeeded), "failed": .stringConvertible(metrics.failed),
                    "exit_code": .stringConvertible(exitCode),
                ])
            } else {
                printError(MetricsReport.table(metrics))
            }
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
