import GalleyCore
import GalleyText

/// Writes an extractive summary of every section: its most central sentences, verbatim and in
/// document order, in ``Section/summary``.
///
/// Sentences come from ``SentenceSplitter`` (never across paragraphs) and are ranked by
/// ``SentenceRanker``: PageRank on a similarity graph bounded by a window and a number of
/// neighbours, weighed by position and length priors, with near repeats skipped. A section
/// shorter than `min_chars` characters gets an empty summary. Works on every section the
/// document has, or on the whole text as one section when no sectioning stage ran.
public struct SummarizeStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "summarize",
        summary: "Extractive summary of every section: graph-ranked sentences, verbatim, in order.",
        options: [
            OptionSpec("sentences", .integer(min: 1), default: .int(3), "Sentences per summary."),
            OptionSpec("ratio", .number(min: 0, max: 1),
                       "When set: round(ratio × the section's sentences), at least 1, instead of `sentences`."),
            OptionSpec("algorithm", .choice(RankingAlgorithm.allCases.map(\.rawValue)), default: .string("textrank"),
                       "textrank (term overlap), lexrank (TF-IDF cosine) or lead (the first sentences)."),
            OptionSpec("min_chars", .integer(min: 0), default: .int(100),
                       "Sections with fewer characters get an empty summary."),
            OptionSpec("window", .integer(min: 1), default: .int(50),
                       "Graph bound: sentences compared on each side of a sentence."),
            OptionSpec("neighbours", .integer(min: 1), default: .int(20),
                       "Graph bound: most similar neighbours each sentence keeps."),
            OptionSpec("lead_bias", .number(min: 0), default: .number(3),
                       "Position prior: the first sentence's rank is multiplied by 1 + lead_bias."),
            OptionSpec("redundancy", .number(min: 0, max: 1), default: .number(0.7),
                       "Skip a sentence this similar (cosine) to one already chosen; 1 skips only repeats."),
        ])

    let sentenceCount: Int
    let ratio: Double?
    let minChars: Int
    let ranker: SentenceRanker
    let splitter = SentenceSplitter()
    /// Term tables and stems, reused by the workers from section to section.
    let workspaces = TermWorkspacePool()

    public init(setup: StageSetup) throws {
        let options = setup.options
        sentenceCount = options.int("sentences") ?? 3
        ratio = options.double("ratio")
        minChars = options.int("min_chars") ?? 100
        let name = options.string("algorithm") ?? RankingAlgorithm.textrank.rawValue
        guard let algorithm = RankingAlgorithm(rawValue: name) else {
            throw StageError("summarize: unknown algorithm '\(name)'")
        }
        ranker = SentenceRanker(
            algorithm: algorithm,
            window: options.int("window") ?? 50,
            neighbours: options.int("neighbours") ?? 20,
            leadBias: options.double("lead_bias") ?? 3,
            redundancy: options.double("redundancy") ?? 0.7)
    }

    public func process(_ document: inout Document) throws -> Disposition {
        document.materializeSections()
        var sentences = 0
        for index in document.sections.indices {
            let summary = summarize(document.sections[index].text)
            document.sections[index].summary = summary
            sentences += summary.count
        }
        document.metadata.count("summarize.sections", by: document.sections.count)
        document.metadata.count("summarize.sentences", by: sentences)
        return .keep
    }

    /// The summary of one section's text.
    public func summarize(_ text: String) -> [String] {
        guard Self.hasAtLeast(minChars, charactersIn: text) else { return [] }
        // Sentences and tokens are read straight from the UTF-8, as byte ranges; only the chosen
        // sentences become strings.
        var storage = text
        return storage.withUTF8 { utf8 in
            workspaces.withWorkspace { workspace in
                workspace.sentences.removeAll(keepingCapacity: true)
                splitter.appendSentenceByteRanges(in: utf8, to: &workspace.sentences)
                let sentences = workspace.sentences
                guard !sentences.isEmpty else { return [] }
                let count: Int
                if let ratio {
                    count = max(1, Int((ratio * Double(sentences.count)).rounded()))
                } else {
                    count = sentenceCount
                }
                let chosen = ranker.select(in: utf8, sentences: sentences, count: count, workspace: workspace)
                return chosen.map { String(decoding: UnsafeBufferPointer(rebasing: utf8[sentences[$0]]), as: UTF8.self) }
            }
        }
    }

    /// Whether `text` has at least `count` characters, counting no further than that.
    static func hasAtLeast(_ count: Int, charactersIn text: String) -> Bool {
        guard count > 0 else { return true }
        guard text.utf8.count >= count else { return false }
        // `count` bytes of ASCII other than a carriage return (which joins a line feed after
        // it) are `count` characters.
        var storage = text
        let asciiPrefix = storage.withUTF8 { bytes in
            (0..<count).allSatisfy { bytes[$0] < 0x80 && bytes[$0] != 0x0D }
        }
        if asciiPrefix { return true }
        // So are `count` scalars that each stand alone (most of a Chinese or Japanese text),
        // counted without the grapheme breaking that a character at a time costs.
        var alone = 0
        for scalar in text.unicodeScalars {
            guard standsAlone(scalar) else { break }
            alone += 1
            if alone >= count { return true }
        }
        var seen = 0
        for _ in text {
            seen += 1
            if seen >= count { return true }
        }
        return false
    }

    /// Whether `scalar` is a character of its own next to another such scalar: ASCII but the
    /// carriage return, CJK ideographs, the CJK and fullwidth punctuation and halfwidth katakana,
    /// and the dashes and quotation marks. None of them extends, joins to or prepends to another
    /// (Unicode's grapheme cluster breaks: between two of them there is always a break, GB999),
    /// unlike the combining marks at U+302A–U+302F and U+FF9E–U+FF9F, which are left out.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x0D, 0x0E..<0x80, 0x2010...0x2027, 0x3000...0x3029, 0x3030...0x303F, 0x4E00...0x9FFF, 0xFF01...0xFF9D:
            true
        default:
            false
        }
    }
}
