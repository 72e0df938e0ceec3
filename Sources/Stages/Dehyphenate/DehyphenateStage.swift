import Foundation
import GalleyCore
import GalleyText
import Synchronization

/// Rejoins words and paragraphs broken at line, column and page ends: `exam-\nple` → `example`
/// but `well-\nknown` → `well-known`, hard-wrapped lines unwrapped, CJK paragraphs split
/// mid-sentence across blank lines (`利用外\n\n资总体平稳`) healed without a space. Headings,
/// bylines, subtitles, captions, credits and list items are never joined to their neighbours.
///
/// Decisions are counted in the document's metadata: `dehyphenate.joined` (hyphen removed),
/// `dehyphenate.kept` (hyphen kept), `dehyphenate.unwrapped` (line breaks inside a paragraph),
/// `dehyphenate.healed` (paragraphs rejoined across a blank line), `dehyphenate.joined_unhyphenated`
/// (words broken without a hyphen, rejoined).
///
/// Its evidence: the document's own spellings first, then a Hunspell dictionary and libhyphen
/// patterns named by the options (Debian's en_US by default; a named file that is missing is a
/// configuration error, never a quietly different result) and English word frequencies (compiled
/// in, or a list named by `word_frequencies`).
public struct DehyphenateStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "dehyphenate",
        summary: "Rejoins words hyphenated at line ends, unwraps hard-wrapped lines and heals CJK paragraphs split across blank lines; headings are never joined.",
        options: [
            OptionSpec("dictionary", .path, default: .string(Self.defaultDictionary),
                       "Hunspell spelling dictionary (path without .aff/.dic) used to tell broken words from compounds; missing: a configuration error."),
            OptionSpec("hyphenation", .path, default: .string(Self.defaultHyphenation),
                       "Hyphenation patterns (libhyphen .dic) telling where a word may break; missing: a configuration error."),
            OptionSpec("lexicon", .path,
                       "Extra word list (one word a line) counted as spelled right, beside the dictionary: names and terms of your documents."),
            OptionSpec("word_frequencies", .path,
                       "Word frequencies, `word zipf` a line (scripts/make_word_frequencies.py --text), telling one word cut in two from two words; unset: the English list compiled in (wordfreq 3.1.1, CC BY-SA 4.0) with an English dictionary, none with another; missing: a configuration error."),
            OptionSpec("use_lexicon", .boolean, default: .bool(true),
                       "Use the dictionary, the patterns, the word frequencies and the word list at all (false: decide from the document and the rules only)."),
            OptionSpec("cjk_words", .path, default: .string(Self.defaultChineseWords),
                       "Chinese word list with frequencies (jieba's dict.txt) telling whether a break falls inside a word; missing: a configuration error."),
            OptionSpec("unhyphenated", .boolean, default: .bool(true),
                       "Join words broken at a line end without a hyphen (`legis\\nlature` → `legislature`) when the dictionary or the document says they are one word."),
            OptionSpec("hyphens", .boolean, default: .bool(true),
                       "Join words hyphenated at line ends (`con-\\ntribution` → `contribution`, `north-\\neast` → `north-east`)."),
            OptionSpec("unwrap", .boolean, default: .bool(true),
                       "Join the hard-wrapped lines of a paragraph (a space between Latin words, none between CJK characters)."),
            OptionSpec("cjk_paragraphs", .boolean, default: .bool(true),
                       "Heal CJK paragraphs that the layout split mid-sentence across blank lines (`利用外\\n\\n资总体平稳`)."),
            OptionSpec("line_roles", .boolean, default: .bool(true),
                       "Ask the line-role model (GalleyText LineRoles) first: on hard-wrapped pages, a line it is sure is a headline, deck, byline, caption, credit or front matter (or a headline line in capitals) is set apart by blank lines and never joined to its neighbours; what it read goes on to `sections`, which then does not run the model again."),
            OptionSpec("compound_prefixes", .list(.string),
                       default: .list(HyphenJudge.defaultPrefixes.map { .string($0) }),
                       "First parts that make a compound before a real word (`non-committal`, `well-known`)."),
        ])

    let joiner: BrokenLineJoiner
    /// The line-role model that sets headlines, bylines and captions apart before joining, or nil.
    let lineRoles: LineRoleTagger?

    /// Debian's `hunspell-en-us` and `hyphen-en-us` (installed by `.ci/run`).
    public static let defaultDictionary = "/usr/share/hunspell/en_US"
    public static let defaultHyphenation = "/usr/share/hyphen/hyph_en_US.dic"
    /// Debian's `python3-jieba` (installed by `.ci/run`).
    public static let defaultChineseWords = "/usr/lib/python3/dist-packages/jieba/dict.txt"

    public init(setup: StageSetup) throws {
        let options = setup.options
        var lexicon = Lexicon.none
        var chineseWords: ChineseWords?
        // The line-role model, the spelling dictionary and the hyphenation patterns are read at
        // once, each on a thread of its own (every one is a different object; none is used before
        // it is read); a missing file is reported in the same order as when they were read one
        // after the other: the dictionary, the patterns, then the Chinese word list.
        let lineRolesOn = options.bool("line_roles") ?? true
        let readingModel = lineRolesOn ? BackgroundLoad { LineRoleTagger.standard } : nil
        if options.bool("use_lexicon") ?? true {
            let dictionary = setup.url(forPathOption: "dictionary")
            let readingSpelling = dictionary.map { url in
                BackgroundLoad { try SpellingDictionary.shared(base: url.path) }
            }
            // A user's word frequencies, or the English ones compiled in, decoded beside the
            // dictionary when they will fit it (`isEnglish` of the `.dic` it reads).
            let frequenciesURL = setup.url(forPathOption: "word_frequencies")
            let readingFrequencies = frequenciesURL == nil
                && Self.isEnglish(dictionary: dictionary.map { SpellingDictionary.dicPath(base: $0.path) })
                ? BackgroundLoad { WordFrequencies.english } : nil
            let patterns = Result { try setup.url(forPathOption: "hyphenation").map { try HyphenationPatterns.shared(path: $0.path) } }
            let words = Result {
                try (options.bool("cjk_paragraphs") ?? true ? setup.url(forPathOption: "cjk_words") : nil)
                    .map { try ChineseWords.shared(path: $0.path) }
            }
            do {
                lexicon.spelling = try readingSpelling?.value()
                lexicon.patterns = try patterns.get()
                chineseWords = try words.get()
            } catch let error as DictionaryError {
                throw StageError("dehyphenate: \(error.description)")
            }
            if let url = frequenciesURL {
                do {
                    lexicon.frequencies = try Self.frequencies(at: url)
                } catch let error as WordFrequencyError {
                    throw StageError("dehyphenate: \(error.description)")
                }
            } else {
                lexicon.frequencies = try readingFrequencies?.value()
            }
            if let url = setup.url(forPathOption: "lexicon") {
                do {
                    lexicon.words = try WordList(contentsOf: url)
                } catch {
                    throw StageError("dehyphenate: cannot read the lexicon \(url.path): \(error.localizedDescription)")
                }
            }
            if let spelling = lexicon.spelling, let patterns = lexicon.patterns {
                setup.logger.debug("dehyphenate: dictionary \(spelling.path) read in \(spelling.loadSeconds) s, patterns \(patterns.path) in \(patterns.loadSeconds) s, word frequencies (\(lexicon.frequencies?.source ?? "none")) in \(lexicon.frequencies?.loadSeconds ?? 0) s, Chinese words in \(chineseWords?.loadSeconds ?? 0) s")
            }
        }
        let prefixes = Set((options.strings("compound_prefixes") ?? HyphenJudge.defaultPrefixes).map { $0.lowercased() })
        var joiner = BrokenLineJoiner(judge: HyphenJudge(lexicon: lexicon, prefixes: prefixes))
        joiner.hyphens = options.bool("hyphens") ?? true
        joiner.unhyphenated = options.bool("unhyphenated") ?? true
        joiner.words = chineseWords
        joiner.unwrap = options.bool("unwrap") ?? true
        joiner.healParagraphs = options.bool("cjk_paragraphs") ?? true
        self.joiner = joiner
        // `LineRoleTagger.standard` read on the other thread; waited for (if need be) here.
        self.lineRoles = try readingModel?.value()
    }

    /// Whether a spelling dictionary or word list is in use.
    public var hasLexicon: Bool { joiner.judge.lexicon.knowsWords }

    /// How long reading the spelling dictionary and the hyphenation patterns took (once per
    /// process), in seconds.
    public var dictionaryLoadSeconds: Double {
        (joiner.judge.lexicon.spelling?.loadSeconds ?? 0) + (joiner.judge.lexicon.patterns?.loadSeconds ?? 0)
            + (joiner.judge.lexicon.frequencies?.loadSeconds ?? 0) + (joiner.words?.loadSeconds ?? 0)
    }

    /// Whether the spelling dictionary (its `.dic` path) is an English one (`en_US.dic`, `en_GB.dic`,
    /// `en.dic`), so that the English word frequencies compiled in fit it; with no dictionary, the
    /// frequencies are not asked either.
    static func isEnglish(dictionary path: String?) -> Bool {
        guard let path else { return false }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.lowercased()
        return name == "en" || name.hasPrefix("en_") || name.hasPrefix("en-")
    }

    /// A user's word frequency list, read once per process for each path.
    static func frequencies(at url: URL) throws -> WordFrequencies {
        let key = url.standardizedFileURL.path
        if let list = loadedFrequencies.withLock({ $0[key] }) { return list }
        let list = try WordFrequencies(contentsOf: url)
        return loadedFrequencies.withLock { table in
            if let existing = table[key] { return existing }
            table[key] = list
            return list
        }
    }

    private static let loadedFrequencies = Mutex<[String: WordFrequencies]>([:])

    /// A value read on a thread of its own while set-up goes on, waited for at ``value()``.
    final class BackgroundLoad<Value: Sendable>: Sendable {
        private let result = Mutex<Result<Value, any Error>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(_ read: @escaping @Sendable () throws -> Value) {
            DispatchQueue.global().async { [self] in
                let outcome = Result { try read() }
                result.withLock { $0 = outcome }
                done.signal()
            }
        }

        /// The value once read, or the error reading it threw.
        func value() throws -> Value {
            done.wait()
            done.signal()
            return try result.withLock { $0! }.get()
        }
    }

    public func process(_ document: inout Document) throws -> Disposition {
        let layout = lineRoles.flatMap { tagger in
            // Furniture is kept, so only a hard-wrapped page can change: no line's role is acted
            // on by itself (`longestDecisive: 0`), and the model is not run on any other page.
            Self.layoutMayChange(document.text)
                ? LineRoleLayout(document.text, tagger: tagger, removingFurniture: false, longestDecisive: 0) : nil
        }
        let text = layout?.text ?? document.text
        // The joiner reads `text`: the document's own copy goes first (when the line-role model
        // has set the page out anew, it is a second copy of the document).
        document.text = ""
        let result = joiner.join(text, roles: layout?.roles ?? [:])
        document.text = result.text
        // What the model read on the raw page goes on to `sections` with the joined text, so that
        // the model runs once (`sections` reads the page itself when there is no such note, or when
        // a stage between changed the text).
        if let layout, let roles = JoinedLineRoles.roles(of: layout, joined: document.text) {
            document.notes.set(roles, describing: document.text)
        }
        let counts = result.counts
        for (name, value) in [("joined", counts.joined), ("kept", counts.kept), ("joined_unhyphenated", counts.joinedWithoutHyphen),
                              ("unwrapped", counts.unwrapped), ("healed", counts.healed)] where value > 0 {
            document.metadata.count("dehyphenate.\(name)", by: value)
        }
        return .keep
    }

    /// Whether ``LineRoleLayout`` (furniture kept) could change `text`: only a page of at least
    /// ``LineRoleLayout/minimumLines`` lines is labelled, and only a break between two lines of
    /// one block can be put in. Most of `dehyphenate`'s time on other pages was the model's; a
    /// page printed one paragraph a line, or a short one, is now not labelled at all.
    static func layoutMayChange(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            return lines.count >= LineRoleLayout.minimumLines && lines.dropFirst().contains { !$0.blankBefore }
        }
    }
}
