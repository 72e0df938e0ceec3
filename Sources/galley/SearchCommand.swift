import ArgumentParser
import ExportStage
import Foundation
import GalleyCore

/// `galley search`: full-text search over the database the export stage writes.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Searches the documents of output/galley.sqlite.",
        discussion: """
            Every term must match. Chinese, Japanese and Korean terms match as substrings \
            (核酸采样); other terms match words with English stemming (vaccines finds vaccinated). \
            "Double quotes" keep a phrase together. Hits are printed best first with their \
            document, section title and a snippet; exit 2 when the database is missing.
            """)

    @Argument(help: "What to look for.")
    var query: String

    @Option(name: .long, help: "The database written by the export stage's sqlite format.")
    var db: String = "output/" + CorpusDatabase.fileName

    @Option(name: .long, help: "Hits to print at most.")
    var limit: Int = 10

    @Flag(name: .long, help: "Print JSON for tools: an array of hits.")
    var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let parsed = SearchQuery(query)
        if parsed.isEmpty {
            printError("error: the query has no words to look for")
            throw ExitCodes.configuration
        }
        let database: CorpusDatabase
        do {
            database = try CorpusDatabase(readingFrom: URL(fileURLWithPath: db))
        } catch {
            printError("error: \(error)")
            throw ExitCodes.configuration
        }
        let highlight = json || !Self.isColorTerminal ? Highlight.brackets : Highlight.terminal
        let hits: [SearchHit]
        do {
            hits = try database.search(parsed, limit: limit, highlight: highlight)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if json {
            printOutput(OrderedJSON.array(hits.map(\.orderedJSON)).serialized(pretty: true))
            return
        }
        if hits.isEmpty {
            printError("no matches for \(query)")
            return
        }
        var text = ""
        for (rank, hit) in hits.enumerated() {
            var place = [hit.document]
            if let title = hit.sectionTitle { place.append(title) }
            // The same number as the JSON and the database: the index in the document's captions.
            if let caption = hit.caption { place.append("captions[\(caption)]") }
            text += "\(rank + 1). \(place.joined(separator: " · "))\n   \(hit.snippet)\n"
        }
        StandardStream.output.write(Data(text.utf8))
    }

    /// Colors only for a terminal, and not when NO_COLOR is set (no-color.org).
    static var isColorTerminal: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
