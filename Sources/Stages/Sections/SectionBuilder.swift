import GalleyCore
import GalleyText

/// What one unit of a page is.
enum UnitRole {
    case heading(HeadingStrength)
    case subtitle
    case byline(String)
    /// Body text whose opening carries the byline (`本报讯（…）日前，…`).
    case lead(Bylines.Lead)
    /// Body text that opens an English news story (`WASHINGTON —`).
    case dateline
    case caption
    case credit
    case body

    var isSubtitle: Bool {
        if case .subtitle = self { true } else { false }
    }

    var isHeadingOrSubtitle: Bool {
        switch self {
        case .heading, .subtitle: true
        default: false
        }
    }

    var isClusterMember: Bool {
        switch self {
        case .heading, .subtitle, .byline: true
        default: false
        }
    }

    /// Text that can follow a title: body, a lead, a dateline.
    var isBodyText: Bool {
        switch self {
        case .body, .lead, .dateline: true
        default: false
        }
    }
}

/// What to do with a heading that stands alone inside an article that has a byline.
enum SubheadPolicy: String, CaseIterable, Sendable {
    /// Keep it in the article's body (the default).
    case body
    /// Start a new section with it.
    case sections
}

/// Counts of what the builder decided, for the document's metadata.
struct SectionCounts {
    var bylines = 0
    var leads = 0
    var subheads = 0
    var kickers = 0
    var subtitles = 0
}

/// Splits a text into sections: kicker, title, subtitle, byline and body.
///
/// The text is cut into units (``UnitSplitter``), each unit gets a role (``UnitRole``), and
/// runs of headings, subtitles and bylines ("clusters") open sections. A heading standing alone
/// inside an article that has a byline is a subhead and stays in the body; a heading with nothing
/// but captions after it (a slogan) is a section of its own.
struct SectionBuilder {
    var rules: HeadingRules
    var subheads: SubheadPolicy
    var keepBylineRole: Bool
    /// The line-role model that lays the page out and corrects the rules (nil: the rules alone).
    var tagger: LineRoleTagger?

    /// Longest run of headings that is still a headline block; longer runs are a list or a poem.
    static let maxClusterHeadings = 4

    private struct Draft {
        var kicker: String?
        var title: String?
        var subtitle: String?
        var byline: String?
        /// The paragraphs' UTF-8 ranges in the source.
        var paragraphs: [Range<Int>] = []

        var isEmpty: Bool { kicker == nil && title == nil && subtitle == nil && byline == nil && paragraphs.isEmpty }
    }

    /// The sections of `text`. `handedOn` is the line-role model's reading of the page an earlier
    /// stage made and handed on for this text (`dehyphenate` reads the raw page before it joins its
    /// lines); without it, the model reads `text` itself. (Neither, with no ``tagger``.)
    ///
    /// Memory: the handed-on reading is let go once the page is laid out, and the units, their
    /// scalars, their roles and the layout's roles (``drafts(of:layout:counts:)``) before the
    /// sections' texts are joined; at that point only `text`, the laid-out page and the drafts
    /// (byte ranges and short strings) are left.
    func sections(of text: String, handedOn: consuming PageRoles? = nil, counts: inout SectionCounts) -> [Section] {
        // The units' offsets are in this string's UTF-8 (which shares the storage of `text`, or is
        // the page as the line-role model laid it out).
        // (The model is not run on a page whose lines are all too long for a deck, the longest
        // unit it promotes, and that is not hard-wrapped: it could change nothing there.)
        let page = consume handedOn
        let layout = tagger.map { tagger in
            page.map { LineRoleLayout(text, handedOn: $0) } ?? LineRoleLayout(text, tagger: tagger, longestDecisive: Self.maxDeckLength)
        }
        _ = consume page
        var source = layout?.text ?? text
        source.makeContiguousUTF8()
        let drafts = self.drafts(of: source, layout: consume layout, counts: &counts)
        if drafts.isEmpty { return [Section(text: "")] }
        return drafts.map { draft in
            Section(kicker: draft.kicker, title: draft.title, subtitle: draft.subtitle,
                    byline: draft.byline.map(cleanByline), text: Self.joinParagraphs(draft.paragraphs, of: source))
        }
    }

    /// The sections of `source` (contiguous UTF-8), as byte ranges and strings. The units, their
    /// scalars and roles, and `layout`, live only as long as this call.
    private func drafts(of source: String, layout: consuming LineRoleLayout?, counts: inout SectionCounts) -> [Draft] {
        let split = UnitSplitter.units(of: source, rules: rules)
        // The units' scalars are in the arena: it lives as long as this call.
        defer { withExtendedLifetime(split.arena) {} }
        var units = split.units
        var rulesRoles: [Int: UnitRole] = [:]
        var roles = units.indices.map { index in
            var found = role(of: &units[index], in: source)
            if units[index].isRunInHeading, case .body = found { found = .heading(.weak) }
            guard let model = layout?.roles[units[index].start] else { return found }
            let role = corrected(found, by: model.role, confidence: model.confidence, unit: &units[index], in: source)
            if case .subtitle = role, !(found.isSubtitle) { rulesRoles[index] = found }
            return role
        }
        if let layout {
            promoteHeadlineLines(&roles, units: &units, layout: layout, source: source)
            markDecks(&roles, units: units, layout: layout, source: source)
        }
        // A deck the model found goes under a headline: anywhere else (a row of a table or figure
        // text in a paper) the rules' role stands.
        for (index, found) in rulesRoles.sorted(by: { $0.key < $1.key }) {
            if index > 0, roles[index - 1].isHeadingOrSubtitle { continue }
            roles[index] = found
        }
        demoteMasthead(&roles, units: units)
        let authors = markAuthorLines(&roles, units: units, source: source)
        demoteLongClusters(&roles)
        demoteListsAndCells(&roles, units: units, source: source)
        markCaptionsAboveCredits(&roles, units: units)
        // (A paper's authors are no news byline: they do not make in-article headings subheads.)
        let hasBylines = roles.indices.contains { index in
            switch roles[index] {
            case .byline: index != authors
            case .lead, .dateline: true
            default: false
            }
        }
        var drafts: [Draft] = []
        var current = Draft()
        // A section number printed on a line of its own above its heading (`1.1` over `研究背景`,
        // `第四章` over `工作职责`: PDF text puts the number apart) goes in front of the heading.
        var numbers: [Int: String] = [:]
        for index in units.indices.dropLast() where Self.isBareSectionNumber(units[index]) || Self.isBareChapterNumber(index, units: units) {
            guard case .heading = roles[index + 1], Self.isNextLine(units[index].end, units[index + 1].start, in: source) else { continue }
            numbers[index + 1] = units[index].singleLine(in: source)
        }
        var index = 0
        while index < units.count {
            if numbers[index + 1] != nil {
                index += 1
                continue
            }
            guard roles[index].isClusterMember else {
                append(units[index], role: roles[index], to: &current, drafts: &drafts, counts: &counts)
                index += 1
                continue
            }
            var end = index
            var cluster: [Int] = []
            while end < units.count, roles[end].isClusterMember {
                if !cluster.isEmpty, breaksCluster(roles[end], after: cluster.map { roles[$0] }),
                   !(layout.map { Self.continuesNumberedHeading(end, units: units, roles: roles, layout: $0, source: source) } ?? false) { break }
                cluster.append(end)
                end += 1
            }
            // (A section number printed apart that opens the next heading: the cluster's headings
            // are a section's, `MATERIALS AND METHODS` over `2.1` / `Materials`.)
            let numberNext = numbers[end + 1] != nil
            let next: UnitRole? = end < units.count ? roles[end] : nil
            // Running text: a long paragraph or one that ends a sentence (table cells and figure
            // labels do neither).
            let nextIsProse = numberNext || (end < units.count && (!units[end].isShort || units[end].endsSentence))
            // The model is sure the cluster opens with an article's headline, not a subhead inside
            // one (a page of short stories with datelines counts as one with bylines, and a lone
            // headline there is the next story's, not a subhead).
            let modelHeadline = layout.map { layout in
                guard let line = layout.roles[units[cluster[0]].start] else { return false }
                return line.role == .title && line.confidence >= Self.promoteConfidence
            } ?? false
            let headlineRuns = layout.map { Self.headlineRuns(cluster, units: units, roles: roles, layout: $0, source: source) } ?? []
            place(cluster: cluster, units: units, source: source, roles: roles, next: next, nextIsProse: nextIsProse, modelHeadline: modelHeadline,
                  headlineRuns: headlineRuns, numbers: numbers, hasBylines: hasBylines, current: &current, drafts: &drafts, counts: &counts)
            index = end
        }
        if !current.isEmpty { drafts.append(current) }
        return drafts
    }

    /// The paragraphs (UTF-8 ranges of `source`) with a blank line between them
    /// (`joined(separator: "\n\n")`), appended to a string that has room for all of them: no
    /// growing, and no check of the UTF-8 (which a string made from raw bytes needs).
    ///
    /// When each paragraph follows the one before it after exactly a blank line (`\n\n`), as
    /// paragraphs printed one after another do, the joined text is that stretch of the source,
    /// copied once.
    static func joinParagraphs(_ paragraphs: [Range<Int>], of source: String) -> String {
        guard let first = paragraphs.first else { return "" }
        if let end = stretchEnd(paragraphs, of: source) {
            return String(source.substring(utf8: first.lowerBound, end))
        }
        var byteCount = 2 * (paragraphs.count - 1)
        for paragraph in paragraphs { byteCount += paragraph.count }
        var text = String()
        text.reserveCapacity(byteCount)
        for (number, paragraph) in paragraphs.enumerated() {
            if number > 0 { text.append("\n\n") }
            text.append(contentsOf: source.substring(utf8: paragraph.lowerBound, paragraph.upperBound))
        }
        return text
    }

    /// The end of the stretch of `source` from the first paragraph to the last, when exactly
    /// `\n\n` stands between each paragraph and the next; nil otherwise.
    static func stretchEnd(_ paragraphs: [Range<Int>], of source: String) -> Int? {
        let utf8 = source.utf8
        var end = paragraphs[0].upperBound
        for paragraph in paragraphs.dropFirst() {
            guard paragraph.lowerBound == end + 2, utf8[utf8.index(utf8.startIndex, offsetBy: end)] == 0x0A,
                  utf8[utf8.index(utf8.startIndex, offsetBy: end + 1)] == 0x0A else { return nil }
            end = paragraph.upperBound
        }
        return end
    }

    // MARK: Roles

    func role(of unit: inout TextUnit, in source: String) -> UnitRole {
        if let byline = unit.standaloneByline { return .byline(byline) }
        if rules.isSubtitle(unit) { return .subtitle }
        if rules.isCreditLine(&unit) { return .credit }
        if unit.startsCaption { return .caption }
        // (A picture sentence opens with 图: a tail without one is turned away at once.)
        if unit.scalarCount <= TextUnit.pictureSentenceLimit, unit.tail.contains("\u{56FE}"),
           CaptionSignals.endsWithPictureSentence(unit.tail) { return .caption }
        if let strength = rules.headingStrength(&unit) { return .heading(strength) }
        if unit.isCJK, let lead = Bylines.lead(unit, in: source) ?? Bylines.inlineLead(unit, in: source) { return .lead(lead) }
        if !unit.isCJK, Bylines.hasEnglishDateline(unit) { return .dateline }
        return .body
    }

    /// The rules' role of a unit, corrected by the model's role of its first line: a line the model
    /// is sure is a headline is a heading, a deck under it a subtitle. (The model does not demote
    /// the rules' headings: on the development pages that lost more true headings than false ones.)
    func corrected(_ role: UnitRole, by model: LineRole, confidence: Float, unit: inout TextUnit, in source: String) -> UnitRole {
        switch (role, model) {
        case (.body, .title), (.body, .kicker), (.heading(.weak), .title), (.heading(.weak), .kicker):
            guard confidence >= Self.promoteConfidence else { return role }
            // Never a sentence (a line in sentence case that ends with a full stop), a caption (a
            // line that ends with a photo credit), a table row (three numbers or more) or a bare
            // number (`3.4`, whose heading follows on the next line): those stay what the rules say.
            return fitsHeading(unit) && unit.cjkLetters + unit.latinLetters >= 2 && !isSentence(unit) && !isTableRow(unit)
                && !Self.isFigureText(unit) && !Self.isListEntry(unit) && CaptionSignals.trailingCredit(Array(unit.tail)) == nil ? .heading(.plain) : role
        case (.body, .subtitle), (.heading, .subtitle):
            guard confidence >= Self.subtitleConfidence else { return role }
            // A deck may run to several lines (1916 front pages print three or four).
            return unit.scalarCount <= Self.maxDeckLength && unit.lineCount <= Self.maxDeckLines ? .subtitle : role
        default:
            return role
        }
    }

    /// A line the model reads as `title` with less than ``promoteConfidence`` is a heading when it
    /// goes on the headline right above or below it (``continuesHeadline(_:_:)``): the model is
    /// less sure of one line of a headline set on two (`THE PASSING OF` / `PANCHO VILLA`).
    private func promoteHeadlineLines(_ roles: inout [UnitRole], units: inout [TextUnit], layout: LineRoleLayout, source: String) {
        for index in units.indices {
            // (A second headline line in capitals may open with `BY`: `PEACE OFFERED TO ITALY` /
            // `BY GERMANY & AUSTRIA` is not a byline when the model reads it as `title`.)
            let candidate: Bool
            switch roles[index] {
            case .body: candidate = true
            case .byline: candidate = Self.isAllCaps(units[index].head) && index > 0 && Self.isAllCaps(units[index - 1].head)
            default: candidate = false
            }
            guard candidate, !units[index].isCJK else { continue }
            // (A first headline line in capitals that runs on, `THE PASSING OF`, goes on the model's
            // headline below it whatever the model reads it as: on a page `dehyphenate` joined, the
            // model may take a line cut from its headline for furniture.)
            if case .body = roles[index], Self.runsOnInCapitals(units[index]), index + 1 < units.count,
               Self.isModelHeadline(roles[index + 1], units[index + 1], layout), Self.isAllCaps(units[index + 1].head),
               Self.isNextLine(units[index].end, units[index + 1].start, in: source) {
                roles[index] = .heading(.plain)
                continue
            }
            guard let line = layout.roles[units[index].start], line.role == .title, line.confidence >= Self.headlineLineConfidence
            else { continue }
            let above = index > 0 && Self.isModelHeadline(roles[index - 1], units[index - 1], layout)
                && Self.isNextLine(units[index - 1].end, units[index].start, in: source) && Self.continuesHeadline(units[index - 1], units[index])
            let below = index + 1 < units.count && Self.isModelHeadline(roles[index + 1], units[index + 1], layout)
                && Self.isNextLine(units[index].end, units[index + 1].start, in: source) && Self.continuesHeadline(units[index], units[index + 1])
            guard above || below else { continue }
            let promoted = corrected(.body, by: .title, confidence: 1, unit: &units[index], in: source)
            if case .heading = promoted { roles[index] = promoted }
        }
    }

    /// A deck that `dehyphenate` joined into one line under a headline the model found: a Latin
    /// paragraph (or a heading of the rules, under a headline in capitals) right after it, in Title Case (three words of four letters or more, three in four
    /// of them capitalized), with a lower-case preposition or article in it (a phrase, not a list of
    /// names), not in capitals (a second headline line) and short enough for a deck.
    private func markDecks(_ roles: inout [UnitRole], units: [TextUnit], layout: LineRoleLayout, source: String) {
        for index in units.indices.dropFirst() {
            // A body paragraph; or a Title Case heading of the rules under a headline in capitals
            // that the model does not take for a headline itself (the rules would make the headline
            // a kicker and the deck the title).
            let candidate: Bool
            switch roles[index] {
            case .body: candidate = true
            case .heading(let strength) where strength != .numbered:
                let line = layout.roles[units[index].start]
                candidate = Self.isAllCaps(units[index - 1].head) && !(line?.role == .title && line!.confidence >= Self.promoteConfidence)
            default: candidate = false
            }
            guard candidate, !units[index].isCJK, units[index].isShort,
                  units[index].scalarCount <= Self.maxDeckLength, Self.isModelHeadline(roles[index - 1], units[index - 1], layout),
                  !units[index - 1].isCJK, !Self.isAllCaps(units[index].head) else { continue }
            let words = units[index].head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            let long = words.filter { $0.filter { $0.properties.isAlphabetic }.count >= 4 }
            let capitalized = long.filter { $0.first?.properties.isUppercase ?? false }.count
            let phrase = words.contains { Self.deckWords.contains(String(String.UnicodeScalarView($0))) }
            if long.count >= 3, capitalized * 4 >= long.count * 3, phrase { roles[index] = .subtitle }
        }
        // A second deck in capitals under a deck (`Number 300,325 Head.` / `OF THIS NUMBER 260,000
        // ORIGINATED IN NEW MEX.`), on the next line, with running text below it that is not in
        // capitals: the headline's last deck, not the story's first paragraph.
        // (The deck above may be a heading of the rules not in capitals under a headline in
        // capitals: then it is a deck too.)
        for index in units.indices.dropFirst(2).dropLast() {
            let deckAbove: Bool
            switch (roles[index - 2], roles[index - 1]) {
            case (.heading, .subtitle), (.subtitle, .subtitle): deckAbove = true
            case (.heading, .heading(let strength)):
                deckAbove = strength != .numbered && Self.isAllCaps(units[index - 2].head) && !Self.isAllCaps(units[index - 1].head)
                    && !units[index - 1].isCJK
            default: deckAbove = false
            }
            guard deckAbove, case .body = roles[index],
                  !units[index].isCJK, units[index].isShort, units[index].lineCount <= 3,
                  units[index].scalarCount <= Self.maxDeckLength, Self.isAllCaps(units[index].head),
                  Self.isNextLine(units[index - 1].end, units[index].start, in: source),
                  case .body = roles[index + 1], units[index + 1].looksLikeProse, !Self.isAllCaps(units[index + 1].head) else { continue }
            roles[index - 1] = .subtitle
            roles[index] = .subtitle
        }
    }

    /// Lower-case words that make a deck a phrase (`Taken into Custody at Boston`).
    static let deckWords: Set<String> = ["of", "the", "to", "in", "on", "for", "at", "by", "a", "an", "with", "from", "into", "is", "was", "are"]

    /// A heading whose line the model reads as `title`.
    private static func isModelHeadline(_ role: UnitRole, _ unit: TextUnit, _ layout: LineRoleLayout) -> Bool {
        guard case .heading = role else { return false }
        return layout.roles[unit.start]?.role == .title
    }

    /// The least probability of `title` at which a line next to a headline goes on it.
    static let headlineLineConfidence: Float = 0.5

    /// The least probability of the model's role at which it overrides the rules.
    /// (A body line or weak heading becomes a heading at 0.9, a deck at 0.8: on the development
    /// pages 0.8 for headings added more false titles than true ones.)
    static let promoteConfidence: Float = 0.9
    static let subtitleConfidence: Float = 0.8

    /// The longest deck (``LineRole/subtitle``) taken as a subtitle, in scalars and in lines.
    static let maxDeckLength = 320
    static let maxDeckLines = 8

    /// Text of a figure or a table cell in Latin script, not a headline: two words or more that open
    /// with a digit (`JENSEN DISEASE 3.22E-16 8.74E-15`), a mathematical symbol or an arrow
    /// (`PNSR ↑ SSIM ↑`, `▷ train model`), or a first word in lower case (`model`, `synthesis of
    /// compounds 6a-6c`).
    static func isFigureText(_ unit: TextUnit) -> Bool {
        guard !unit.isCJK else { return false }
        // (A word in lower case: `mGluR1 NAM`, a gene's name, opens with a lower-case letter too.)
        if let first = unit.head.split(separator: " ").first, first.first?.properties.isLowercase ?? false,
           !first.contains(where: { $0.properties.isUppercase || CaptionSignals.isDigit($0) }) { return true }
        if unit.head.contains(where: { $0.properties.generalCategory == .mathSymbol || ("\u{2190}"..."\u{21FF}").contains($0)
            || ("\u{25A0}"..."\u{25FF}").contains($0) }) { return true }
        // (A number: it opens with a digit and has one letter at most, `4.35E-13`; not a chemical
        // name, `4-carbonitrile`.)
        return unit.head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).filter { word in
            (word.first.map(CaptionSignals.isDigit) ?? false) && word.filter({ $0.properties.isAlphabetic }).count <= 1
        }.count >= 2
    }

    /// An entry of a list of names and places, or of references, not a headline: a Latin line not in
    /// capitals that ends with a full stop and has two breaks or more inside (`, ` or `. ` before a
    /// capital or a digit, not after a digit or a title such as `Mr.`): `E. Hunter. Commercial
    /// Hotel, Homer City.`, `C. Fellbaum, ed. 1998. WordNet: …`.
    static func isListEntry(_ unit: TextUnit) -> Bool {
        let head = unit.head
        guard unit.isShort, !unit.isCJK, let last = head.last(where: { !$0.properties.isWhitespace }), last == ".", !isAllCaps(head) else { return false }
        var breaks = 0
        var wordStart = 0
        for index in head.indices.dropLast(2) {
            let scalar = head[index]
            if scalar.properties.isWhitespace { wordStart = index + 1 }
            guard scalar == "," || scalar == ".", head[index + 1].properties.isWhitespace else { continue }
            let after = head[index + 2]
            guard after.properties.isUppercase || CaptionSignals.isDigit(after) else { continue }
            if index > 0, CaptionSignals.isDigit(head[index - 1]) { continue }
            if scalar == ".", index - wordStart >= 2, index - wordStart <= 3,
               Self.titles.contains(String(String.UnicodeScalarView(head[wordStart..<index]))) { continue }
            breaks += 1
        }
        return breaks >= 2
    }

    static let titles: Set<String> = ["Mr", "Mrs", "Dr", "St", "Jr", "Sr", "Rev", "Gen", "Col", "Gov", "Ms", "Co", "No"]

    /// A newspaper's masthead is not a headline: among the first units of a page, the headings and
    /// decks above a volume line (`VOL X. NO. 7`, `Vol. 12, No. 3`), and that line, are body text.
    private func demoteMasthead(_ roles: inout [UnitRole], units: [TextUnit]) {
        guard let volume = units.prefix(Self.mastheadUnits).firstIndex(where: Self.isVolumeLine) else { return }
        for index in 0...volume {
            switch roles[index] {
            case .heading, .subtitle: roles[index] = .body
            default: break
            }
        }
    }

    /// The most units a masthead takes on top of a page.
    static let mastheadUnits = 4

    /// Whether the unit holds a volume and number line: `VOL` then a number (Roman or Arabic), then
    /// `NO` and a number (case aside).
    static func isVolumeLine(_ unit: TextUnit) -> Bool {
        guard !unit.isCJK, containsVol(unit.head) else { return false }
        let words = unit.head.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "," })
            .map { word in
                let kept = word.drop(while: { $0 == "." || $0 == ":" }).reversed().drop(while: { $0 == "." || $0 == ":" }).reversed()
                return String(String.UnicodeScalarView(kept)).uppercased()
            }
        for (index, word) in words.enumerated().dropLast(3) where word == "VOL" || word == "VOLUME" {
            guard words[index + 1].allSatisfy({ $0.isNumber || "IVXLC".contains($0) }),
                  words[index + 2] == "NO", words[index + 3].first?.isNumber ?? false else { continue }
            return true
        }
        return false
    }

    /// Whether `head` has `vol` in it, case aside: only then can a word of it read `VOL`. Most
    /// units have none, and are spared splitting and upper-casing every word.
    private static func containsVol(_ head: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard head.count >= 3 else { return false }
        for index in 0..<(head.count - 2) where head[index] == "V" || head[index] == "v" {
            if (head[index + 1] == "O" || head[index + 1] == "o") && (head[index + 2] == "L" || head[index + 2] == "l") { return true }
        }
        return false
    }

    /// A line of running text wrapped in the middle of a sentence, not a heading: five words or more
    /// in Latin script, not in capitals, with no punctuation at its end, and the next line (no blank
    /// line between) goes on in lower case (`The underlying assumption of this model can also be
    /// written` / `as …`).
    static func isWrappedLine(_ unit: TextUnit, before next: TextUnit, in source: String) -> Bool {
        guard !unit.isCJK, unit.isShort, let last = unit.head.last, last.properties.isAlphabetic || CaptionSignals.isDigit(last),
              let first = next.head.first, first.properties.isLowercase, !isAllCaps(unit.head),
              isNextLine(unit.end, next.start, in: source, blankLines: 0) else { return false }
        return unit.head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).count >= 5
    }

    /// A cell of numbers (`1`, `35.3%`, `-20.5`, `4.01E-40`): digits, at most a dozen scalars, no letters, and not
    /// a section number printed apart (`2.2`, ``isBareSectionNumber(_:)``).
    static func isNumberCell(_ unit: TextUnit) -> Bool {
        guard unit.lineCount == 1, unit.scalarCount <= 12, !isBareSectionNumber(unit) else { return false }
        var digits = 0
        for scalar in unit.head where !scalar.isLayoutSpace {
            // (`E` of a number in scientific notation: `4.01E-40`.)
            if CaptionSignals.isDigit(scalar) { digits += 1 } else if !".,%-+()E\u{FF05}".unicodeScalars.contains(scalar) { return false }
        }
        return digits >= 1
    }

    /// Headings that are entries of a list (``isListEntry(_:)``) or cells of a table are body text. A
    /// cell is a heading next to a cell of numbers, with no running text on its other side or past
    /// the number: `工会副主席` / `1` / `主持工会日常工作`, `毛利率(%)` / `35.3%`.
    private func demoteListsAndCells(_ roles: inout [UnitRole], units: [TextUnit], source: String) {
        for index in units.indices {
            guard case .heading(let strength) = roles[index] else { continue }
            if index + 1 < units.count, Self.isWrappedLine(units[index], before: units[index + 1], in: source) {
                roles[index] = .body
                continue
            }
            // (A list entry opens with an initial, which the rules read as a section letter: `I.`, `C.`.)
            if Self.isListEntry(units[index]) || Self.isBareArticleNumber(units[index])
                || (strength != .numbered && Self.isFigureText(units[index]))
                || Self.isCutInsideBrackets(units[index]) || Self.isColumnLabel(units[index]) {
                roles[index] = .body
                continue
            }
            guard strength != .numbered else { continue }
            let notProse = { (other: Int) in other < 0 || other >= units.count || (units[other].isShort && !units[other].endsSentence) }
            if index + 1 < units.count, Self.isNumberCell(units[index + 1]), notProse(index + 2) { roles[index] = .body }
            if index > 0, Self.isNumberCell(units[index - 1]), notProse(index - 2), notProse(index + 1) { roles[index] = .body }
        }
    }

    /// A line cut inside brackets or quotes (more open than close: `1.《高测股份（688556）：光伏金刚线`,
    /// whose title goes on below): a line of a list or of running text, never a heading.
    static func isCutInsideBrackets(_ unit: TextUnit) -> Bool {
        guard unit.isShort else { return false }
        var depth = [0, 0, 0, 0]
        for scalar in unit.head {
            switch scalar {
            case "\u{300A}": depth[0] += 1
            case "\u{300B}": depth[0] -= 1
            case "\u{FF08}", "(": depth[1] += 1
            case "\u{FF09}", ")": depth[1] -= 1
            case "\u{201C}": depth[2] += 1
            case "\u{201D}": depth[2] -= 1
            case "\u{3010}", "[": depth[3] += 1
            case "\u{3011}", "]": depth[3] -= 1
            default: continue
            }
        }
        return depth.contains { $0 > 0 }
    }

    /// The label of a table's column or row, which ends with its unit in brackets: `相对涨幅(%)`,
    /// `净利润(百万元)`, `Accuracy (%)` (a headline never ends so).
    static func isColumnLabel(_ unit: TextUnit) -> Bool {
        guard unit.isShort, let last = unit.head.last, last == ")" || last == "\u{FF09}" else { return false }
        let inside = unit.head.dropLast().reversed().prefix { $0 != "(" && $0 != "\u{FF08}" }
        guard !inside.isEmpty, inside.count <= 4, inside.count < unit.head.count - 2 else { return false }
        return inside.allSatisfy { Self.unitScalars.unicodeScalars.contains($0) }
    }

    /// What a column's unit is written with: per cent, currencies, Chinese counting words.
    static let unitScalars = "%\u{2030}$\u{20AC}\u{00A3}\u{5143}\u{4E07}\u{4EBF}\u{767E}\u{5343}\u{4EBA}\u{500D}\u{5428}\u{6237}\u{80A1}"

    /// The authors of a paper under its title (among the page's first units): a Latin line of two
    /// names or more, separated by commas and `and`, each of two to four capitalized words (a
    /// footnote mark after a name is allowed: `Viren Jain1`): `Doug Downey, Stefan Schoenmackers, and
    /// Oren Etzioni`, `Chris QUIRK, Chris BROCKETT and William DOLAN`. It is the byline; the lines of
    /// affiliations below it, which the model may read as a deck and the rules as weak headings,
    /// are body. Returns the author line's index.
    private func markAuthorLines(_ roles: inout [UnitRole], units: [TextUnit], source: String) -> Int? {
        for index in units.indices.dropFirst().prefix(6) {
            guard case .heading = roles[index - 1], !units[index].isCJK else { continue }
            switch roles[index] {
            case .body, .subtitle, .heading(.weak): break
            default: continue
            }
            let line = units[index].singleLine(in: source)
            guard units[index].lineCount == 1, units[index].isShort, Self.isAuthorLine(line) else { continue }
            roles[index] = .byline(line)
            // (The affiliations below: decks or weak headings to the rules and the model, up to the
            // first section's heading, `Abstract`, `1 Introduction`.)
            var next = index + 1
            while next < units.count {
                switch roles[next] {
                case .subtitle, .heading(.weak): roles[next] = .body
                default: return index
                }
                next += 1
            }
            return index
        }
        return nil
    }

    /// Two names or more, separated by commas and `and` (see ``markAuthorLines(_:units:source:)``).
    static func isAuthorLine(_ line: String) -> Bool {
        let names = line.replacingOccurrences(of: ", and ", with: ",").replacingOccurrences(of: " and ", with: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count >= 2, names.count <= 12 else { return false }
        return names.allSatisfy { name in
            let words = name.split(separator: " ")
            guard words.count >= 2, words.count <= 4 else { return false }
            return words.allSatisfy { word in
                let core = word.unicodeScalars.reversed().drop { CaptionSignals.isDigit($0) || "*\u{2020}\u{2021}".unicodeScalars.contains($0) }
                guard let first = core.last, first.properties.isUppercase, !HeadingRules.isSmallWord(Array(core.reversed())) else { return false }
                return core.allSatisfy { $0.properties.isAlphabetic || $0 == "." || $0 == "-" || $0 == "'" }
            }
        }
    }

    /// Three or more words that open with a digit: a row of a table.
    private func isTableRow(_ unit: TextUnit) -> Bool {
        unit.head.split(whereSeparator: { $0 == " " || $0 == "\t" }).filter { $0.first.map(CaptionSignals.isDigit) ?? false }.count >= 3
    }

    /// A sentence: it ends with a full stop and, in Latin script, most of its words are lower-case.
    private func isSentence(_ unit: TextUnit) -> Bool {
        guard unit.endsSentence else { return false }
        if unit.isCJK { return true }
        let words = unit.head.split(separator: " ")
        let lower = words.filter { $0.first?.isLowercase ?? false }.count
        return lower * 2 >= words.count
    }

    /// Short enough for a heading: at most three lines, and ``HeadingRules/maxHeadingCharacters``
    /// CJK characters or ``HeadingRules/maxHeadingWords`` words.
    private func fitsHeading(_ unit: TextUnit) -> Bool {
        guard let length = unit.shortLength, unit.lineCount <= 3 else { return false }
        if unit.isCJK { return length <= rules.maxHeadingCharacters }
        return unit.head.split(separator: " ").count <= rules.maxHeadingWords
    }

    /// A short paragraph right above a credit line (`陆新 摄`) is that photo's caption, and the
    /// line after a label printed alone (`Table 3`, `Scheme 1.`) is the caption's text.
    private func markCaptionsAboveCredits(_ roles: inout [UnitRole], units: [TextUnit]) {
        for index in roles.indices.dropFirst() {
            if case .credit = roles[index], case .body = roles[index - 1], units[index - 1].scalarCount <= 400 {
                roles[index - 1] = .caption
            }
            if case .heading(let strength) = roles[index], strength != .numbered, case .caption = roles[index - 1],
               let label = CaptionSignals.label(units[index - 1].head), label.length + 2 >= units[index - 1].head.count {
                roles[index] = .caption
            }
        }
    }

    /// Runs of more than ``maxClusterHeadings`` headings are lists or verse: body text.
    private func demoteLongClusters(_ roles: inout [UnitRole]) {
        var start = 0
        while start < roles.count {
            guard case .heading = roles[start] else { start += 1; continue }
            var end = start
            while end < roles.count, case .heading(let strength) = roles[end], strength != .numbered { end += 1 }
            if end - start > Self.maxClusterHeadings {
                for index in start..<end { roles[index] = .body }
            }
            start = max(end, start + 1)
        }
    }

    /// A numbered heading, or a heading after a byline, begins a new cluster.
    private func breaksCluster(_ role: UnitRole, after cluster: [UnitRole]) -> Bool {
        guard case .heading(let strength) = role else { return false }
        if strength == .numbered { return true }
        return cluster.contains { member in
            switch member {
            case .byline: true
            case .heading(.numbered): true
            default: false
            }
        }
    }

    // MARK: Assembly

    private func append(_ unit: TextUnit, role: UnitRole, to current: inout Draft, drafts: inout [Draft], counts: inout SectionCounts) {
        switch role {
        case .lead(let lead):
            if !current.paragraphs.isEmpty || current.byline != nil {
                drafts.append(current)
                current = Draft()
            }
            current.byline = lead.byline
            counts.leads += 1
            if lead.bodyStart < unit.end { current.paragraphs.append(lead.bodyStart..<unit.end) }
        default:
            current.paragraphs.append(unit.start..<unit.end)
        }
    }

    /// The units of `cluster` that go on the headline printed above them: a Latin heading on the
    /// line right below another (at most one blank line between: `dehyphenate` sets the lines of a
    /// headline apart), where the model reads both lines as `title` (a 1916 front page sets one
    /// headline on two or three short lines of a narrow column: `PROMINENT MEN` / `URGING DEFENSE`).
    /// CJK headings are left to the kicker and subtitle rules.
    /// A heading in capitals whose line the model reads as something other than a headline but is
    /// not sure of (below ``promoteConfidence``): above a headline line in capitals, it is the
    /// headline's first line (`QUESTION OF LIGHTS`, furniture at 0.60 under a masthead, over
    /// `IMPORTANT ONE`).
    static func unsureCapitals(_ unit: TextUnit, _ layout: LineRoleLayout) -> Bool {
        guard let line = layout.roles[unit.start], line.confidence < promoteConfidence else { return false }
        return isAllCaps(unit.head)
    }

    /// Two headline lines that were one block on the raw page (``LineRoleLayout/continued``: no blank
    /// line between them there, and the model put none) that the model both read as `title`, the
    /// first not ending a sentence: one headline set on two lines, whatever its case (`Iselin People`
    /// / `Have New Hall`), which only the joiner set apart. (A paper's `Results` over `Patient
    /// characteristics` is split on the raw page already.)
    static func onePageBlock(_ unit: TextUnit, _ next: TextUnit, _ layout: LineRoleLayout) -> Bool {
        layout.continued.contains(next.start) && layout.roles[unit.start]?.role == .title && unit.isShort && !unit.endsSentence
    }

    static func headlineRuns(_ cluster: [Int], units: [TextUnit], roles: [UnitRole], layout: LineRoleLayout, source: String) -> Set<Int> {
        var runs = Set<Int>()
        for (position, index) in cluster.enumerated().dropFirst() {
            let previous = cluster[position - 1]
            guard case .heading = roles[index], case .heading = roles[previous], !units[index].isCJK, !units[previous].isCJK,
                  layout.roles[units[index].start]?.role == .title,
                  layout.roles[units[previous].start]?.role == .title || runsOnInCapitals(units[previous])
                      || unsureCapitals(units[previous], layout),
                  isNextLine(units[previous].end, units[index].start, in: source),
                  continuesHeadline(units[previous], units[index]) || onePageBlock(units[previous], units[index], layout)
            else { continue }
            runs.insert(index)
        }
        return runs
    }

    /// The number of an article of a regulation alone on its line (`第十八条`, `第 3 条`): the article's
    /// text follows it; it is not a heading (a chapter, `第四章`, or a section, `第二节`, is).
    static func isBareArticleNumber(_ unit: TextUnit) -> Bool {
        guard unit.lineCount == 1, unit.scalarCount <= 12, unit.head.first == "\u{7B2C}" else { return false }
        let scalars = unit.head.filter { !$0.isLayoutSpace }
        guard scalars.count >= 3, scalars.last == "\u{6761}" else { return false }
        return scalars.dropFirst().dropLast().allSatisfy { CaptionSignals.isDigit($0) || Self.cjkNumerals.unicodeScalars.contains($0) }
    }

    static let cjkNumerals = "\u{96F6}\u{4E00}\u{4E8C}\u{4E09}\u{56DB}\u{4E94}\u{516D}\u{4E03}\u{516B}\u{4E5D}\u{5341}\u{767E}"

    /// Whether the unit at `index` is the second line of a numbered heading in capitals set on two
    /// lines (`C. IMPROVED EARLY PREDICTION THROUGH MULTI-EXIT` / `ARCHITECTURE IN IRET`): a heading
    /// without a number, in capitals, right below a numbered one in capitals, both read by the model
    /// as `title`.
    static func continuesNumberedHeading(_ index: Int, units: [TextUnit], roles: [UnitRole], layout: LineRoleLayout, source: String) -> Bool {
        guard index > 0, case .heading(.numbered) = roles[index - 1], case .heading(let strength) = roles[index], strength != .numbered,
              !units[index].isCJK, isAllCaps(units[index - 1].head), isAllCaps(units[index].head),
              layout.roles[units[index].start]?.role == .title, layout.roles[units[index - 1].start]?.role == .title else { return false }
        return isNextLine(units[index - 1].end, units[index].start, in: source)
    }

    /// A section number alone: `1.1`, `2.3.3`, `4.`, `第四章`, `第 1 章`, `第二节` (not a number without
    /// a dot, which may be a page number, nor an article of a regulation, `第十八条`, whose text
    /// follows it).
    static func isBareSectionNumber(_ unit: TextUnit) -> Bool {
        guard unit.lineCount == 1, unit.scalarCount <= 12, let first = unit.head.first else { return false }
        let scalars = unit.head.filter { !$0.isLayoutSpace }
        if CaptionSignals.isDigit(first) {
            var digits = 0
            for scalar in scalars {
                if CaptionSignals.isDigit(scalar) { digits += 1 } else if scalar != "." { return false }
            }
            // (A dot in it: a number alone, `12`, is as often a page number.)
            return digits >= 1 && scalars.contains(".") && !scalars.starts(with: ["."])
        }
        guard first == "\u{7B2C}", let last = scalars.last, last == "\u{7AE0}" || last == "\u{8282}", scalars.count >= 3 else { return false }
        return scalars.dropFirst().dropLast().allSatisfy { CaptionSignals.isDigit($0) || "\u{96F6}\u{4E00}\u{4E8C}\u{4E09}\u{56DB}\u{4E94}\u{516D}\u{4E03}\u{516B}\u{4E5D}\u{5341}\u{767E}".unicodeScalars.contains($0) }
    }

    /// A number without a dot alone on its line (`2`, as often a page number) that the page's
    /// numbering shows is the number of the section whose heading follows: the unit after that
    /// heading opens with its first subsection's number (`2` / `MATERIALS AND METHODS` / `2.1`).
    static func isBareChapterNumber(_ index: Int, units: [TextUnit]) -> Bool {
        guard index + 2 < units.count, units[index].lineCount == 1, units[index].scalarCount <= 2,
              units[index].head.allSatisfy({ CaptionSignals.isDigit($0) }),
              let number = HeadingRules.sectionNumber(units[index].head), number.count == 1,
              let below = HeadingRules.sectionNumber(units[index + 2].head) else { return false }
        return below == [number[0], 1]
    }

    /// Whether `next` reads as the rest of the headline `unit`: both are in capitals (a paper's
    /// `Results` over `Dune morphology` are two headings), or `unit` ends with a function word
    /// and has no comma or full stop inside (`THE PASSING OF` / `PANCHO VILLA`).
    static func continuesHeadline(_ unit: TextUnit, _ next: TextUnit) -> Bool {
        if isAllCaps(unit.head), isAllCaps(next.head) { return true }
        // (Not a dateline that opens a story: `Paris, Jan. 5. —Germany, in the`.)
        for (scalar, after) in zip(unit.head, unit.head.dropFirst()) where (scalar == "," || scalar == ".") && after == " " { return false }
        guard let last = unit.head.split(separator: " ").last, last.count <= 4 else { return false }
        return Self.functionWords.contains(String(String.UnicodeScalarView(last)).lowercased())
    }

    /// One short line in capitals that ends with a function word (`THE PASSING OF`): the first line
    /// of a headline, which cannot stand alone.
    static func runsOnInCapitals(_ unit: TextUnit) -> Bool {
        guard !unit.isCJK, unit.lineCount == 1, unit.scalarCount <= 40, isAllCaps(unit.head),
              let last = unit.head.split(separator: " ").last, last.count <= 4 else { return false }
        return functionWords.contains(String(String.UnicodeScalarView(last)).lowercased())
    }

    static let functionWords: Set<String> = ["of", "the", "to", "and", "in", "on", "for", "at", "by", "a", "an", "with", "from", "is", "as"]

    /// Letters, all of them capitals (at least two).
    static func isAllCaps(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var letters = 0
        for scalar in scalars where scalar.properties.isAlphabetic {
            guard scalar.properties.isUppercase else { return false }
            letters += 1
        }
        return letters >= 2
    }

    /// Whether only layout spaces and one or two line breaks stand between the UTF-8 offsets `end` and `start`.
    static func isNextLine(_ end: Int, _ start: Int, in source: String, blankLines: Int = 1) -> Bool {
        guard end <= start else { return false }
        var breaks = 0
        for byte in source.utf8[source.utf8.index(source.utf8.startIndex, offsetBy: end)..<source.utf8.index(source.utf8.startIndex, offsetBy: start)] {
            switch byte {
            case 0x0A: breaks += 1
            case 0x20, 0x09, 0x0D: continue
            default: return false
            }
        }
        return breaks >= 1 && breaks <= blankLines + 1
    }

    private func place(cluster: [Int], units: [TextUnit], source: String, roles: [UnitRole], next: UnitRole?, nextIsProse: Bool,
                       modelHeadline: Bool, headlineRuns: Set<Int>, numbers: [Int: String], hasBylines: Bool, current: inout Draft,
                       drafts: inout [Draft], counts: inout SectionCounts) {
        var headings: [(text: String, strength: HeadingStrength, isCJK: Bool, unit: TextUnit)] = []
        var subtitles: [String] = []
        var headingsAfterSubtitle: [String] = []
        var bylines: [String] = []
        for index in cluster {
            switch roles[index] {
            case .heading(let strength):
                let text = numbers[index].map { "\($0) \(headingText(units[index], in: source))" } ?? headingText(units[index], in: source)
                if headlineRuns.contains(index), subtitles.isEmpty, !headings.isEmpty {
                    headings[headings.count - 1].text += " " + text
                } else if subtitles.isEmpty { headings.append((text, strength, units[index].isCJK, units[index])) }
                else { headingsAfterSubtitle.append(text) }
            case .subtitle: subtitles.append(units[index].singleLine(in: source))
            case .byline(let byline): bylines.append(byline)
            default: break
            }
        }
        let followedByBody = next?.isBodyText ?? false
        let nextIsLead: Bool = {
            switch next {
            case .lead, .dateline: true
            default: false
            }
        }()

        // Weak headings (Title Case, short sentence case) need running text after them, not a
        // table cell or a number.
        if subtitles.isEmpty, bylines.isEmpty, !headings.isEmpty, headings.allSatisfy({ $0.strength == .weak }),
           !(followedByBody && nextIsProse) {
            for index in cluster { current.paragraphs.append(units[index].start..<units[index].end) }
            return
        }
        // A lone heading inside an article with a byline is a subhead (unless the model reads it as
        // the headline of the next article). A Latin heading in an article without a byline is the
        // next story's headline, whatever the model's confidence: a page of unsigned short stories
        // with datelines (a 1916 front page) counts as one with bylines, but its stories have no
        // subheads, while a Title Case subhead of a signed story reads like a headline.
        if subheads == .body, hasBylines, cluster.count == 1, let heading = headings.first,
           !(heading.isCJK ? modelHeadline : current.byline == nil),
           heading.strength != .numbered || heading.isCJK, followedByBody, !nextIsLead,
           !current.paragraphs.isEmpty, !HeadingRules.hasHeadlineMarker(heading.unit.head),
           current.title != nil || current.byline != nil {
            current.paragraphs.append(heading.unit.start..<heading.unit.end)
            counts.subheads += 1
            return
        }
        // Bylines or subtitles without a headline: they belong to the section being built when it
        // has no body yet, else they open an untitled one.
        if headings.isEmpty {
            if !current.paragraphs.isEmpty || (current.byline != nil && !bylines.isEmpty) || (current.subtitle != nil && !subtitles.isEmpty) {
                drafts.append(current)
                current = Draft()
            }
            if !subtitles.isEmpty { current.subtitle = subtitles.joined(separator: " "); counts.subtitles += 1 }
            if !bylines.isEmpty { current.byline = bylines.joined(separator: " "); counts.bylines += 1 }
            return
        }
        if !current.isEmpty { drafts.append(current) }
        current = Draft()
        var titles = headings.map(\.text)
        var subtitle = subtitles.isEmpty ? nil : (subtitles + headingsAfterSubtitle).joined(separator: " ")
        var kicker: String?
        if subtitle == nil, titles.count >= 2 {
            if headings[0].isCJK {
                if titles.count >= 3 { subtitle = titles.removeLast() }
                kicker = titles.dropLast().joined(separator: " ")
                titles = [titles.last!]
            } else if isShortAllCaps(titles[0]), !isShortAllCaps(titles[1]) {
                kicker = titles.removeFirst()
                if titles.count >= 2 { subtitle = titles.dropFirst().joined(separator: " ") }
                titles = [titles[0]]
            } else {
                subtitle = titles.dropFirst().joined(separator: " ")
                titles = [titles[0]]
            }
        } else if titles.count >= 2 {
            kicker = titles.dropLast().joined(separator: " ")
            titles = [titles.last!]
        }
        current.kicker = kicker
        current.title = titles.first
        current.subtitle = subtitle
        if kicker != nil { counts.kickers += 1 }
        if subtitle != nil { counts.subtitles += 1 }
        if !bylines.isEmpty {
            current.byline = bylines.joined(separator: " ")
            counts.bylines += 1
        }
    }

    private func headingText(_ unit: TextUnit, in source: String) -> String {
        var text = unit.singleLine(in: source)
        if let level = rules.markdownLevel(unit.head) {
            text = String(text.dropFirst(level)).collapsingSpaces
            while text.hasSuffix("#") { text.removeLast() }
            text = text.collapsingSpaces
        }
        return text
    }

    private func isShortAllCaps(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count <= 4 else { return false }
        let letters = text.unicodeScalars.filter { $0.isAlphabetic }
        return !letters.isEmpty && letters.allSatisfy { $0.isUppercase }
    }

    private func cleanByline(_ byline: String) -> String {
        keepBylineRole ? byline : Bylines.strippingLeadingRole(byline)
    }
}
