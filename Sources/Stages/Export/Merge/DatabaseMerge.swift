import Foundation
import GRDB
import GalleyCore

/// One shard's database and the documents to take from it, with their places in the whole run.
public struct DatabasePart: Sendable {
    public var url: URL
    /// Document id → its position among every input of the run.
    public var positions: [String: Int]

    public init(url: URL, positions: [String: Int]) {
        self.url = url
        self.positions = positions
    }
}

extension CorpusDatabase {
    /// Writes `destination` as a single run over every shard's inputs would have: the run's row
    /// (`run`: the merged metrics and failures), then each document with its sections,
    /// captions and search passages, in input order, so that rows and passage ids (and so the
    /// search indexes) come out as that run's. Documents a shard's database holds that are not
    /// among its positions (left from earlier runs) are not taken.
    ///
    /// The database is built under a temporary name and renamed into place.
    public static func merge(_ parts: [DatabasePart], run: RunSummary, into destination: URL) throws {
        let temporary = OutputFile.temporaryURL(for: destination)
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: temporary.path + suffix)
            }
        }
        let database = try CorpusDatabase(writingTo: temporary)
        try database.recordRun(run)
        do {
            try database.queue.writeWithoutTransaction { db in
                try db.execute(sql: """
                    CREATE TEMP TABLE merge_order (id TEXT NOT NULL, part INTEGER NOT NULL, position INTEGER NOT NULL,
                        PRIMARY KEY (part, id));
                    CREATE TEMP TABLE merge_documents AS SELECT 0 AS place, * FROM main.documents WHERE 0;
                    CREATE TEMP TABLE merge_sections AS SELECT 0 AS place, * FROM main.sections WHERE 0;
                    CREATE TEMP TABLE merge_captions AS SELECT 0 AS place, * FROM main.captions WHERE 0;
                    CREATE TEMP TABLE merge_passages AS SELECT 0 AS place, * FROM main.passages WHERE 0;
                    """)
                for (index, part) in parts.enumerated() {
                    let insert = try db.makeStatement(sql: "INSERT INTO temp.merge_order (id, part, position) VALUES (?, ?, ?)")
                    for (id, position) in part.positions {
                        try insert.execute(arguments: [id, index, position])
                    }
                    try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [part.url.path])
                    for table in ["documents", "sections", "captions", "passages"] {
                        let key = table == "documents" ? "id" : "document_id"
                        try db.execute(sql: """
                            INSERT INTO temp.merge_\(table) SELECT o.position, t.* FROM shard.\(table) AS t
                            JOIN temp.merge_order AS o ON o.part = ? AND o.id = t.\(key)
                            """, arguments: [index])
                    }
                    try db.execute(sql: "DETACH DATABASE shard")
                }
                try db.inTransaction {
                    let runID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM runs")
                    try db.execute(sql: """
                        INSERT INTO documents (id, source, language, text, characters, bytes, metadata, fingerprint, run_id, exported_at)
                        SELECT id, source, language, text, characters, bytes, metadata, fingerprint, ?, exported_at
                        FROM temp.merge_documents ORDER BY place
                        """, arguments: [runID])
                    try db.execute(sql: """
                        INSERT INTO sections (document_id, position, kicker, title, subtitle, byline, text, summary, keywords)
                        SELECT document_id, position, kicker, title, subtitle, byline, text, summary, keywords
                        FROM temp.merge_sections ORDER BY place, position
                        """)
                    try db.execute(sql: """
                        INSERT INTO captions (document_id, position, section, text, credit, kind, label)
                        SELECT document_id, position, section, text, credit, kind, label
                        FROM temp.merge_captions ORDER BY place, position
                        """)
                    try db.execute(sql: """
                        INSERT INTO passages (document_id, section, caption, heading, body)
                        SELECT document_id, section, caption, heading, body FROM temp.merge_passages ORDER BY place, id
                        """)
                    return .commit
                }
                try db.execute(sql: """
                    DROP TABLE temp.merge_order; DROP TABLE temp.merge_documents; DROP TABLE temp.merge_sections;
                    DROP TABLE temp.merge_captions; DROP TABLE temp.merge_passages;
                    """)
            }
        } catch {
            try? database.close()
            throw StageError("cannot merge the shards' databases into \(destination.lastPathComponent): \(Self.message(error))")
        }
        try database.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: destination.path + suffix) }
        try OutputFile.rename(temporary, to: destination)
    }
}
