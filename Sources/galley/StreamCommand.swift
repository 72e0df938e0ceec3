import ArgumentParser
import Foundation
import GalleyConfig
import GalleyCore
import GalleyRunner
import GalleyStages
import Logging

struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Reads JSON Lines {\"id\", \"text\"} on stdin and writes one document JSON a line on stdout.",
        discussion: "Stages that write files (export) are left out. Logs go to stderr only.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "Worker threads (default: one per core).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Also write the run's metrics (as in metrics.json) to this file when the stream ends.",
        valueName: "path"))
    var metrics: String?

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        LoggingSetup.bootstrap(level: .warning)
        let logger = Logger(label: "galley")
        let configuration: PipelineConfiguration
        let stages: [PipelineStage]
        do {
            configuration = try PipelineLoader(catalog: BuiltinStages.catalog).load(file: options.url, checkInputs: false)
            stages = try PipelineBuilder.build(configuration, catalog: BuiltinStages.catalog, mode: .stream,
                                               logger: logger, fileName: options.config)
        } catch {
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }
        let stream = StreamRun(stages: stages, documentsInFlight: configuration.concurrency.documents,
                               jobs: jobs ?? configuration.concurrency.jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                               maxLineBytes: configuration.input.maxBytes, bytesInFlight: configuration.concurrency.bytes)
        let result = stream.run(logger: logger)
        logger.info("\(MetricsReport.summaryLine(result))")
        if let metrics {
            let file = MetricsFile(run: result, exitCode: 0, lastSuccess: nil, lastSuccessDuration: nil)
            do {
                try OutputFile.write(try GalleyJSON.prettyEncoder().encode(file) + Data("\n".utf8),
                                     to: URL(fileURLWithPath: metrics))
            } catch {
                logger.error("cannot write the metrics to \(metrics): \(error)")
                throw ExitCode.failure
            }
        }
    }
}
