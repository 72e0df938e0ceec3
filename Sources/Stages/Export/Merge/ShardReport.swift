import Foundation
import GalleyCore

/// What a shard's `report.html` was made from, kept in `.galley/shard-report.json` by a
/// `galley run --shard`, so that `galley merge` can write the report of the whole run.
public struct ShardReport: Codable, Sendable {
    public static let fileName = "shard-report.json"

    public var documentLimit: Int
    public var linksJSON: Bool
    public var linksMarkdown: Bool
    /// The exported documents, in input order.
    public var documents: [DocumentRow]

    init(_ report: RunReport) {
        documentLimit = report.documentLimit
        linksJSON = report.linksJSON
        linksMarkdown = report.linksMarkdown
        documents = report.documents
    }

    enum CodingKeys: String, CodingKey {
        case documents
        case documentLimit = "document_limit"
        case linksJSON = "links_json"
        case linksMarkdown = "links_markdown"
    }

    public static func url(in folder: URL) -> URL {
        folder.appendingPathComponent(".galley").appendingPathComponent(fileName)
    }

    /// The shard's report data, nil when the shard wrote no report.
    public static func load(from folder: URL) throws -> ShardReport? {
        let url = url(in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(ShardReport.self, from: Data(contentsOf: url))
    }

    func save(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try OutputFile.write(try encoder.encode(self), to: Self.url(in: folder))
    }

    /// Writes `report.html` in `output` for the whole run `run`, from the shards' report data:
    /// their documents in input order (`position` gives each document's place).
    public static func writeMerged(_ parts: [ShardReport], position: (String) -> Int, run: RunSummary, to output: URL) throws {
        guard let first = parts.first else { return }
        let documents = parts.flatMap(\.documents).sorted { position($0.id) < position($1.id) }
        let report = RunReport(run: run, documents: documents, documentLimit: first.documentLimit,
                               linksJSON: first.linksJSON, linksMarkdown: first.linksMarkdown)
        try OutputFile.write(Data(report.html.utf8), to: output.appendingPathComponent("report.html"))
    }
}
