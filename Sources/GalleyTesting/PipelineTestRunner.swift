import Foundation
import GalleyConfig
import GalleyCore
import GalleyRunner
import Logging

/// Runs the cases of pipeline test files and checks their expectations.
///
/// Every stage is built before any case runs, so a stage that cannot start (or a broken
/// `pipeline.yaml` for cases that omit `stages:`) is reported as a configuration problem.
/// Stages run in `.test` mode: nothing is written to disk.
public struct PipelineTestRunner: Sendable {
    public var catalog: StageCatalog
    /// The pipeline whose stages (without those that write files) run when a case omits `stages:`.
    public var pipelineFile: URL
    /// How `pipelineFile` is named in messages.
    public var pipelineName: String
    public var logger: Logger

    public init(catalog: StageCatalog, pipelineFile: URL, pipelineName: String, logger: Logger) {
        self.catalog = catalog
        self.pipelineFile = pipelineFile
        self.pipelineName = pipelineName
        self.logger = logger
    }

    /// A stage ready to run, with its name for messages.
    struct BuiltStage {
        var name: String
        var stage: any Stage
    }

    /// Builds the stages of every case, then runs the cases in order.
    public func run(_ file: PipelineTestFile) throws(ConfigurationError) -> PipelineTestResult {
        var diagnostics: [Diagnostic] = []
        var pipelineStages: [BuiltStage]?
        var plans: [(PipelineTestCase, [BuiltStage])] = []
        for testCase in file.cases {
            if let references = testCase.stages {
                var built: [BuiltStage] = []
                for reference in references {
                    guard let type = catalog.type(named: reference.use) else { continue }
                    let setup = StageSetup(
                        options: StageOptions(specs: type.descriptor.options, values: reference.options),
                        instanceName: reference.use, baseDirectory: file.baseDirectory, mode: .test, logger: logger)
                    if let stage = PipelineBuilder.start(type, setup: setup, file: file.name, line: reference.line,
                                                         column: reference.column, diagnostics: &diagnostics) {
                        built.append(BuiltStage(name: reference.use, stage: stage))
                    }
                }
                plans.append((testCase, built))
            } else {
                if pipelineStages == nil {
                    do {
                        pipelineStages = try loadPipeline()
                    } catch {
                        diagnostics.append(Diagnostic(
                            file: file.name, line: testCase.line, column: testCase.column,
                            message: "case '\(testCase.name)' runs the stages of \(pipelineName), which has problems:"))
                        diagnostics.append(contentsOf: error.diagnostics)
                        pipelineStages = []
                    }
                }
                plans.append((testCase, pipelineStages ?? []))
            }
        }
        if !diagnostics.isEmpty { throw ConfigurationError(diagnostics) }
        let results = plans.map { testCase, stages in run(testCase, stages: stages, file: file) }
        return PipelineTestResult(file: file.name, cases: results)
    }

    private func loadPipeline() throws(ConfigurationError) -> [BuiltStage] {
        let loader = PipelineLoader(catalog: catalog)
        let configuration = try loader.load(file: pipelineFile, checkInputs: false)
        return try PipelineBuilder.build(configuration, catalog: catalog, mode: .test, logger: logger, fileName: pipelineName)
            .map { BuiltStage(name: $0.name, stage: $0.stage) }
    }

    private func run(_ testCase: PipelineTestCase, stages: [BuiltStage], file: PipelineTestFile) -> CaseResult {
        var document = Document(id: testCase.id, source: "\(file.name):\(testCase.line)", text: testCase.input,
                                language: testCase.language)
        let location = "\(file.name):\(testCase.line):\(testCase.column)"
        var result = CaseResult(name: testCase.name, location: location, stages: stages.map(\.name), failures: [])
        for built in stages {
            do {
                if case .drop(let reason) = try built.stage.process(&document) {
                    if testCase.dropped != true {
                        result.failures.append(Failure(location: location,
                                                       summary: "the document was dropped by stage '\(built.name)': \(reason)",
                                                       details: ["expected it to be kept (write 'dropped: true' if the drop is intended)"]))
                    }
                    return result
                }
            } catch {
                result.failures.append(Failure(location: location,
                                               summary: "stage '\(built.name)' failed: \(StageError.describe(error))", details: []))
                return result
            }
        }
        if testCase.dropped == true {
            result.failures.append(Failure(location: location, summary: "expected a stage to drop the document, but it was kept",
                                           details: ["stages run: \(stages.map(\.name).joined(separator: " → "))"]))
            return result
        }
        document.materializeSections()
        let json = document.orderedJSON
        for expectation in testCase.expectations {
            if let failure = ExpectationCheck.check(expectation, in: json, file: file.name) {
                result.failures.append(failure)
            }
        }
        return result
    }
}

/// The outcome of one file.
public struct PipelineTestResult: Sendable {
    public var file: String
    public var cases: [CaseResult]

    public var passed: Int { cases.filter(\.passed).count }
    public var failed: Int { cases.count - passed }
}

/// The outcome of one case.
public struct CaseResult: Sendable {
    public var name: String
    /// `FILE:LINE:COLUMN` of the case.
    public var location: String
    public var stages: [String]
    public var failures: [Failure]

    public var passed: Bool { failures.isEmpty }
}

/// One failed expectation: where it is, what went wrong, and the lines that show it.
public struct Failure: Sendable, CustomStringConvertible {
    public var location: String
    public var summary: String
    public var details: [String]

    public var description: String {
        ([location + ": " + summary] + details.map { "    " + $0 }).joined(separator: "\n")
    }
}
