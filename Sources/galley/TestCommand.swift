import ArgumentParser
import Foundation
import GalleyConfig
import GalleyCore
import GalleyStages
import GalleyTesting
import Logging

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Runs pipeline tests written as data (cases of input text and expectations).",
        discussion: """
            Each FILE is a YAML file with 'cases:' (a folder means every .yaml and .yml file in it). \
            A case without 'stages:' runs the stages of the pipeline file (--config) except export. \
            Exit codes: 0 every case passed; 1 a case failed; 2 a test file or the pipeline is invalid. \
            See docs/testing-pipelines.md.
            """)

    @Argument(help: "Test files or folders of test files.")
    var files: [String]

    @Option(name: .long, help: "The pipeline whose stages run when a case omits 'stages:'.")
    var config: String = "pipeline.yaml"

    func run() throws {
        LoggingSetup.bootstrap(level: .warning)
        let logger = Logger(label: "galley")
        let catalog = BuiltinStages.catalog
        let paths: [String]
        do {
            paths = try TestFiles.expand(files)
        } catch {
            printError("error: \(error)")
            throw ExitCodes.configuration
        }
        let parser = PipelineTestParser(catalog: catalog)
        var parsed: [PipelineTestFile] = []
        var invalid = false
        for path in paths {
            do {
                parsed.append(try parser.parse(file: URL(fileURLWithPath: path), name: path))
            } catch {
                Diagnostics.report(error)
                invalid = true
            }
        }
        if invalid { throw ExitCodes.configuration }
        let runner = PipelineTestRunner(catalog: catalog, pipelineFile: URL(fileURLWithPath: config),
                                        pipelineName: config, logger: logger)
        var results: [PipelineTestResult] = []
        for file in parsed {
            do {
                results.append(try runner.run(file))
            } catch {
                Diagnostics.report(error)
                invalid = true
            }
        }
        if invalid { throw ExitCodes.configuration }
        StandardStream.output.write(Data(PipelineTestReport.render(results).utf8))
        if results.contains(where: { $0.failed > 0 }) { throw ExitCode.failure }
    }
}
