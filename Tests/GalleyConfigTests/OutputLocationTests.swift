import Foundation
import GalleyConfig
import GalleyCore
import Testing

/// Issue 19, defect 5: output folders that would lose or multiply data are rejected with a
/// message, by `galley validate` and `galley run` alike (both load through here).
@Suite struct OutputLocationTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in/nested"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("alias").path, withDestinationPath: "in")
    }

    func problems(output: String, overrides: PipelineLoader.Overrides? = nil, environment: [String: String] = [:]) -> [String] {
        let yaml = "input:\n  paths: [in]\noutput:\n  dir: \(output)\nstages:\n  - use: summarize\n"
        let loader = PipelineLoader(catalog: StageCatalog([ProbeStage.self]), environment: environment)
        do {
            _ = try loader.load(text: yaml, fileName: "pipeline.yaml", file: folder.appendingPathComponent("pipeline.yaml"),
                                baseDirectory: folder, overrides: overrides ?? .init(workingDirectory: folder))
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func acceptsAFolderBesideTheInputs() {
        #expect(problems(output: "out").isEmpty)
    }

    @Test func rejectsTheInputFolderAndFoldersInsideIt() {
        #expect(problems(output: "in").contains { $0.hasPrefix("pipeline.yaml:4:8: error: output.dir: ") && $0.contains("is the input folder") })
        #expect(problems(output: "in/nested/out").contains { $0.contains("inside the input folder") })
        #expect(problems(output: "alias/out").contains { $0.contains("inside the input folder") }, "a symlink hides it")
    }

    @Test func rejectsTheRootAndTheHomeFolder() {
        #expect(problems(output: "/").contains { $0.contains("root folder") })
        #expect(problems(output: "real/../..//../../../../../../../..").contains { $0.contains("root folder") })
        #expect(problems(output: "home", environment: ["HOME": folder.appendingPathComponent("home").path]).contains { $0.contains("home folder") })
    }

    @Test func rejectsAnEmptyOutputOnTheCommandLineOrInTheFile() {
        #expect(problems(output: "out", overrides: .init(output: "", workingDirectory: folder))
            .contains { $0.hasPrefix("--output") && $0.contains("empty") })
        #expect(problems(output: "\"\"").contains { $0.contains("empty") })
        #expect(problems(output: "\"${UNSET:-}\"").contains { $0.contains("empty") })
    }

    @Test func rejectsAnUnterminatedVariable() {
        #expect(problems(output: "\"${OUT\"", environment: ["OUT": "x"]).contains { $0.contains("no closing '}'") })
    }
}
