import Foundation
import GalleyCore
import Synchronization

/// Writes the results of a run: JSON per document, the corpus as JSON Lines, Markdown per
/// document, the SQLite database with full-text search, and the HTML run report.
///
/// Documents reach this stage one at a time in input order, so `corpus.jsonl` lists them in
/// the order of the inputs. What needs no order — encoding a document and writing its own
/// files under temporary names — happens in ``prepare(_:)``, on the runner's workers, several
/// documents at once; ``process(_:)`` keeps the rest in order. Every file is written atomically (a temporary file renamed into
/// place); `corpus.jsonl` and `report.html` appear when the run finishes; the database takes
/// each document in one savepoint (committed in groups: `CorpusDatabase.documentsPerCommit`).
/// A document that cannot be written (a full disk, a folder in the way) fails that document
/// only, and leaves none of its files or rows behind: its
/// files are staged, the database takes it, then the files are renamed into place and its
/// corpus line appended. Outside batch runs nothing is written.
public struct ExportStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "export",
        summary: "Writes JSON, JSON Lines, Markdown, a searchable SQLite database and the run report.",
        options: [
            OptionSpec(
                "formats", .list(.choice(ExportFormat.allCases.map(\.rawValue))),
                default: .list([.string("json"), .string("jsonl")]),
                "What to write: json (docs/<id>.json), jsonl (corpus.jsonl), markdown (markdown/<id>.md), "
                    + "sqlite (galley.sqlite, searched by `galley search`), report (report.html)."),
            OptionSpec(
                "report_documents", .integer(min: 0), default: .int(1000),
                "Documents listed in report.html at most; failed documents are always all listed."),
        ],
        ordering: .inputOrder,
        writesOutput: true)

    let formats: Set<ExportFormat>
    let output: URL
    /// Whether this run writes files at all (only `galley run` does).
    let writesFiles: Bool
    let reportDocuments: Int
    let corpus: CorpusWriter?
    let database: CorpusDatabase?
    let ledger: DocumentLedger?
    /// Documents prepared and not yet processed, by id.
    let prepared: PreparedDocuments
    /// The paths of the output folder, `output/docs` and `output/markdown`, taken once: a
    /// document's files are named by paths (URLs made and taken apart per file cost more than
    /// writing a small file's bytes).
    let outputPath: String
    let documentFolder: String
    let markdownFolder: String
    /// Those two folders checked once for what does not change during the run (nil when a
    /// file in them takes the full check, ``OutputPath/checkInside(path:output:outputPath:)``).
    let plainDocumentFolder: OutputPath.PlainFolder?
    let plainMarkdownFolder: OutputPath.PlainFolder?

    public init(setup: StageSetup) throws {
        formats = Set((setup.options.strings("formats") ?? []).compactMap(ExportFormat.init(rawValue:)))
        output = setup.outputDirectory
        writesFiles = setup.mode == .batch
        reportDocuments = setup.options.int("report_documents") ?? 1000
        corpus = writesFiles && formats.contains(.jsonl)
            ? try CorpusWriter(destination: output.appendingPathComponent("corpus.jsonl"))
            : nil
        database = writesFiles && formats.contains(.sqlite)
            ? try CorpusDatabase(writingTo: output.appendingPathComponent(CorpusDatabase.fileName),
                                 recovered: { [logger = setup.logger] in logger.warning("\($0)") })
            : nil
        ledger = writesFiles && formats.contains(.report) ? DocumentLedger() : nil
        prepared = PreparedDocuments()
        outputPath = output.path
        documentFolder = Self.folderPath(output.appendingPathComponent("docs", isDirectory: true))
        markdownFolder = Self.folderPath(output.appendingPathComponent("markdown", isDirectory: true))
        plainDocumentFolder = OutputPath.PlainFolder(documentFolder, outputPath: outputPath)
        plainMarkdownFolder = OutputPath.PlainFolder(markdownFolder, outputPath: outputPath)
    }

    /// Encodes the document and writes its own files under temporary names (see ``StagedFiles``).
    public func prepare(_ document: inout Document) throws {
        document.materializeSections()
        guard writesFiles else { return }
        prepared.put(try stage(document), for: document.id)
    }

    /// The document's files staged under temporary names (renamed into place only once the
    /// database has taken it, so that a document that fails leaves none of this run's files
    /// behind), and its corpus line.
    func stage(_ document: Document) throws -> PreparedDocument {
        // An id read back from a tampered docs/<id>.json must not name a file elsewhere.
        guard DocumentID.isSafe(document.id) else {
            throw StageError("the document id '\(document.id)' is not a safe file name; nothing is written for it")
        }
        var staged = StagedFiles()
        let large = Self.isLarge(document)
        // One tree for the file and the line (`GalleyJSON.file` and `.line` build one each).
        let json = document.orderedJSON
        do {
            if formats.contains(.json) {
                let path = documentFolder + "/" + document.id + ".json"
                try checkInside(path, plainDocumentFolder)
                if large {
                    try staged.stage(for: path) { json.write(to: $0, pretty: true, newline: true) }
                } else {
                    try staged.stage(json.data(pretty: true, newline: true), for: path)
                }
            }
            if formats.contains(.markdown) {
                let path = markdownFolder + "/" + document.id + ".md"
                try checkInside(path, plainMarkdownFolder)
                if large {
                    try staged.stage(for: path) { MarkdownRenderer.write(document, to: $0) }
                } else {
                    try staged.stage(MarkdownRenderer.render(document), for: path)
                }
            }
        } catch {
            staged.discard()
            throw error
        }
        // A large document's line is written straight to the corpus in its turn (``process(_:)``).
        return PreparedDocument(files: staged, corpusLine: corpus == nil || large ? nil : json.data())
    }

    /// Throws unless the file at `path`, named by a safe id in `folder`, lies inside the output
    /// folder.
    private func checkInside(_ path: String, _ folder: OutputPath.PlainFolder?) throws {
        if folder?.holdsPlainly() == true { return }
        try OutputPath.checkInside(path: path, output: output, outputPath: outputPath)
    }

    /// The path of a folder, without a final `/`.
    static func folderPath(_ folder: URL) -> String {
        let path = folder.path
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Documents whose text is at least this many bytes have their JSON, corpus line and
    /// Markdown written to their files a buffer at a time, never held whole: the JSON holds the
    /// text twice (the document's and its sections'), so it would take about twice the
    /// document's size while the document itself is still held.
    static let streamingBytes = 1 << 20

    static func isLarge(_ document: Document) -> Bool {
        document.text.utf8.count >= streamingBytes
    }

    /// The fingerprint (``CorpusDatabase/fingerprint(_:)``) of `document`'s JSON line, hashed as
    /// the line is written to `corpus` when there is one (nil when no database needs it).
    /// Without a corpus, or when the corpus can no longer be written, the line only goes
    /// through the hash.
    private func streamCorpusLine(of document: Document, appended: inout Bool) -> String? {
        let start = database == nil ? nil : CorpusDatabase.fingerprintStart
        let json = document.orderedJSON
        if let corpus, let sink = corpus.append(id: document.id, hashFrom: start, writing: { json.write(to: $0) }) {
            appended = true
            return sink.hash.map(StableHash.hex)
        }
        guard let start else { return nil }
        let sink = ByteSink(descriptor: nil, hashFrom: start)
        json.write(to: sink)
        return sink.hash.map(StableHash.hex)
    }

    public func process(_ document: inout Document) throws -> Disposition {
        document.materializeSections()
        guard writesFiles else { return .keep }
        var ready = try prepared.take(document.id) ?? stage(document)
        var staged = ready.files
        defer { staged.discard() }
        // The corpus line goes to the corpus's file first, so that it is not held in memory (as
        // large as the document twice over) while the database copies and indexes the text;
        // should the document fail after, its line is withdrawn.
        var fingerprint = database == nil ? nil : ready.corpusLine.map(CorpusDatabase.fingerprint)
        var appended = false
        if let line = ready.corpusLine.take() {
            if let corpus {
                corpus.append(line: line, id: document.id)
                appended = true
            }
        } else if Self.isLarge(document) && (corpus != nil || database != nil) {
            fingerprint = streamCorpusLine(of: document, appended: &appended)
        }
        do {
            try database?.write(document, fingerprint: fingerprint)
        } catch {
            if appended { corpus?.withdraw(document.id) }
            throw error
        }
        do {
            try staged.commit()
        } catch {
            // A rename that fails (a folder in the way) fails the document: take it out of the
            // database and the corpus again, so that no format holds a document the run reports
            // as failed.
            try? database?.remove(document.id)
            if appended { corpus?.withdraw(document.id) }
            throw error
        }
        ledger?.append(DocumentRow(document))
        return .keep
    }

    /// Commits the corpus, records the run in the database and writes the report. Each is
    /// tried even when an earlier one fails; the errors are reported together.
    ///
    /// Documents whose inputs disappeared (`output.prune`) lose their Markdown and their rows.
    /// A run stopped by a signal keeps the previous `corpus.jsonl` and `report.html`, which
    /// describe a whole run; the documents it wrote to the database stay, and its `runs` row
    /// says `interrupted`.
    public func finish(_ run: RunSummary) throws {
        guard writesFiles else { return }
        prepared.discardAll()
        var problems: [String] = []
        if run.interrupted {
            corpus?.discard()
        } else {
            do { try corpus?.commit(inputOrder: run.inputOrder) } catch { problems.append("\(error)") }
        }
        if formats.contains(.markdown) {
            for id in run.removedDocumentIDs {
                guard let url = try? OutputPath.file(id + ".md", in: "markdown", of: output) else { continue }
                if FileManager.default.fileExists(atPath: url.path) {
                    do { try FileManager.default.removeItem(at: url) } catch { problems.append("\(error)") }
                }
            }
        }
        if let database {
            do {
                for id in run.removedDocumentIDs { try database.remove(id) }
                try database.recordRun(run)
            } catch {
                problems.append("\(error)")
            }
            do { try database.close() } catch { problems.append("\(error)") }
        }
        if let ledger, !run.interrupted {
            let report = RunReport(
                run: run, documents: ledger.all(inInputOrder: run.inputOrder), documentLimit: reportDocuments,
                linksJSON: formats.contains(.json), linksMarkdown: formats.contains(.markdown))
            do {
                try OutputFile.write(Data(report.html.utf8), to: output.appendingPathComponent("report.html"))
                if run.shard != nil {
                    try ShardReport(report).save(in: output)
                }
            } catch {
                problems.append("\(error)")
            }
        }
        if !problems.isEmpty { throw StageError(problems.joined(separator: "; ")) }
    }

    /// Where the JSON of document `id` is written.
    public static func documentURL(for id: String, in output: URL) -> URL {
        output.appendingPathComponent("docs", isDirectory: true).appendingPathComponent(id + ".json", isDirectory: false)
    }

    /// Where the Markdown of document `id` is written.
    public static func markdownURL(for id: String, in output: URL) -> URL {
        output.appendingPathComponent("markdown", isDirectory: true).appendingPathComponent(id + ".md", isDirectory: false)
    }
}

/// A document ``ExportStage/prepare(_:)`` made ready: its staged files and its corpus line.
struct PreparedDocument: Sendable {
    var files: StagedFiles
    /// Nil without a corpus, and for a large document (``ExportStage/isLarge(_:)``), whose line
    /// is written to the corpus in its turn rather than held until then.
    var corpusLine: Data?
}

/// The documents prepared and waiting for their turn, by id (ids are unique within a run).
final class PreparedDocuments: Sendable {
    private let documents = Mutex<[String: PreparedDocument]>([:])

    func put(_ document: PreparedDocument, for id: String) {
        let replaced = documents.withLock { $0.updateValue(document, forKey: id) }
        if var replaced { replaced.files.discard() }
    }

    func take(_ id: String) -> PreparedDocument? {
        documents.withLock { $0.removeValue(forKey: id) }
    }

    /// Removes the temporary files of documents prepared but never processed.
    func discardAll() {
        let left = documents.withLock { documents in
            defer { documents.removeAll() }
            return Array(documents.values)
        }
        for var document in left { document.files.discard() }
    }
}

/// Files written under temporary names, to be renamed into place together; named by paths.
struct StagedFiles: Sendable {
    private var pending: [(temporary: String, destination: String)] = []

    /// Writes `data` (flushed to disk) under a temporary name next to `destination`, unless
    /// `destination` already holds exactly these bytes (a document replayed unchanged by an
    /// incremental run), which spares a write and an fsync.
    mutating func stage(_ data: Data, for destination: String) throws {
        try data.withUnsafeBytes { try stage(bytes: $0, for: destination) }
    }

    /// ``stage(_:for:)`` of the UTF-8 of `text`, written from the string's own storage (no
    /// `Data` copy of a large document's text).
    mutating func stage(_ text: String, for destination: String) throws {
        var text = text
        try text.withUTF8 { try stage(bytes: UnsafeRawBufferPointer($0), for: destination) }
    }

    /// ``stage(_:for:)`` of what `body` writes to the sink it is given, a buffer at a time (a
    /// large document's file); when `destination` already holds exactly those bytes, the
    /// temporary file is removed again and `destination` left as it is.
    mutating func stage(for destination: String, _ body: (ByteSink) -> Void) throws {
        let url = URL(fileURLWithPath: destination, isDirectory: false)
        let temporary = try OutputFile.writeTemporary(for: url, body)
        if OutputFile.sameContents(temporary, url) {
            try? FileManager.default.removeItem(at: temporary)
            return
        }
        pending.append((temporary.path, destination))
    }

    private mutating func stage(bytes: UnsafeRawBufferPointer, for destination: String) throws {
        if Self.holds(destination, bytes) { return }
        let temporary = try OutputFile.writeTemporary(bytes, forPath: destination)
        pending.append((temporary, destination))
    }

    /// Whether the file at `destination` holds exactly `bytes`: one `open` that fails when there
    /// is no such file (a first run), a `stat`, and a read only when the sizes are equal.
    static func holds(_ destination: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let descriptor = open(destination, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == bytes.count else {
            return false
        }
        guard let base = bytes.baseAddress else { return true }
        let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { existing.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let count = read(descriptor, existing.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return memcmp(existing.baseAddress!, base, bytes.count) == 0
    }

    /// Renames every staged file into place. When one rename fails, the files already renamed
    /// are removed too: the document then has none of its files rather than some.
    mutating func commit() throws {
        var renamed: [String] = []
        while !pending.isEmpty {
            let file = pending.removeFirst()
            do {
                try OutputFile.rename(path: file.temporary, to: file.destination)
                renamed.append(file.destination)
            } catch {
                try? FileManager.default.removeItem(atPath: file.temporary)
                for destination in renamed { try? FileManager.default.removeItem(atPath: destination) }
                throw error
            }
        }
    }

    /// Removes the staged files not renamed.
    mutating func discard() {
        for file in pending { try? FileManager.default.removeItem(atPath: file.temporary) }
        pending.removeAll()
    }
}

/// The output formats of the export stage.
public enum ExportFormat: String, CaseIterable, Sendable {
    case json, jsonl, markdown, sqlite, report
}
