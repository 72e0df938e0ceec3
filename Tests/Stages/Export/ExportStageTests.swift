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

    @Test func writesEveryFormatOfABatchRun() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try makeStage(output, formats: ExportFormat.allCases.map(\.rawValue))
        for document in [Fixtures.chinese, Fixtures.english] {
            var document = document
            #expect(try stage.process(&document) == .keep)
        }
        // The report and the corpus appear when the run finishes, not before.
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("report.html").path))
        try stage.finish(Fixtures.summary(output, documents: 2, stages: [StageMetrics(stage: "export", use: "export")]))
        for path in ["docs/en-vaccines.json", "markdown/000_a961b149a5844a09.md", "markdown/en-vaccines.md",
                     "corpus.jsonl", "galley.sqlite", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "\(path) is missing")
        }
        let markdown = try String(contentsOf: output.appendingPathComponent("markdown/en-vaccines.md"), encoding: .utf8)
        #expect(markdown.contains("# City opens three vaccination centres"))
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Documents (2)"))
        #expect(report.contains("en-vaccines"))
        // The database is checkpointed and closed: the file alone holds everything, and no
        // write-ahead log or shared-memory file is left beside it.
        for side in ["galley.sqlite-wal", "galley.sqlite-shm"] {
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(side).path), "\(side) is left")
        }
        let hits = try CorpusDatabase(readingFrom: output.appendingPathComponent("galley.sqlite"))
            .search(SearchQuery("核酸采样"))
        #expect(hits.map(\.document) == ["000_a961b149a5844a09"])
        // Out of WAL mode once the run is over, so a reader leaves nothing beside it either.
        for side in ["galley.sqlite-wal", "galley.sqlite-shm"] {
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(side).path), "\(side) is left")
        }
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: output.path)
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aDocumentThatCannotBeWrittenFailsAlone() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        // A folder where the English document's Markdown file should go: the rename fails.
        let blocker = output.appendingPathComponent("markdown/en-vaccines.md/occupied")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let stage = try makeStage(output, formats: ["json", "markdown", "sqlite", "jsonl", "report"])
        var english = Fixtures.english
        #expect(throws: StageError.self) { try stage.process(&english) }
        // Its JSON, renamed before the Markdown failed, was taken back.
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("docs/en-vaccines.json").path))
        var chinese = Fixtures.chinese
        #expect(try stage.process(&chinese) == .keep)
        let failure = FailureRecord(id: "en-vaccines", source: "in/en-vaccines.txt", stage: "export", error: "cannot move")
        try stage.finish(Fixtures.summary(output, documents: 1, failures: [failure]))

        let corpus = try String(contentsOf: output.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
        #expect(corpus.split(separator: "\n").count == 1)
        #expect(!corpus.contains("en-vaccines"))
        let database = try CorpusDatabase(readingFrom: output.appendingPathComponent("galley.sqlite"))
        #expect(try database.search(SearchQuery("vaccines")).isEmpty)
        #expect(try database.search(SearchQuery("核酸采样")).count == 1)
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Documents (1)"))
        #expect(report.contains("Failed documents (1)"))
    }

    @Test func writesNoFormatOutsideBatchRuns() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        for mode in [RunMode.stream, .test] {
            let stage = try Fixtures.stage(output, formats: ExportFormat.allCases.map(\.rawValue), mode: mode)
            var document = Fixtures.chinese
            #expect(try stage.process(&document) == .keep)
            try stage.finish(Fixtures.summary(output, documents: 1))
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func anUnwritableDatabaseIsASetupError() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        // galley.sqlite is a folder: the database cannot be opened, and the stage says where.
        try FileManager.default.createDirectory(at: output.appendingPathComponent("galley.sqlite"),
                                                withIntermediateDirectories: true)
        do {
            _ = try makeStage(output, formats: ["sqlite"])
            Issue.record("the stage was built over a folder named galley.sqlite")
        } catch {
            #expect("\(error)".contains("galley.sqlite"))
        }
    }

    @Test func aDocumentThatFailsLeavesNoneOfItsFiles() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        // A file where the markdown folder should be: no Markdown can be written at all.
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("in the way".utf8).write(to: output.appendingPathComponent("markdown"))
        let stage = try makeStage(output, formats: ["json", "markdown", "sqlite", "jsonl"])
        var document = Fixtures.english
        #expect(throws: (any Error).self) { try stage.process(&document) }
        try stage.finish(Fixtures.summary(output, documents: 0))
        // Its JSON was staged, then discarded; the database and the corpus never saw it.
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path)
            .filter { !$0.hasPrefix("galley.sqlite") }.sorted()
        #expect(files == ["corpus.jsonl", "docs", "markdown"])
        #expect(try String(contentsOf: output.appendingPathComponent("corpus.jsonl"), encoding: .utf8).isEmpty)
        let database = try CorpusDatabase(readingFrom: output.appendingPathComponent("galley.sqlite"))
        #expect(try database.search(SearchQuery("vaccines")).isEmpty)
    }

    /// The corpus line is appended before the database write (so that it is not held in memory
    /// meanwhile): a document that fails after it, in the database or when its files are
    /// renamed into place, must have its line taken out of `corpus.jsonl` again.
    @Test func aDocumentThatFailsAfterItsCorpusLineIsLeftOutOfTheCorpus() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try makeStage(output, formats: ["json", "jsonl", "sqlite"])
        var first = Fixtures.chinese
        _ = try stage.process(&first)
        // The database refuses it: a caption of a section the document does not have.
        var refused = Fixtures.english
        refused.id = "refused"
        refused.captions.append(Caption(text: "A caption", section: 99))
        #expect(throws: (any Error).self) { try stage.process(&refused) }
        // Its JSON cannot be renamed into place: a folder with a file in it is there.
        var blocked = Fixtures.english
        blocked.id = "blocked"
        let folder = ExportStage.documentURL(for: "blocked", in: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("file"))
        #expect(throws: (any Error).self) { try stage.process(&blocked) }
        var last = Fixtures.english
        last.id = "last"
        _ = try stage.process(&last)
        try stage.finish(Fixtures.summary(output, documents: 2))
        let corpus = try String(contentsOf: output.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
        let expected = [first, last].map { String(decoding: GalleyJSON.line($0), as: UTF8.self) + "\n" }.joined()
        #expect(corpus == expected)
        let database = try CorpusDatabase(readingFrom: output.appendingPathComponent("galley.sqlite"))
        #expect(Set(try database.search(SearchQuery("vaccines")).map(\.document)) == ["last"])
    }

    @Test func anInterruptedRunKeepsThePreviousCorpusAndReport() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let formats = ["jsonl", "sqlite", "report"]
        let first = try makeStage(output, formats: formats)
        var chinese = Fixtures.chinese
        _ = try first.process(&chinese)
        try first.finish(Fixtures.summary(output, documents: 1))
        let corpus = try String(contentsOf: output.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)

        let second = try makeStage(output, formats: formats)
        var english = Fixtures.english
        _ = try second.process(&english)
        var stopped = Fixtures.summary(output, documents: 1)
        stopped.interrupted = true
        try second.finish(stopped)
        #expect(try String(contentsOf: output.appendingPathComponent("corpus.jsonl"), encoding: .utf8) == corpus)
        #expect(try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8) == report)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
        // What the interrupted run did write stays searchable, and its run says so.
        let database = try CorpusDatabase(readingFrom: output.appendingPathComponent("galley.sqlite"))
        #expect(try database.search(SearchQuery("vaccines")).count == 1)
        #expect(report.contains("Documents (1)"))
    }

    @Test func documentsWhoseInputsDisappearedAreRemoved() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let formats = ["markdown", "sqlite"]
        let first = try makeStage(output, formats: formats)
        for document in [Fixtures.chinese, Fixtures.english] {
            var document = document
            _ = try first.process(&document)
        }
        try first.finish(Fixtures.summary(output, documents: 2))
        let english = output.appendingPathComponent("markdown/en-vaccines.md")
        #expect(FileManager.default.fileExists(atPath: english.path))

        let second = try makeStage(output, formats: formats)
        var chinese = Fixtures.chinese
        _ = try second.process(&chinese)
        var pruned = Fixtures.summary(output, documents: 1)
        pruned.removedDocumentIDs = ["en-vaccines"]
        try second.finish(pruned)
        #expect(!FileManager.default.fileExists(atPath: english.path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("markdown/000_a961b149a5844a09.md").path))
        let database = try CorpusDatabase(readingFrom: output.appendingPathComponent("galley.sqlite"))
        #expect(try database.search(SearchQuery("vaccines")).isEmpty)
        #expect(try database.search(SearchQuery("核酸采样")).count == 1)
    }

    @Test func anUnchangedFileIsNotWrittenAgain() throws {
        let output = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let markdown = output.appendingPathComponent("markdown/en-vaccines.md")
        func inode() throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: markdown.path)[.systemFileNumber] as? Int
        }
        var document = Fixtures.english
        _ = try makeStage(output, formats: ["markdown"]).process(&document)
        let before = try inode()
        // Replayed unchanged: the same file stays (a rewrite would rename a new inode over it).
        _ = try makeStage(output, formats: ["markdown"]).process(&document)
        #expect(try inode() == before)
        document.sections[0].title = "City opens four vaccination centres"
        _ = try makeStage(output, formats: ["markdown"]).process(&document)
        #expect(try inode() != before)
        #expect(try String(contentsOf: markdown, encoding: .utf8).contains("four vaccination"))
    }
}
