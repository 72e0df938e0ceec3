import GalleyCore
import GalleyText

/// Splits a document into sections — kicker, title, subtitle, byline, body — and sets its
/// language.
///
/// Finds Chinese newspaper conventions (headlines, column banners above them, `——` subtitles,
/// `□ 记者 …` bylines, bylines inside leads such as `本报讯（…）`, slogans standing alone, in-article
/// subheads) and English ones (Title Case and ALL CAPS headlines, `By …` bylines, datelines,
/// numbered and Markdown headings, `Abstract`, `References`). A text without structure becomes one
/// untitled section. Works on raw text (layout breaks, hard-wrapped lines) and on repaired text
/// with paragraphs separated by one blank line.
public struct SectionsStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "sections",
        summary: "Splits a document into sections: kicker, title, subtitle, byline and body; sets the language.",
        options: [
            OptionSpec("max_heading_chars", .integer(min: 4, max: 200), default: .int(40),
                       "Longest CJK line taken as a heading, in characters."),
            OptionSpec("max_heading_words", .integer(min: 2, max: 60), default: .int(16),
                       "Longest Latin-script line taken as a heading, in words."),
            OptionSpec("subheads", .choice(SubheadPolicy.allCases.map(\.rawValue)), default: .string("body"),
                       "A lone heading inside an article with a byline: body (keep it in the body) or sections (start a section)."),
            OptionSpec("keep_byline_role", .boolean, default: .bool(false),
                       "Keep the role word that opens a byline (记者 范玉贤) instead of removing it (范玉贤)."),
            OptionSpec("line_roles", .boolean, default: .bool(true),
                       "Read the page with the trained line-role model (furniture out, headlines and decks where blank lines are missing), or take what `dehyphenate` read with it on the raw page; false: the rules alone."),
            OptionSpec("detect_language", .boolean, default: .bool(true),
                       "Set the document's language from script statistics when no earlier stage set it."),
        ])

    let builder: SectionBuilder
    let detectLanguage: Bool

    public init(setup: StageSetup) throws {
        let options = setup.options
        var rules = HeadingRules()
        rules.maxHeadingCharacters = options.int("max_heading_chars") ?? 40
        rules.maxHeadingWords = options.int("max_heading_words") ?? 16
        let policy = SubheadPolicy(rawValue: options.string("subheads") ?? "body") ?? .body
        builder = SectionBuilder(rules: rules, subheads: policy, keepBylineRole: options.bool("keep_byline_role") ?? false,
                                tagger: (options.bool("line_roles") ?? true) ? LineRoleTagger.standard : nil)
        detectLanguage = options.bool("detect_language") ?? true
    }

    public func process(_ document: inout Document) throws -> Disposition {
        if detectLanguage, document.language == nil {
            document.language = LanguageDetector.detect(document.text)
        }
        var counts = SectionCounts()
        // The model's reading of the raw page, when `dehyphenate` handed it on for this very text.
        let handedOn = document.notes.note(PageRoles.self, describing: document.text)
        document.notes.remove(PageRoles.self)
        document.sections = builder.sections(of: document.text, handedOn: consume handedOn, counts: &counts)
        let metadata: [(String, Int)] = [
            ("sections.sections", document.sections.count),
            ("sections.titled", document.sections.reduce(0) { $0 + ($1.title != nil ? 1 : 0) }),
            ("sections.bylines", counts.bylines + counts.leads),
            ("sections.lead_bylines", counts.leads),
            ("sections.kickers", counts.kickers),
            ("sections.subtitles", counts.subtitles),
            ("sections.subheads_kept", counts.subheads),
        ]
        for (key, value) in metadata where value > 0 { document.metadata.count(key, by: value) }
        return .keep
    }
}
