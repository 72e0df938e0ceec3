import ExportStage
import Foundation
import GalleyCore
import Testing

/// A quote followed by a combining mark. Found by the fuzz target `search-query`: `"` and a
/// combining mark make one `Character` that is not `"`, so the query was neither split there
/// nor had that quote doubled, and FTS5 read the rest as syntax (`fts5: syntax error near "@"`).
@Suite struct SearchQuoteTests {
    @Test func aQuoteBeforeACombiningMarkStillQuotes() {
        #expect(SearchQuery("city\"\u{301}hall").terms.map(\.text) == ["city", "\u{301}hall"])
        #expect(SearchQuery("city\"\u{301}hall").terms.allSatisfy { !$0.text.unicodeScalars.contains("\"") })
    }

    @Test func theQueryFoundByTheFuzzerSearchesAsText() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try Fixtures.stage(output, formats: ["sqlite"])
        var document = Fixtures.english
        _ = try stage.process(&document)
        let database = try CorpusDatabase(readingFrom: output.appendingPathComponent(CorpusDatabase.fileName))
        for query in ["a\"\u{6E2}@", "#\"\"\"#\"\"#\"\"\"#\"\u{6E2}@", "city\"\u{301} OR hall", "\u{301}\"\u{301}\"\u{301}"] {
            _ = try database.search(SearchQuery(query))
        }
    }
}
