import Foundation
import GalleyStages
import GalleyTesting
import Logging
import Testing

/// Runs the repository's pipeline tests (`tests/pipeline/*.yaml`) against its `pipeline.yaml`,
/// as `galley test tests/pipeline` does, so that CI runs them.
@Suite struct RepositoryPipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var files: [String] {
        let folder = root.appendingPathComponent("tests/pipeline")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereArePipelineTests() {
        #expect(Self.files.contains("default.yaml"))
    }

    @Test(arguments: RepositoryPipelineTests.files)
    func everyCasePasses(_ name: String) throws {
        let url = Self.root.appendingPathComponent("tests/pipeline").appendingPathComponent(name)
        let file = try PipelineTestParser(catalog: BuiltinStages.catalog).parse(file: url, name: "tests/pipeline/\(name)")
        let runner = PipelineTestRunner(catalog: BuiltinStages.catalog, pipelineFile: Self.root.appendingPathComponent("pipeline.yaml"),
                                        pipelineName: "pipeline.yaml", logger: Logger(label: "galley"))
        let result = try runner.run(file)
        for testCase in result.cases where !testCase.passed {
            Issue.record("\(testCase.name)\n\(testCase.failures.map(\.description).joined(separator: "\n"))")
        }
        #expect(result.cases.count == file.cases.count)
    }
}
