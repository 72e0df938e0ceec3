import Foundation
import GalleyCore
import GalleyText

/// Rejoins words and paragraphs broken at line, column and page ends: `exam-\nple` → `example`
/// but `well-\nknown` → `well-known`, hard-wrapped lines unwrapped, CJK paragraphs split
/// mid-sentence across blank lines (`利用外\n\n资总体平稳`) healed without a space. Headings,
/// bylines, subtitles, captions, credits and list items are never joined to their neighbours.
///
/// Decisions are counted in the document's metadata: `dehyphenate.joined` (hyphen removed),
/// `dehyphenate.kept` (hyphen kept), `dehyphenate.unwrapped` (line breaks inside a paragraph),
/// `dehyphenate.healed` (paragraphs rejoined across a blank line).
public struct DehyphenateStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "dehyphenate",
        summary: "Rejoins words hyphenated at line ends, unwraps hard-wrapped lines and heals CJK paragraphs split across blank lines; headings are never joined.",
        options: [
            OptionSpec("lexicon", .path,
                       "Word list (one word a line) used to tell broken words from compounds; default /usr/share/dict/words when present, else none."),
            OptionSpec("use_lexicon", .boolean, default: .bool(true),
                       "Use a word list at all (false: decide from the document and the rules only)."),
            OptionSpec("hyphens", .boolean, default: .bool(true),
                       "Join words hyphenated at line ends (`con-\\ntribution` → `contribution`, `north-\\neast` → `north-east`)."),
            OptionSpec("unwrap", .boolean, default: .bool(true),
                       "Join the hard-wrapped lines of a paragraph (a space between Latin words, none between CJK characters)."),
            OptionSpec("cjk_paragraphs", .boolean, default: .bool(true),
                       "Heal CJK paragraphs that the layout split mid-sentence across blank lines (`利用外\\n\\n资总体平稳`)."),
            OptionSpec("compound_prefixes", .list(.string),
                       default: .list(HyphenJudge.defaultPrefixes.map { .string($0) }),
                       "First parts that make a compound before a real word (`non-committal`, `well-known`)."),
        ])

    let joiner: BrokenLineJoiner

    public init(setup: StageSetup) throws {
        let options = setup.options
        var lexicon: WordList?
        if options.bool("use_lexicon") ?? true {
            if let url = setup.url(forPathOption: "lexicon") {
                do {
                    lexicon = try WordList(contentsOf: url)
                } catch {
                    throw StageError("dehyphenate: cannot read the lexicon \(url.path): \(error.localizedDescription)")
                }
            } else {
                lexicon = Self.systemLexicon
            }
        }
        let prefixes = Set((options.strings("compound_prefixes") ?? HyphenJudge.defaultPrefixes).map { $0.lowercased() })
        var joiner = BrokenLineJoiner(judge: HyphenJudge(lexicon: lexicon, prefixes: prefixes))
        joiner.hyphens = options.bool("hyphens") ?? true
        joiner.unwrap = options.bool("unwrap") ?? true
        joiner.healParagraphs = options.bool("cjk_paragraphs") ?? true
        self.joiner = joiner
    }

    /// The system word list, read once per process however many stages use it.
    static let systemLexicon: WordList? = WordList.system()

    /// Whether a word list is in use.
    public var hasLexicon: Bool { joiner.judge.lexicon != nil }

    public func process(_ document: inout Document) throws -> Disposition {
        let result = joiner.join(document.text)
        document.text = result.text
        let counts = result.counts
        for (name, value) in [("joined", counts.joined), ("kept", counts.kept),
                              ("unwrapped", counts.unwrapped), ("healed", counts.healed)] where value > 0 {
            document.metadata.count("dehyphenate.\(name)", by: value)
        }
        return .keep
    }
}
