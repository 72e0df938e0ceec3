import ExportStage
import Foundation
import GRDB
import GalleyCore
import Testing

@Suite struct CorpusDatabaseTests {
    /// Runs the export stage with the sqlite format over `documents`, as one batch run does.
    func export(_ documents: [Document], to output: URL, failures: [FailureRecord] = []) throws {
        let stage = try Fixtures.stage(output, formats: ["sqlite"])
        for document in documents {
            var document = document
            #expect(try stage.process(&document) == .keep)
        }
        try stage.finish(Fixtures.summary(output, documents: documents.count, failures: failures,
                                          stages: [StageMetrics(stage: "export", use: "export")]))
    }

    func databaseURL(_ output: URL) -> URL { output.appendingPathComponent("galley.sqlite") }

    /// The file opened with GRDB directly, not through the code under test.
    func open(_ output: URL) throws -> DatabaseQueue {
        try DatabaseQueue(path: databaseURL(output).path)
    }

    func count(_ db: DatabaseQueue, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }

    @Test func chineseCaptionIsFoundByItsWords() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.chinese, Fixtures.english], to: output)

        let database = try CorpusDatabase(readingFrom: databaseURL(output))
        let hits = try database.search(SearchQuery("核酸采样"))
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.document == "000_a961b149a5844a09")
        #expect(hit.caption == 0)
        #expect(hit.section == 1)
        #expect(hit.sectionTitle == "融入一体化 建设滨湖城")
        #expect(hit.snippet.contains("[核酸采样]"))

        // The same words straight from SQLite, through the trigram index.
        let db = try open(output)
        #expect(try count(db, "SELECT count(*) FROM search_trigrams WHERE search_trigrams MATCH '核酸采样'") == 1)
    }

    @Test func englishWordsAreFoundByTheirStem() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.chinese, Fixtures.english], to: output)
        let database = try CorpusDatabase(readingFrom: databaseURL(output))

        // "vaccines" and "vaccinated"/"vaccination" share the stem "vaccin".
        let hits = try database.search(SearchQuery("vaccines"))
        #expect(hits.map(\.document) == ["en-vaccines"])
        #expect(hits.first?.section == 0)
        #expect(hits.first?.caption == nil)
        // The title weighs more than the body, so the section comes before anything else.
        #expect(hits.first?.sectionTitle == "City opens three vaccination centres")

        let captions = try database.search(SearchQuery("nurse preparing"))
        #expect(captions.count == 1)
        #expect(captions.first?.caption == 0)
        #expect(captions.first?.snippet.contains("[Nurses] [prepare]") == true)

        let db = try open(output)
        #expect(try count(db, "SELECT count(*) FROM search_words WHERE search_words MATCH 'vaccinating'") == 1)
        #expect(try count(db, "SELECT count(*) FROM search_words WHERE search_words MATCH 'dawn'") == 1)
        #expect(try database.search(SearchQuery("helicopter")).isEmpty)
    }

    @Test func everyTermMustMatchAndPhrasesStayTogether() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.chinese, Fixtures.english], to: output)
        let database = try CorpusDatabase(readingFrom: databaseURL(output))

        #expect(try database.search(SearchQuery("residents Monday")).count == 1)
        #expect(try database.search(SearchQuery("residents helicopter")).isEmpty)
        #expect(try database.search(SearchQuery("\"new centres\"")).count == 1)
        #expect(try database.search(SearchQuery("\"centres new\"")).isEmpty)
        // A CJK term and a short CJK term together: both must be in the same passage.
        #expect(try database.search(SearchQuery("医务工作者 核酸")).map(\.caption) == [0])
        #expect(try database.search(SearchQuery("医务工作者 人大")).isEmpty)
    }

    @Test func shortChineseTermsAreFoundByScanning() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.chinese, Fixtures.english], to: output)
        let database = try CorpusDatabase(readingFrom: databaseURL(output))

        // Two characters are too few for the trigram index.
        let hits = try database.search(SearchQuery("核酸"), highlight: Highlight(open: "<", close: ">"))
        #expect(hits.count == 2)
        #expect(Set(hits.map(\.caption)) == [nil, 0])
        #expect(hits.allSatisfy { $0.snippet.contains("<核酸>") })
        #expect(try database.search(SearchQuery("人大")).first?.sectionTitle == "释放叠加效应 聚合强大动能")
        #expect(try database.search(SearchQuery("猫")).isEmpty)
    }

    @Test func queriesCannotInjectSyntax() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.english], to: output)
        let database = try CorpusDatabase(readingFrom: databaseURL(output))
        for query in ["NEAR(", "city*", "AND", "\"", "title:city", "city OR", "'; DROP TABLE documents; --", "---"] {
            _ = try database.search(SearchQuery(query))
        }
        #expect(try database.search(SearchQuery("OR")).isEmpty)
        #expect(try count(open(output), "SELECT count(*) FROM documents") == 1)
    }

    @Test func rerunReplacesRowsInsteadOfAddingThem() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.chinese, Fixtures.english], to: output)
        let db = try open(output)
        let tables = ["documents", "sections", "captions", "passages"]
        let first = try tables.map { try count(db, "SELECT count(*) FROM \($0)") }
        #expect(first == [2, 3, 2, 5])
        let passageIDs = "SELECT group_concat(id) FROM passages WHERE document_id = ?"
        let chineseRows = try db.read { try String.fetchOne($0, sql: passageIDs, arguments: [Fixtures.chinese.id]) }

        // The second run changes the English document: its old words must be gone from the index.
        var changed = Fixtures.english
        changed.sections[0].text = "The centres closed early because of snow."
        try export([Fixtures.chinese, changed], to: output)
        let second = try tables.map { try count(db, "SELECT count(*) FROM \($0)") }
        #expect(second == first)
        // The unchanged document kept its rows (rewritten, they would have new ids after the
        // English ones); the changed one was written anew (its new words are found below).
        #expect(try db.read { try String.fetchOne($0, sql: passageIDs, arguments: [Fixtures.chinese.id]) } == chineseRows)
        #expect(try count(db, "SELECT count(*) FROM search_trigrams WHERE search_trigrams MATCH '核酸采样'") == 1)
        #expect(try count(db, "SELECT count(*) FROM search_words WHERE search_words MATCH 'residents'") == 0)
        #expect(try count(db, "SELECT count(*) FROM search_words WHERE search_words MATCH 'snow'") == 1)
        // The indexes agree with their content table (no stale entries left by the deletes).
        try db.write { db in
            try db.execute(sql: "INSERT INTO search_words(search_words, rank) VALUES ('integrity-check', 1)")
            try db.execute(sql: "INSERT INTO search_trigrams(search_trigrams, rank) VALUES ('integrity-check', 1)")
        }
        #expect(try count(db, "SELECT count(*) FROM runs") == 2)
        #expect(try count(db, "SELECT count(DISTINCT run_id) FROM documents") == 1)
        #expect(try count(db, "SELECT count(*) FROM documents WHERE run_id = (SELECT max(id) FROM runs)") == 2)
    }

    @Test func runsAreRecordedWithTheirStagesAndFailures() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let failure = FailureRecord(id: "bad", source: "in/bad.txt", stage: "sections", error: "no text")
        try export([Fixtures.english], to: output, failures: [failure])
        let db = try open(output)
        let run = try #require(try db.read { try Row.fetchOne($0, sql: "SELECT * FROM runs") })
        #expect(run["status"] as String == "finished")
        #expect(run["documents"] as Int == 2)
        #expect(run["failed"] as Int == 1)
        #expect(run["wall_seconds"] as Double == 2)
        #expect((run["metrics"] as String).contains("\"stages\""))
        #expect(try count(db, "SELECT count(*) FROM run_stages WHERE stage = 'export'") == 1)
        #expect(try count(db, "SELECT count(*) FROM run_failures WHERE document_id = 'bad' AND stage = 'sections'") == 1)
    }

    @Test func theDatabaseIsInWALModeWhileARunWritesIt() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let writer = try CorpusDatabase(writingTo: databaseURL(output))
        try writer.write(Fixtures.chinese)
        do {
            // A reader (galley search) meanwhile sees WAL mode, and the document once its
            // group of documents is committed.
            let reader = try open(output)
            #expect(try reader.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try count(reader, "SELECT count(*) FROM documents") == 0)
            try writer.commit()
            #expect(try count(reader, "SELECT count(*) FROM documents") == 1)
            try reader.close()
        }
        try writer.close()
        let closed = try open(output)
        #expect(try closed.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "delete")
        try closed.close()
        for side in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: databaseURL(output).path + side))
        }
    }

    @Test func theDatabaseKeepsItsForeignKeys() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try export([Fixtures.chinese], to: output)
        let db = try open(output)
        // Deleting a document deletes its sections, captions and passages.
        try db.write { try $0.execute(sql: "DELETE FROM documents") }
        for table in ["sections", "captions", "passages"] {
            #expect(try count(db, "SELECT count(*) FROM \(table)") == 0)
        }
        #expect(try count(db, "SELECT count(*) FROM search_trigrams WHERE search_trigrams MATCH '核酸采样'") == 0)
        // A caption cannot point at a section that does not exist.
        #expect(throws: DatabaseError.self) {
            try db.write { db in
                try db.execute(sql: "INSERT INTO documents (id, source, text, characters, bytes, metadata, fingerprint, exported_at) VALUES ('d', 's', 't', 1, 1, '{}', '', '')")
                try db.execute(sql: "INSERT INTO captions (document_id, position, section, text) VALUES ('d', 0, 3, 'x')")
            }
        }
    }

    @Test func aCaptionOfAMissingSectionFailsThatDocumentOnly() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let stage = try Fixtures.stage(output, formats: ["sqlite"])
        var broken = Fixtures.english
        broken.captions[0].section = 4
        #expect(throws: StageError.self) { try stage.process(&broken) }
        var fine = Fixtures.chinese
        #expect(try stage.process(&fine) == .keep)
        try stage.finish(Fixtures.summary(output, documents: 1))
        let db = try open(output)
        #expect(try db.read { try String.fetchAll($0, sql: "SELECT id FROM documents") } == [Fixtures.chinese.id])
        // The run row was created by the document that was written, not by the one that failed.
        #expect(try count(db, "SELECT count(*) FROM runs") == 1)
    }

    @Test func searchExplainsAMissingOrForeignDatabase() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(throws: StageError.self) { try CorpusDatabase(readingFrom: databaseURL(output)) }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let other = try DatabaseQueue(path: databaseURL(output).path)
        try other.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        do {
            _ = try CorpusDatabase(readingFrom: databaseURL(output))
            Issue.record("a database without Galley's tables was accepted")
        } catch {
            #expect("\(error)".contains("not a Galley database"))
        }
    }

    @Test func aBatchIsWrittenWholeOrNotAtAll() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let database = try CorpusDatabase(writingTo: databaseURL(output))
        // A trigger that refuses one document, as a full disk would, halfway through a batch.
        try open(output).write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN new.id = 'refused'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
        var refused = Fixtures.chinese
        refused.id = "refused"
        #expect(throws: StageError.self) { try database.write([Fixtures.english, refused]) }
        let db = try open(output)
        #expect(try count(db, "SELECT count(*) FROM documents") == 0)
        #expect(try count(db, "SELECT count(*) FROM passages") == 0)
        #expect(try count(db, "SELECT count(*) FROM runs") == 0)
        // The run row rolled back with the batch; the next write makes a new one that holds.
        try database.write([Fixtures.english, Fixtures.chinese])
        try database.commit()
        #expect(try count(db, "SELECT count(*) FROM documents WHERE run_id = (SELECT id FROM runs)") == 2)
    }

    @Test func documentsAreCommittedInGroupsEachWholeOrNotAtAll() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let database = try CorpusDatabase(writingTo: databaseURL(output))
        try open(output).write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN new.id = 'refused'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
        let reader = try open(output)
        var refused = Fixtures.chinese
        refused.id = "refused"
        for index in 0..<(CorpusDatabase.documentsPerCommit - 1) {
            var document = Fixtures.english
            document.id = "doc-\(index)"
            try database.write(document)
            if index == 10 {
                // One that fails in the middle of a group takes nothing else with it.
                #expect(throws: StageError.self) { try database.write(refused) }
            }
        }
        #expect(try count(reader, "SELECT count(*) FROM documents") == 0)
        var last = Fixtures.english
        last.id = "last"
        try database.write(last)
        let committed = CorpusDatabase.documentsPerCommit
        #expect(try count(reader, "SELECT count(*) FROM documents") == committed)
        #expect(try count(reader, "SELECT count(*) FROM documents WHERE id = 'refused'") == 0)
        #expect(try count(reader, "SELECT count(*) FROM passages") == committed * Fixtures.english.effectiveSections.count
                    + committed * Fixtures.english.captions.count)
        try database.close()
    }
}
