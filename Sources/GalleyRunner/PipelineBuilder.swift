import Foundation
import GalleyConfig
import GalleyCore
import Logging

/// Builds the stages a configuration names.
public enum PipelineBuilder {
    /// Builds every stage; a stage that cannot be built (an unreadable word list, say) is
    /// reported like any other configuration problem, at its line in the file. Stages that
    /// write files are left out unless `mode` is `.batch`.
    public static func build(
        _ configuration: PipelineConfiguration, catalog: StageCatalog, mode: RunMode, logger: Logger,
        fileName: String
    ) throws(ConfigurationError) -> [PipelineStage] {
        var stages: [PipelineStage] = []
        var diagnostics: [Diagnostic] = []
        for entry in configuration.stages {
            guard let type = catalog.type(named: entry.use) else {
                diagnostics.append(Diagnostic(file: fileName, line: entry.line, column: entry.column,
                                              message: "unknown stage '\(entry.use)'"))
                continue
            }
            if type.descriptor.writesOutput && mode != .batch { continue }
            var stageLogger = logger
            stageLogger[metadataKey: "stage"] = "\(entry.name)"
            let setup = StageSetup(
                options: entry.options, instanceName: entry.name,
                outputDirectory: configuration.output.directory,
                baseDirectory: configuration.baseDirectory, mode: mode, logger: stageLogger)
            if let stage = start(type, setup: setup, file: fileName, line: entry.line, column: entry.column,
                                 diagnostics: &diagnostics) {
                stages.append(PipelineStage(name: entry.name, use: entry.use, stage: stage))
            }
        }
        if !diagnostics.isEmpty { throw ConfigurationError(diagnostics) }
        return stages
    }

    /// Builds one stage; a stage that cannot start is reported at its place in `file`.
    public static func start(
        _ type: any Stage.Type, setup: StageSetup, file: String, line: Int, column: Int,
        diagnostics: inout [Diagnostic]
    ) -> (any Stage)? {
        do {
            return try type.init(setup: setup)
        } catch {
            diagnostics.append(Diagnostic(file: file, line: line, column: column,
                                          message: "stage '\(setup.instanceName)' cannot start: \(StageError.describe(error))"))
            return nil
        }
    }
}
