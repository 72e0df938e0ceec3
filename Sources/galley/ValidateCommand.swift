import ArgumentParser
import Foundation
import GalleyConfig
import GalleyRunner
import GalleyStages
import Logging

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks pipeline.yaml and reports every problem in it (exit 2 when there is one).",
        discussion: """
            Besides the file itself, every stage that writes no files is started once, so that \
            settings only a stage can check (a word list that cannot be read, a plugin program \
            that does not exist or does not answer its start-up probe) are reported too. \
            Prints "ok" on standard output when the file is valid; problems go to standard error.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "Log format on stderr: text or json (problems as JSON objects with file, line and column).")
    var logFormat: LogFormat = .text

    func run() throws {
        LoggingSetup.bootstrap(level: .warning, format: logFormat)
        let signals = PluginSignals(logger: Logger(label: "galley"))
        defer { withExtendedLifetime(signals) {} }
        do {
            let configuration = try PipelineLoader(catalog: BuiltinStages.catalog).load(file: options.url)
            _ = try PipelineBuilder.build(configuration, catalog: BuiltinStages.catalog, mode: .test,
                                          logger: Logger(label: "galley"), fileName: options.config)
            printOutput("\(options.config): ok (\(configuration.stages.count) stages: \(configuration.stages.map(\.name).joined(separator: " → ")))")
        } catch {
            signals.waitIfStopping()
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }
    }
}
