import Foundation
import GRDB
import GalleyCore
import Synchronization

/// `galley.sqlite`: the documents of every run, searchable, and one row per run with its metrics.
///
/// Writing: ``write(_:)`` replaces a document and everything that belongs to it (sections,
/// captions, search passages) in one savepoint, so a rerun replaces rows instead of adding
/// them, and a reader never sees half a document. ``recordRun(_:)`` fills in the run's row at
/// the end. The database is in WAL mode, so `galley search` can read while a run writes.
///
/// Reading: ``search(_:limit:highlight:)`` (see `CorpusSearch.swift`).
public final class CorpusDatabase: Sendable {
    /// The file name inside the output folder.
    public static let fileName = "galley.sqlite"

    /// Where the database is.
    public let url: URL
    let queue: DatabaseQueue
    /// The `runs` row of the run writing now, created with the first document.
    private let currentRun = Mutex<Int64?>(nil)
    /// Documents written in the transaction still open (see ``documentsPerCommit``).
    private let uncommitted = Mutex(0)

    /// Documents written per transaction. Each document goes in a savepoint of its own (it is
    /// written whole or not at all, and a failure fails that document only), and the
    /// transaction around them commits every this many documents and when the run records
    /// itself or closes: committing each document alone rewrote the search indexes' pages
    /// (some 75 page writes) for every one. A crash loses at most the uncommitted rows, which
    /// the next run writes again: their documents are unchanged inputs, replayed through export.
    public static let documentsPerCommit = 64

    /// Opens the database at `url` for writing, creating it and its tables when needed.
    ///
    /// A file that SQLite finds corrupt or not a database at all is moved aside to
    /// `galley.sqlite.corrupt-<time>` (with its `-wal` and `-shm` files) and a new database is
    /// created in its place; `recovered` is told what was done. The run then fills the new
    /// database: unchanged inputs are replayed through the export stage from `docs/<id>.json`,
    /// the others processed again.
    public init(writingTo url: URL, recovered: (String) -> Void = { _ in }) throws {
        self.url = url
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                queue = try Self.openForWriting(url)
            } catch let error as DatabaseError
                where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                let aside = try Self.moveAside(url)
                recovered("\(url.path) is damaged (\(Self.message(error))); moved it to \(aside.lastPathComponent) and started a new database, which this run fills from the documents")
                queue = try Self.openForWriting(url)
            }
        } catch {
            throw StageError("cannot open the database \(url.path): \(Self.message(error))")
        }
    }

    private static func openForWriting(_ url: URL) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(10)
        // The transaction of a group of documents stays open between writes.
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            // With WAL, NORMAL loses no committed transaction on a crash of the process,
            // only (on power loss) the last ones; it spares an fsync per commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Savepoints and statements keep their rollback journals in memory, not in
            // temporary files (tens of page writes per document otherwise).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        // Damage SQLite finds on opening (a file that is not a database, a broken schema) is
        // caught here; no integrity check is run, which would read the whole file every run.
        try DatabaseSchema.migrator.migrate(queue)
        return queue
    }

    /// Renames the database and its WAL files to `<name>.corrupt-<UTC time>`.
    private static func moveAside(_ url: URL) throws -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let aside = URL(fileURLWithPath: url.path + ".corrupt-" + formatter.string(from: Date()))
        try OutputFile.rename(url, to: aside)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: url.path + suffix) {
            try OutputFile.rename(URL(fileURLWithPath: url.path + suffix), to: URL(fileURLWithPath: aside.path + suffix))
        }
        return aside
    }

    /// Opens an existing database at `url` for reading only (`galley search`).
    public init(readingFrom url: URL) throws {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StageError("no database at \(url.path): run the pipeline with the sqlite export format first")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
            let missing = try queue.read { db in
                try DatabaseSchema.requiredTables.filter { try !db.tableExists($0) }
            }
            if !missing.isEmpty {
                throw StageError("it is not a Galley database (no table \(missing.joined(separator: ", ")))")
            }
        } catch {
            throw StageError("cannot read the database \(url.path): \(Self.message(error))")
        }
    }

    // MARK: - Writing

    /// Writes `document` with its sections, captions and search passages, replacing whatever
    /// the database held under its id, in one savepoint (see ``documentsPerCommit``).
    ///
    /// `line`, when given, is the document's JSON line (``GalleyJSON/line(_:)``), which the export
    /// stage has already made for the corpus: the fingerprint is taken from it rather than from
    /// a second copy of the document's JSON.
    public func write(_ document: Document, line: Data? = nil) throws {
        try write([document], fingerprints: [line.map(Self.fingerprint)])
    }

    /// ``write(_:line:)`` with the fingerprint of the document's JSON line already taken
    /// (``fingerprint(_:)``), so that the line need not be kept while the database works.
    public func write(_ document: Document, fingerprint: String?) throws {
        try write([document], fingerprints: [fingerprint])
    }

    /// Writes `documents` in one savepoint: all of them or, when one cannot be written, none.
    public func write(_ documents: [Document]) throws {
        try write(documents, fingerprints: documents.map { _ in nil })
    }

    private func write(_ documents: [Document], fingerprints: [String?]) throws {
        for document in documents { try Self.check(document) }
        do {
            try withRun { db, run in
                for (document, fingerprint) in zip(documents, fingerprints) {
                    try Self.insert(document, fingerprint: fingerprint, run: run, into: db)
                }
            }
        } catch {
            let names = documents.count == 1 ? documents[0].id : "\(documents.count) documents"
            throw StageError("cannot write \(names) to \(url.lastPathComponent): \(Self.message(error))")
        }
    }

    /// Deletes the document `id` with its sections, captions and search passages.
    public func remove(_ id: String) throws {
        do {
            try queue.writeWithoutTransaction { db in
                try db.inSavepoint {
                    try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [id])
                    return .commit
                }
            }
        } catch {
            throw StageError("cannot remove \(id) from \(url.lastPathComponent): \(Self.message(error))")
        }
    }

    /// Refuses a document the tables cannot hold (a caption of a section that does not exist).
    static func check(_ document: Document) throws {
        let sections = document.effectiveSections
        for (position, caption) in document.captions.enumerated() {
            if let section = caption.section, !sections.indices.contains(section) {
                throw StageError("caption \(position) belongs to section \(section), but the document has \(sections.count) section(s)")
            }
        }
    }

    /// Deletes the rows of `document.id` (the foreign keys cascade to its sections, captions and
    /// passages, and the triggers take the passages out of the search indexes) and inserts it anew.
    ///
    /// A document whose fingerprint (a hash of its JSON) is the one stored is not rewritten, only
    /// marked as exported by this run: indexing is most of the cost of a write (the trigram
    /// tokenizer above all), and an unchanged document needs none.
    static func insert(_ document: Document, fingerprint: String? = nil, run: Int64, into db: Database) throws {
        let sections = document.effectiveSections
        let fingerprint = fingerprint ?? Self.fingerprint(GalleyJSON.line(document))
        let stored = try String.fetchOne(db, sql: "SELECT fingerprint FROM documents WHERE id = ?", arguments: [document.id])
        if stored == fingerprint {
            try db.execute(sql: "UPDATE documents SET run_id = ?, exported_at = ? WHERE id = ?",
                           arguments: [run, Date().ISO8601Format(), document.id])
            return
        }
        if stored != nil {
            try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [document.id])
        }
        // Through a statement executed with its arguments (not `db.execute(sql:arguments:)`):
        // GRDB then binds them without SQLite copying them, where a large document's text would
        // be held a second time beside the record SQLite builds from it.
        try db.cachedStatement(sql: """
            INSERT INTO documents (id, source, language, text, characters, bytes, metadata, fingerprint, run_id, exported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(
            arguments: [
                document.id, document.source, document.language, document.text,
                document.text.count, document.text.utf8.count,
                document.metadata.orderedJSON.serialized(), fingerprint, run, Date().ISO8601Format(),
            ])
        // One prepared statement per table for all of the document's rows: compiling the SQL
        // again for every row cost more than the insert itself on pages of thousands of sections.
        let insertSection = try db.cachedStatement(sql: """
            INSERT INTO sections (document_id, position, kicker, title, subtitle, byline, text, summary, keywords)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertCaption = try db.cachedStatement(sql: """
            INSERT INTO captions (document_id, position, section, text, credit, kind, label)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let insertPassage = try db.cachedStatement(
            sql: "INSERT INTO passages (document_id, section, caption, heading, body) VALUES (?, ?, ?, ?, ?)")
        for (position, section) in sections.enumerated() {
            try insertSection.execute(arguments: [
                document.id, position, section.kicker, section.title, section.subtitle, section.byline,
                section.text, section.summary.map { $0.orderedJSON.serialized() },
                section.keywords.map { $0.orderedJSON.serialized() },
            ])
            try insertPassage.execute(arguments: [document.id, position, nil, Self.heading(of: section), section.text])
        }
        for (position, caption) in document.captions.enumerated() {
            try insertCaption.execute(arguments: [document.id, position, caption.section, caption.text, caption.credit,
                                                  caption.kind, caption.label])
            let body = [caption.text, caption.credit].compactMap { $0 }.joined(separator: "\n")
            try insertPassage.execute(arguments: [document.id, caption.section, position, caption.label, body])
        }
    }

    /// Fills in the run's row (creating it when no document was written) with its metrics,
    /// its stages and its failures; its status becomes `finished`, or `interrupted` when a
    /// signal stopped the run.
    public func recordRun(_ run: RunSummary) throws {
        let metrics = run.metrics
        do {
            try withRun { db, id in
                try db.execute(
                    sql: """
                        UPDATE runs SET status = ?, started_at = ?, ended_at = ?, documents = ?,
                            succeeded = ?, failed = ?, dropped = ?, skipped = ?, removed = ?, bytes_read = ?, wall_seconds = ?,
                            documents_per_second = ?, megabytes_per_second = ?, metrics = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        run.interrupted ? "interrupted" : "finished",
                        metrics.start.ISO8601Format(), metrics.end.ISO8601Format(), metrics.documents,
                        metrics.succeeded, metrics.failed, metrics.dropped, metrics.skipped, metrics.removed,
                        metrics.bytesRead,
                        metrics.wallSeconds, metrics.documentsPerSecond, metrics.megabytesPerSecond,
                        String(decoding: try GalleyJSON.compactEncoder().encode(metrics), as: UTF8.self), id,
                    ])
                for (position, stage) in metrics.stages.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO run_stages (run_id, position, stage, use, documents_in, documents_out,
                                failed, dropped, bytes_in, bytes_out, busy_seconds, wait_seconds,
                                latency_p50_ms, latency_p95_ms, latency_p99_ms, latency_max_ms)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            id, position, stage.stage, stage.use, stage.documentsIn, stage.documentsOut,
                            stage.failed, stage.dropped, stage.bytesIn, stage.bytesOut, stage.busySeconds,
                            stage.waitSeconds, stage.latencyMilliseconds.p50, stage.latencyMilliseconds.p95,
                            stage.latencyMilliseconds.p99, stage.latencyMilliseconds.max,
                        ])
                }
                for failure in run.failures {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO run_failures (run_id, document_id, source, stage, error)
                            VALUES (?, ?, ?, ?, ?)
                            """,
                        arguments: [id, failure.id, failure.source, failure.stage, failure.error])
                }
            }
            try commit()
        } catch {
            throw StageError("cannot record the run in \(url.lastPathComponent): \(Self.message(error))")
        }
    }

    /// Commits the documents written since the last commit: readers (`galley search`) see
    /// them from then on.
    public func commit() throws {
        try uncommitted.withLock { count in
            try queue.writeWithoutTransaction { db in
                if db.isInsideTransaction { try db.execute(sql: "COMMIT") }
            }
            count = 0
        }
    }

    /// Moves the write-ahead log into the database file, leaves WAL mode and closes the
    /// connection, so that the file alone holds everything (for copying it elsewhere) and
    /// nothing is left beside it: SQLite removes the `-wal` and `-shm` files when the last
    /// connection closes, and readers of a database out of WAL mode (`galley search`) make
    /// none. The next run turns WAL on again. Nothing can be written afterwards.
    public func close() throws {
        do {
            try commit()
            try queue.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
                // Needs the database to itself: while `galley search` has it open, it stays in
                // WAL mode, which is harmless.
                try? db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
        } catch {
            throw StageError("cannot close \(url.lastPathComponent): \(Self.message(error))")
        }
    }

    /// Runs `updates` in one savepoint, inside the open transaction of a group of documents
    /// (opening one when needed), with the id of the current run's row, inserting the row
    /// first when this run has none yet. The id is remembered only once the savepoint is
    /// released, so a rolled-back first document leaves no dangling run id behind. Every
    /// ``documentsPerCommit`` calls, the transaction commits.
    private func withRun(_ updates: (Database, Int64) throws -> Void) throws {
        try currentRun.withLock { current in
            try uncommitted.withLock { count in
                let id = try queue.writeWithoutTransaction { db -> Int64 in
                    if !db.isInsideTransaction { try db.execute(sql: "BEGIN IMMEDIATE") }
                    var id: Int64 = 0
                    try db.inSavepoint {
                        if let current {
                            id = current
                        } else {
                            try db.execute(sql: "INSERT INTO runs (status, started_at) VALUES ('running', ?)",
                                           arguments: [Date().ISO8601Format()])
                            id = db.lastInsertedRowID
                        }
                        try updates(db, id)
                        return .commit
                    }
                    count += 1
                    if count >= Self.documentsPerCommit {
                        try db.execute(sql: "COMMIT")
                        count = 0
                    }
                    return id
                }
                current = id
            }
        }
    }

    /// Which version of the rows a document becomes; part of the fingerprint, so that a Galley
    /// that lays the rows out differently rewrites documents an older one stored.
    static let rowLayout = "galley.sqlite rows v1"

    /// A hash of ``rowLayout`` and of a document's JSON line.
    public static func fingerprint(_ line: Data) -> String {
        // Hashed in two parts: the JSON is the size of the document, and joining would copy it.
        StableHash.hex(of: line, continuing: fingerprintStart)
    }

    /// The hash a fingerprint continues from (that of ``rowLayout`` and a newline), for a line
    /// hashed as it is written (``StableHash/value(of:continuing:)``).
    public static let fingerprintStart = StableHash.value(of: Data((rowLayout + "\n").utf8))

    /// What a section's search heading is: kicker, title, subtitle and byline, one a line.
    static func heading(of section: Section) -> String? {
        let parts = [section.kicker, section.title, section.subtitle, section.byline].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }

    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}
