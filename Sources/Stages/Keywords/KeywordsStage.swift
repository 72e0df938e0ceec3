import Foundation
import GalleyCore

/// Finds the top terms of every section and stores them in `sections[i].keywords`.
///
/// Terms are words for alphabetic scripts (lower-cased, stop words and numbers left out) and
/// character n-grams for Chinese, Japanese and Korean, which are written without spaces.
/// Terms are ranked by TF-IDF *within the document*: term frequency in the section times an
/// inverse frequency over the document's sections, so a term every article of a page uses
/// ranks below one that only this article uses. The run-wide TF-IDF would need a second pass
/// over every document before the first could be written; this per-document score needs one
/// pass and gives every document the same keywords whatever else is in the run.
/// See docs/stages/keywords.md.
public struct KeywordsStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "keywords",
        summary: "Top terms of every section: words for Latin scripts, character n-grams for CJK (TF-IDF within the document).",
        options: [
            OptionSpec("count", .integer(min: 1, max: 100), default: .int(5),
                       "Terms per section at most; fewer when a section has fewer candidates."),
            OptionSpec("max_ngram", .integer(min: 2, max: 8), default: .int(4),
                       "The longest CJK character n-gram considered (the shortest is 2)."),
            OptionSpec("min_count", .integer(min: 1), default: .int(2),
                       "A CJK n-gram must occur at least this often in a section (single occurrences are mostly noise)."),
            OptionSpec("stop_words", .list(.string), default: .list([]),
                       "More words (or CJK terms) never to return, added to the built-in stop lists."),
        ])

    let count: Int
    let extractor: TermExtractor

    public init(setup: StageSetup) throws {
        count = setup.options.int("count") ?? 5
        extractor = TermExtractor(
            maximumNGram: setup.options.int("max_ngram") ?? 4,
            minimumCJKCount: setup.options.int("min_count") ?? 2,
            extraStopWords: Set((setup.options.strings("stop_words") ?? []).map { $0.lowercased() }))
    }

    public func process(_ document: inout Document) throws -> Disposition {
        document.materializeSections()
        let sectionTerms = document.sections.map { section in
            extractor.terms(in: [section.title, section.subtitle].compactMap { $0 } + [section.text])
        }
        let ranked = TermRanking.rank(sectionTerms, count: count)
        for index in document.sections.indices {
            document.sections[index].keywords = ranked[index]
        }
        document.metadata.count("keywords.terms", by: ranked.reduce(0) { $0 + $1.count })
        return .keep
    }
}

/// TF-IDF over the sections of one document.
enum TermRanking {
    /// The top `count` terms of every section, best first; ties go to the longer term, then to
    /// the one that occurs first.
    static func rank(_ sections: [[TermCount]], count: Int) -> [[String]] {
        var documentFrequency: [String: Int] = [:]
        for terms in sections {
            for term in terms { documentFrequency[term.term, default: 0] += 1 }
        }
        let sectionCount = Double(sections.count)
        return sections.map { terms in
            // The length in characters is counted once per term, not in every comparison.
            let scored = terms.map { term in
                let idf = log((1 + sectionCount) / (1 + Double(documentFrequency[term.term] ?? 1))) + 1
                return (term: term, score: Double(term.count) * idf, length: term.term.count)
            }
            return scored.sorted { lhs, rhs in
                if lhs.score != rhs.score { return lhs.score > rhs.score }
                if lhs.length != rhs.length { return lhs.length > rhs.length }
                return lhs.term.firstOffset < rhs.term.firstOffset
            }.prefix(count).map(\.term.term)
        }
    }
}
