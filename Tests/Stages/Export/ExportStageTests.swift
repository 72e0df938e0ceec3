import ExportStage
import Foundation
import GalleyCore
import Testing

@Suite struct ExportStageTests {
    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("galley-export-\(UUID().uuidString)")
    }

    func makeStage(_ output: URL, formats: [String]) throws -> ExportStage {
        try ExportStage(setup: StageSetup(
            options: StageOptions(specs: ExportStage.descriptor.options,
                                  values: ["formats": .list(formats.map { .string($0) })]),
            instanceName: "export", outputDirectory: output, mode: .batch))
    }

    @Test func writesOneJSONFilePerDocumentWithSections() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try makeStage(output, formats: ["json"])
        var document = Document(id: "doc-1", source: "in/doc-1.txt", text: "正文")
        #expect(try stage.process(&document) == .keep)
        let data = try Data(contentsOf: output.appendingPathComponent("docs/doc-1.json"))
        let decoded = try JSONDecoder().decode(Document.self, from: data)
        #expect(decoded.sections.count == 1)
        #expect(decoded.sections[0].text == "正文")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("corpus.jsonl").path))
    }

    @Test func corpusAppearsOnlyWhenTheRunFinishes() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try makeStage(output, formats: ["jsonl"])
        for index in 0..<3 {
            var document = Document(id: "d\(index)", source: "d\(index)", text: "text \(index)")
            _ = try stage.process(&document)
        }
        let corpus = output.appendingPathComponent("corpus.jsonl")
        #expect(!FileManager.default.fileExists(atPath: corpus.path))
        try stage.finish(RunSummary(metrics: RunMetrics(start: Date(), end: Date()), failures: [],
                                    outputDirectory: output, stageNames: ["export"]))
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].contains(#""id":"d2""#))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func writesNothingOutsideBatchRuns() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try StageHarness.make(ExportStage.self, ["formats": .list([.string("jsonl")])])
        var document = Document(id: "d", source: "d", text: "t")
        _ = try stage.process(&document)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
