@testable import ExportStage
import Foundation
import GRDB
import GalleyCore
import Testing

/// Documents of ``ExportStage/streamingBytes`` or more have their JSON, corpus line and
/// Markdown written a buffer at a time instead of whole: the outputs must be the bytes the
/// whole-document path writes, byte for byte, and behave the same on reruns and failures.
@Suite struct LargeDocumentExportTests {
    static func large(_ id: String) -> Document {
        var document = Fixtures.english
        document.id = id
        let paragraph = "The harbour reopened today, analysts said; \"quoted\" and \\ marked 港口今天重新开放。"
        let body = (0..<(ExportStage.streamingBytes / 40)).map { "\($0) " + paragraph }.joined(separator: "\n\n")
        document.sections.append(Section(title: "The long part", text: body, summary: ["The harbour reopened today."]))
        document.text += "\n\n" + body
        #expect(ExportStage.isLarge(document))
        return document
    }

    @Test func aLargeDocumentsFilesAreTheBytesOfTheWholeDocumentPath() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try Fixtures.stage(output, formats: ExportFormat.allCases.map(\.rawValue))
        var small = Fixtures.chinese
        var large = Self.large("large")
        _ = try stage.process(&small)
        _ = try stage.process(&large)
        try stage.finish(Fixtures.summary(output, documents: 2))
        #expect(try Data(contentsOf: ExportStage.documentURL(for: "large", in: output)) == GalleyJSON.file(large))
        #expect(try Data(contentsOf: ExportStage.markdownURL(for: "large", in: output))
            == Data(MarkdownRenderer.render(large).utf8))
        var corpus = GalleyJSON.line(small)
        corpus.append(0x0A)
        corpus.append(GalleyJSON.line(large))
        corpus.append(0x0A)
        #expect(try Data(contentsOf: output.appendingPathComponent("corpus.jsonl")) == corpus)
        // The database's fingerprint is the hash of the line, as for a small document.
        let queue = try DatabaseQueue(path: output.appendingPathComponent(CorpusDatabase.fileName).path)
        let stored = try queue.read { try String.fetchOne($0, sql: "SELECT fingerprint FROM documents WHERE id = 'large'") }
        #expect(stored == CorpusDatabase.fingerprint(GalleyJSON.line(large)))
        let text = try queue.read { try String.fetchOne($0, sql: "SELECT text FROM documents WHERE id = 'large'") }
        #expect(text == large.text)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: output.path)
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aLargeDocumentWithoutACorpusStillGetsItsFingerprint() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try Fixtures.stage(output, formats: ["sqlite"])
        var large = Self.large("large")
        _ = try stage.process(&large)
        try stage.finish(Fixtures.summary(output, documents: 1))
        let queue = try DatabaseQueue(path: output.appendingPathComponent(CorpusDatabase.fileName).path)
        let stored = try queue.read { try String.fetchOne($0, sql: "SELECT fingerprint FROM documents WHERE id = 'large'") }
        #expect(stored == CorpusDatabase.fingerprint(GalleyJSON.line(large)))
    }

    @Test func anUnchangedLargeFileIsNotWrittenAgain() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let files = [ExportStage.documentURL(for: "large", in: output), ExportStage.markdownURL(for: "large", in: output)]
        func inodes() throws -> [Int?] {
            try files.map { try FileManager.default.attributesOfItem(atPath: $0.path)[.systemFileNumber] as? Int }
        }
        var document = Self.large("large")
        _ = try Fixtures.stage(output, formats: ["json", "markdown"]).process(&document)
        let before = try inodes()
        _ = try Fixtures.stage(output, formats: ["json", "markdown"]).process(&document)
        #expect(try inodes() == before)
        document.sections[0].title = "Changed"
        _ = try Fixtures.stage(output, formats: ["json", "markdown"]).process(&document)
        let after = try inodes()
        #expect(after[0] != before[0])
        #expect(after[1] != before[1])
        #expect(try Data(contentsOf: files[0]) == GalleyJSON.file(document))
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: output.path)
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    /// The line of a large document is written to the corpus before the database write, as a
    /// small document's is: when the database refuses it, the line is withdrawn.
    @Test func aLargeDocumentThatFailsAfterItsCorpusLineIsLeftOutOfTheCorpus() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try Fixtures.stage(output, formats: ["json", "jsonl", "sqlite"])
        var first = Fixtures.chinese
        _ = try stage.process(&first)
        var refused = Self.large("refused")
        refused.captions.append(Caption(text: "A caption", section: 99))
        #expect(throws: (any Error).self) { try stage.process(&refused) }
        var last = Self.large("last")
        _ = try stage.process(&last)
        try stage.finish(Fixtures.summary(output, documents: 2))
        var expected = Data()
        for document in [first, last] {
            expected.append(GalleyJSON.line(document))
            expected.append(0x0A)
        }
        #expect(try Data(contentsOf: output.appendingPathComponent("corpus.jsonl")) == expected)
        #expect(!FileManager.default.fileExists(atPath: ExportStage.documentURL(for: "refused", in: output).path))
    }
}
