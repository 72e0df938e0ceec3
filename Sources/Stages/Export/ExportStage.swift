import Foundation
import GalleyCore

/// Writes the results of a run: a JSON file per document and the corpus as JSON Lines.
///
/// Documents reach this stage one at a time in input order, so `corpus.jsonl` lists them in
/// the order of the inputs. The corpus is written to a temporary file and renamed into place
/// when the run finishes; per-document files are each written atomically.
public struct ExportStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "export",
        summary: "Writes documents as JSON files and the corpus as JSON Lines.",
        options: [
            OptionSpec(
                "formats", .list(.choice(ExportFormat.allCases.map(\.rawValue))),
                default: .list([.string("json"), .string("jsonl")]),
                "What to write: json (docs/<id>.json), jsonl (corpus.jsonl)."),
        ],
        ordering: .inputOrder,
        writesOutput: true)

    let formats: Set<ExportFormat>
    let output: URL
    let corpus: CorpusWriter?

    public init(setup: StageSetup) throws {
        formats = Set((setup.options.strings("formats") ?? []).compactMap(ExportFormat.init(rawValue:)))
        output = setup.outputDirectory
        corpus = (formats.contains(.jsonl) && setup.mode == .batch)
            ? try CorpusWriter(destination: output.appendingPathComponent("corpus.jsonl"))
            : nil
    }

    public func process(_ document: inout Document) throws -> Disposition {
        document.materializeSections()
        if formats.contains(.json) {
            try OutputFile.write(GalleyJSON.file(document), to: Self.documentURL(for: document.id, in: output))
        }
        if let corpus {
            try corpus.append(document)
        }
        return .keep
    }

    public func finish(_ run: RunSummary) throws {
        try corpus?.commit()
    }

    /// Where the JSON of document `id` is written.
    public static func documentURL(for id: String, in output: URL) -> URL {
        output.appendingPathComponent("docs").appendingPathComponent(id + ".json")
    }
}

/// The output formats of the export stage.
public enum ExportFormat: String, CaseIterable, Sendable {
    case json, jsonl
}
