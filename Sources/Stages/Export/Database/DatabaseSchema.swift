import GRDB

/// The tables of `galley.sqlite`, created by numbered migrations.
///
/// `documents`, `sections` and `captions` hold the documents as the JSON has them; `runs`,
/// `run_stages` and `run_failures` one row per run with its metrics. `passages` is what search
/// reads: one row per section (kicker, title, subtitle and byline as its heading, the body as
/// its body) and one per caption. Two FTS5 indexes are kept in step with `passages` by
/// triggers: `search_words` (`porter unicode61`: English words with stemming) and
/// `search_trigrams` (`trigram`: any substring of three characters or more, which is how
/// Chinese and Japanese, written without spaces, become searchable).
enum DatabaseSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            for statement in version1 {
                try db.execute(sql: statement)
            }
        }
        return migrator
    }

    /// Tables every Galley database has; `galley search` checks them before it queries.
    static let requiredTables = ["documents", "sections", "captions", "passages", "search_words", "search_trigrams", "runs"]

    static let version1: [String] = [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            documents INTEGER,
            succeeded INTEGER,
            failed INTEGER,
            dropped INTEGER,
            skipped INTEGER,
            removed INTEGER,
            bytes_read INTEGER,
            wall_seconds REAL,
            documents_per_second REAL,
            megabytes_per_second REAL,
            metrics TEXT
        )
        """,
        """
        CREATE TABLE run_stages (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            stage TEXT NOT NULL,
            use TEXT NOT NULL,
            documents_in INTEGER NOT NULL,
            documents_out INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            dropped INTEGER NOT NULL,
            bytes_in INTEGER NOT NULL,
            bytes_out INTEGER NOT NULL,
            busy_seconds REAL NOT NULL,
            wait_seconds REAL NOT NULL,
            latency_p50_ms REAL NOT NULL,
            latency_p95_ms REAL NOT NULL,
            latency_p99_ms REAL NOT NULL,
            latency_max_ms REAL NOT NULL,
            PRIMARY KEY (run_id, position)
        )
        """,
        """
        CREATE TABLE run_failures (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            document_id TEXT NOT NULL,
            source TEXT NOT NULL,
            stage TEXT NOT NULL,
            error TEXT NOT NULL,
            PRIMARY KEY (run_id, document_id)
        )
        """,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            language TEXT,
            text TEXT NOT NULL,
            characters INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            metadata TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
            exported_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX documents_run ON documents(run_id)",
        """
        CREATE TABLE sections (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kicker TEXT,
            title TEXT,
            subtitle TEXT,
            byline TEXT,
            text TEXT NOT NULL,
            summary TEXT,
            keywords TEXT,
            PRIMARY KEY (document_id, position)
        )
        """,
        """
        CREATE TABLE captions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            section INTEGER,
            text TEXT NOT NULL,
            credit TEXT,
            kind TEXT,
            label TEXT,
            PRIMARY KEY (document_id, position),
            FOREIGN KEY (document_id, section) REFERENCES sections(document_id, position) ON DELETE CASCADE
        )
        """,
        """
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section INTEGER,
            caption INTEGER,
            heading TEXT,
            body TEXT NOT NULL
        )
        """,
        "CREATE INDEX passages_document ON passages(document_id)",
        """
        CREATE VIRTUAL TABLE search_words USING fts5(
            heading, body, content='passages', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')
        """,
        """
        CREATE VIRTUAL TABLE search_trigrams USING fts5(
            heading, body, content='passages', content_rowid='id', tokenize='trigram')
        """,
        """
        CREATE TRIGGER passages_after_insert AFTER INSERT ON passages BEGIN
            INSERT INTO search_words(rowid, heading, body) VALUES (new.id, new.heading, new.body);
            INSERT INTO search_trigrams(rowid, heading, body) VALUES (new.id, new.heading, new.body);
        END
        """,
        """
        CREATE TRIGGER passages_after_delete AFTER DELETE ON passages BEGIN
            INSERT INTO search_words(search_words, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
            INSERT INTO search_trigrams(search_trigrams, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
        END
        """,
        """
        CREATE TRIGGER passages_after_update AFTER UPDATE ON passages BEGIN
            INSERT INTO search_words(search_words, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
            INSERT INTO search_trigrams(search_trigrams, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
            INSERT INTO search_words(rowid, heading, body) VALUES (new.id, new.heading, new.body);
            INSERT INTO search_trigrams(rowid, heading, body) VALUES (new.id, new.heading, new.body);
        END
        """,
    ]
}
