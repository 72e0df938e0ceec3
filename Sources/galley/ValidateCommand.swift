import ArgumentParser
import Foundation
import GalleyConfig
import GalleyStages

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks pipeline.yaml and reports every problem in it (exit 2 when there is one).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        do {
            let configuration = try PipelineLoader(catalog: BuiltinStages.catalog).load(file: options.url)
            printError("\(options.config): ok (\(configuration.stages.count) stages: \(configuration.stages.map(\.name).joined(separator: " → ")))")
        } catch {
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }
    }
}
