import ArgumentParser
import Foundation
import GalleyConfig
import GalleyCore
import GalleyRunner
import GalleyStages
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the pipeline over the inputs and writes the outputs.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "An input file or folder instead of input.paths (repeatable).")
    var input: [String] = []

    @Option(name: .long, help: "The output folder instead of output.dir.")
    var output: String?

    @Option(name: .long, help: "Worker threads (default: one per core).")
    var jobs: Int?

    @Flag(name: .long, help: "Process every input again, even unchanged ones.")
    var force = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        LoggingSetup.bootstrap()
        let logger = Logger(label: "galley")
        let loader = PipelineLoader(catalog: BuiltinStages.catalog)
        let configuration: PipelineConfiguration
        let stages: [PipelineStage]
        do {
            configuration = try loader.load(file: options.url, overrides: .init(inputs: input, output: output))
            stages = try PipelineBuilder.build(configuration, catalog: BuiltinStages.catalog, mode: .batch,
                                               logger: logger, fileName: options.config)
        } catch {
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }
        let inputs = InputDiscovery.discover(paths: configuration.input.paths, include: configuration.input.include,
                                             exclude: configuration.input.exclude)
        if inputs.isEmpty {
            logger.warning("no input files found in \(configuration.input.paths.map(\.path).joined(separator: ", "))")
        }
        let batch = BatchRun(configuration: configuration, stages: stages, jobs: jobs, logger: logger)
        let result = batch.run(inputs: inputs)
        printError(MetricsReport.table(result.metrics))
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
