import Foundation
import GRDB
import GalleyCore

/// The markers put around matched text in a snippet.
public struct Highlight: Sendable, Hashable {
    public var open: String
    public var close: String

    public init(open: String, close: String) {
        self.open = open
        self.close = close
    }

    /// `[match]`: for JSON and for output that is not a terminal.
    public static let brackets = Highlight(open: "[", close: "]")
    /// Bold yellow on an ANSI terminal.
    public static let terminal = Highlight(open: "\u{1B}[1;33m", close: "\u{1B}[0m")
}

/// One passage that matched a search: a section or a caption of a document.
public struct SearchHit: Sendable, Hashable {
    public var document: String
    public var source: String
    /// The position of the section in the document (the caption's section for a caption).
    public var section: Int?
    /// The section's title (or, lacking one, its subtitle or kicker).
    public var sectionTitle: String?
    /// The position of the caption in the document, when the hit is a caption.
    public var caption: Int?
    /// Some words around the match, with the matches between the highlight markers, on one line.
    public var snippet: String
    /// Higher is better: the negated BM25 score of the index that found it, or the number of
    /// occurrences for terms found by a scan.
    public var score: Double

    /// The hit as a JSON object for `galley search --json`.
    public var orderedJSON: OrderedJSON {
        .object([
            ("document", .string(document)),
            ("source", .string(source)),
            ("section", section.map { .int($0) } ?? .null),
            ("section_title", sectionTitle.map { .string($0) } ?? .null),
            ("caption", caption.map { .int($0) } ?? .null),
            ("snippet", .string(snippet)),
            ("score", .double(score)),
        ])
    }
}

extension CorpusDatabase {
    /// The passages that match every term of `query`, best first.
    public func search(_ query: SearchQuery, limit: Int = 10, highlight: Highlight = .brackets) throws -> [SearchHit] {
        guard !query.isEmpty, limit > 0 else { return [] }
        let words = query.terms(.words)
        let trigrams = query.terms(.trigrams)
        let substrings = query.terms(.substring)
        do {
            return try queue.read { db in
                if !words.isEmpty {
                    let hits = try Self.indexSearch(
                        db, index: "search_words", terms: words, trigramFilter: trigrams,
                        substrings: substrings, limit: limit, highlight: highlight, snippetTokens: 16)
                    // Nothing by words: look for the words as substrings (part numbers, halves of
                    // compounds) when each is long enough for the trigram index.
                    if !hits.isEmpty || words.contains(where: { $0.unicodeScalars.count < 3 }) { return hits }
                    return try Self.indexSearch(
                        db, index: "search_trigrams", terms: words + trigrams, trigramFilter: [],
                        substrings: substrings, limit: limit, highlight: highlight, snippetTokens: 40)
                }
                if !trigrams.isEmpty {
                    return try Self.indexSearch(
                        db, index: "search_trigrams", terms: trigrams, trigramFilter: [],
                        substrings: substrings, limit: limit, highlight: highlight, snippetTokens: 40)
                }
                return try Self.scan(db, substrings: substrings, limit: limit, highlight: highlight)
            }
        } catch {
            throw StageError("cannot search \(url.lastPathComponent): \(Self.message(error))")
        }
    }

    static let hitColumns = """
        p.document_id, d.source, p.section, p.caption, coalesce(s.title, s.subtitle, s.kicker) AS section_title,
        p.heading, p.body
        """

    static let hitJoins = """
        JOIN documents d ON d.id = p.document_id
        LEFT JOIN sections s ON s.document_id = p.document_id AND s.position = p.section
        """

    /// Passages that `index` matches for `terms`, also matching the trigram filter and
    /// containing every substring, ranked by BM25 with the heading weighing four times the body.
    static func indexSearch(
        _ db: Database, index: String, terms: [String], trigramFilter: [String], substrings: [String],
        limit: Int, highlight: Highlight, snippetTokens: Int
    ) throws -> [SearchHit] {
        var sql = """
            SELECT \(hitColumns), snippet(\(index), -1, ?, ?, '…', \(snippetTokens)) AS snippet,
                -bm25(\(index), 4.0, 1.0) AS score
            FROM \(index) JOIN passages p ON p.id = \(index).rowid
            \(hitJoins)
            WHERE \(index) MATCH ?
            """
        var arguments: StatementArguments = [highlight.open, highlight.close, SearchQuery.matchExpression(terms)]
        if !trigramFilter.isEmpty {
            sql += " AND p.id IN (SELECT rowid FROM search_trigrams WHERE search_trigrams MATCH ?)"
            arguments += [SearchQuery.matchExpression(trigramFilter)]
        }
        for substring in substrings {
            sql += " AND (instr(p.body, ?) > 0 OR instr(coalesce(p.heading, ''), ?) > 0)"
            arguments += [substring, substring]
        }
        sql += " ORDER BY score DESC, p.document_id, p.id LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            hit(row, snippet: row["snippet"], score: row["score"])
        }
    }

    /// Passages containing every one of `substrings` (CJK terms too short for the trigram
    /// index), ranked by how often they occur. Reads every passage.
    static func scan(_ db: Database, substrings: [String], limit: Int, highlight: Highlight) throws -> [SearchHit] {
        var conditions: [String] = []
        var occurrences: [String] = []
        var arguments: StatementArguments = []
        for substring in substrings {
            occurrences.append("(length(p.body) - length(replace(p.body, ?, ''))) / length(?)")
            arguments += [substring, substring]
        }
        for substring in substrings {
            conditions.append("(instr(p.body, ?) > 0 OR instr(coalesce(p.heading, ''), ?) > 0)")
            arguments += [substring, substring]
        }
        arguments += [limit]
        let sql = """
            SELECT \(hitColumns), \(occurrences.joined(separator: " + ")) AS score
            FROM passages p
            \(hitJoins)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY score DESC, p.document_id, p.id LIMIT ?
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let heading: String = row["heading"] ?? ""
            let body: String = row["body"]
            let text = body.contains(substrings[0]) || !heading.contains(substrings[0]) ? body : heading
            return hit(row, snippet: Snippet.around(substrings, in: text, highlight: highlight), score: row["score"])
        }
    }

    static func hit(_ row: Row, snippet: String?, score: Double?) -> SearchHit {
        SearchHit(
            document: row["document_id"], source: row["source"], section: row["section"],
            sectionTitle: row["section_title"], caption: row["caption"],
            snippet: Snippet.oneLine(snippet ?? ""), score: score ?? 0)
    }
}

/// Snippets cut by Galley rather than by FTS5 (for terms found by a scan).
enum Snippet {
    /// About `width` characters of `text` around the first occurrence of `terms[0]`, with every
    /// occurrence of every term between the highlight markers.
    static func around(_ terms: [String], in text: String, highlight: Highlight, width: Int = 48) -> String {
        let characters = Array(text)
        let first = terms.compactMap { text.range(of: $0) }.min { $0.lowerBound < $1.lowerBound }
        let start = first.map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
        let from = max(0, start - width / 3)
        let to = min(characters.count, from + width)
        let needles = terms.map(Array.init).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var piece = ""
        var index = from
        while index < to {
            if let needle = needles.first(where: { index + $0.count <= characters.count
                                                    && Array(characters[index..<index + $0.count]) == $0 }) {
                piece += highlight.open + String(needle) + highlight.close
                index += needle.count
            } else {
                piece.append(characters[index])
                index += 1
            }
        }
        return (from > 0 ? "…" : "") + piece + (index < characters.count ? "…" : "")
    }

    /// The snippet on one line: line breaks and runs of spaces become one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline || $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
