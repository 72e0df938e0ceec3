import Foundation
import GalleyCore

/// Makes raw OCR and PDF text right before anything else reads it: Unicode normalization,
/// control, invisible and private-use characters, mojibake, full-width ASCII, ligatures,
/// letter-spaced headings, whitespace and page furniture. Every rule is an option.
///
/// What it changed is counted in the document's metadata (`cleanup.mojibake_fixed`,
/// `cleanup.controls_removed`, …) and summed over the run by the runner.
public struct CleanupStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "cleanup",
        summary: "Repairs raw text: Unicode normalization, control and zero-width characters, mojibake, full-width ASCII, ligatures, whitespace, page headers, footers and numbers.",
        options: [
            OptionSpec("normalize", .choice(TextCleaner.Normalization.allCases.map(\.rawValue)), default: .string("nfc"),
                       "Unicode normalization form: nfc, nfkc (also folds compatibility characters) or none."),
            OptionSpec("controls", .boolean, default: .bool(true),
                       "Remove control characters except newline and tab (one inside a word, which stood for a glyph, becomes U+FFFD); `\\r\\n` and `\\r` become `\\n`."),
            OptionSpec("invisible", .boolean, default: .bool(true),
                       "Remove zero-width spaces, word joiners, byte-order marks and soft hyphens (U+00AD)."),
            OptionSpec("private_use", .choice(CharacterFilter.PrivateUse.allCases.map(\.rawValue)), default: .string("paragraph"),
                       "Private-use characters (news feeds' paragraph marks such as U+E40C): paragraph break, remove or keep."),
            OptionSpec("mojibake", .boolean, default: .bool(true),
                       "Repair UTF-8 text that was decoded as Latin-1, Windows-125x, ISO-8859-2, MacRoman or CP437 (`cafÃ©` → `café`), also under HTML entities; text that is already right is never changed."),
            OptionSpec("fullwidth_ascii", .boolean, default: .bool(true),
                       "Turn full-width letters and digits (and punctuation inside them) into ASCII: `ＶＩＰ` → `VIP`, `２０１２年` → `2012年`."),
            OptionSpec("ligatures", .boolean, default: .bool(true),
                       "Expand typographic ligatures: `ﬁ` → `fi`, `ﬂ` → `fl`, `ﬀ` `ﬃ` `ﬄ` `ŉ` `ĳ`."),
            OptionSpec("letter_spacing", .boolean, default: .bool(true),
                       "Join letter-spaced words of PDF headings: `F i g u r e 1` → `Figure 1` (four letters or more)."),
            OptionSpec("whitespace", .boolean, default: .bool(true),
                       "Trim lines, collapse runs of spaces (U+3000 too) and keep at most one blank line between paragraphs."),
            OptionSpec("page_furniture", .boolean, default: .bool(true),
                       "Remove running heads, footers and page numbers that recur at page breaks (form feeds, or lines repeating every N lines)."),
        ])

    let cleaner: TextCleaner

    public init(setup: StageSetup) throws {
        let options = setup.options
        var cleaner = TextCleaner()
        cleaner.normalization = TextCleaner.Normalization(rawValue: options.string("normalize") ?? "nfc") ?? .nfc
        cleaner.characters.removeControls = options.bool("controls") ?? true
        cleaner.characters.removeInvisible = options.bool("invisible") ?? true
        cleaner.characters.privateUse = CharacterFilter.PrivateUse(rawValue: options.string("private_use") ?? "paragraph") ?? .paragraph
        cleaner.characters.expandLigatures = options.bool("ligatures") ?? true
        cleaner.characters.halfwidthASCII = options.bool("fullwidth_ascii") ?? true
        cleaner.repairMojibake = options.bool("mojibake") ?? true
        cleaner.letterSpacing = options.bool("letter_spacing") ?? true
        cleaner.whitespace = options.bool("whitespace") ?? true
        cleaner.pageFurniture = options.bool("page_furniture") ?? true
        self.cleaner = cleaner
    }

    public func process(_ document: inout Document) throws -> Disposition {
        let result = cleaner.clean(document.text)
        document.text = result.text
        for (name, value) in result.counts.named where value > 0 {
            document.metadata.count("cleanup.\(name)", by: value)
        }
        return .keep
    }
}
