/// What one line of a page is, as the line-role model labels it.
///
/// The `sections` and `captions` stages read the same labelling; `dehyphenate` can ask it whether a
/// line is a heading. The raw values are the labels of the trained model (`LineRoleModelData.swift`).
public enum LineRole: String, CaseIterable, Sendable {
    /// A column banner or overline above a headline.
    case kicker
    /// A headline or a section heading (one line of it: a headline printed on two lines is two `title` lines).
    case title
    /// A deck or `——` subtitle under a headline.
    case subtitle
    /// An author line: `By Jane Doe`, `□ 记者 范玉贤`.
    case byline
    /// A line that opens a story with its place and date: `WASHINGTON, Jan. 31 —`.
    case dateline
    /// Running text.
    case body
    /// A heading inside an article (`一、…`), which never starts a new article.
    case subhead
    /// A photo, figure or table caption (any line of it).
    case caption
    /// A photo credit on its own line: `陆新 摄`, `Photo: AP`.
    case credit
    /// A paper's front matter: authors, affiliations, venue lines, e-mails.
    case front
    /// Running heads, page and edition lines, navigation, page numbers.
    case furniture
    /// A row of a table or stock list.
    case table
    /// Anything else: code, formulas, figure text.
    case other

    /// Roles that begin or make up the head of a section.
    public var isHeading: Bool { self == .title || self == .kicker || self == .subtitle }
}
