import GalleyText

/// How sure the rules are that a unit is a heading.
enum HeadingStrength: Int, Comparable {
    /// Title Case or a short sentence-case line: a heading only when body text follows.
    case weak
    /// A CJK headline, an ALL CAPS line, a headline marked `（图片）`.
    case plain
    /// A numbered heading (`2.3 Results`, `IV. DISCUSSION`), a Markdown `#` heading, or a
    /// standard section name of papers (`Abstract`, `References`): always its own section.
    case numbered

    static func < (lhs: HeadingStrength, rhs: HeadingStrength) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Decides what a unit is: heading, subtitle, byline, caption or credit, or body text.
struct HeadingRules: Sendable {
    /// Longest CJK heading, in characters.
    var maxHeadingCharacters = 40
    /// Longest Latin heading, in words.
    var maxHeadingWords = 16

    // MARK: Headings

    /// The strength of `unit` as a heading, nil when it is not one.
    func headingStrength(_ unit: TextUnit) -> HeadingStrength? {
        guard let length = unit.shortLength, length >= 2, unit.lineCount <= 3 else { return nil }
        if isByline(unit) || isSubtitle(unit) || isCreditLine(unit) || CaptionSignals.startsCaption(unit.head) {
            return nil
        }
        if markdownLevel(unit.head) != nil { return .numbered }
        return unit.isCJK ? cjkHeading(unit) : latinHeading(unit)
    }

    /// A CJK headline: short, without sentence punctuation inside.
    private func cjkHeading(_ unit: TextUnit) -> HeadingStrength? {
        let scalars = unit.head
        guard scalars.count <= maxHeadingCharacters, unit.cjkLetters >= 2 else { return nil }
        let endsWithDash = scalars.last.map(Self.isDash) ?? false
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case "\u{3002}", "\u{FF1B}", ";":       // 。；
                return nil
            case "\u{FF0C}", "\u{3001}", ",":       // ，、
                if !endsWithDash { return nil }
            case "\u{FF1A}", ":":                   // ： at the end introduces what follows
                if offset == scalars.count - 1 { return nil }
            case "\u{FF01}", "\u{FF1F}", "!", "?":  // ！？ only at the end of a short line
                if offset != scalars.count - 1 || scalars.count > 30 { return nil }
            default:
                break
            }
        }
        if let last = scalars.last, Self.isOpeningBracket(last) { return nil }
        return .plain
    }

    /// An English heading: numbered, Markdown, ALL CAPS, Title Case, a standard section name,
    /// or a short sentence-case line.
    private func latinHeading(_ unit: TextUnit) -> HeadingStrength? {
        let line = unit.lineCount > 1 ? Array(unit.singleLine.unicodeScalars) : unit.head
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty, words.count <= maxHeadingWords else { return nil }
        var letters = 0, upper = 0, other = 0
        for scalar in line {
            if scalar.properties.isAlphabetic {
                letters += 1
                if scalar.properties.isUppercase { upper += 1 }
            } else if scalar != " " && scalar != "\t" {
                other += 1
            }
            if "=+<>{}|\\^~*".unicodeScalars.contains(scalar) { return nil }
        }
        guard letters >= 3, letters * 10 >= (letters + other) * 6 else { return nil }
        guard let last = line.last, last != ",", last != ";", last != "-", last != "\u{2010}", last != "(" else { return nil }
        let numbered = Self.numberedPrefixLength(line)
        if let numbered {
            let rest = Array(line[numbered...])
            guard let first = rest.first(where: { $0 != " " }), first.properties.isUppercase else { return nil }
            let restWords = rest.split(separator: " ").count
            if restWords > 12 { return nil }
            if last == ":" { return nil }
            return .numbered
        }
        if last == "." && !(words.count <= 2 && Self.isSectionName(line)) { return nil }
        if last == ":" { return nil }
        if Self.isSectionName(line) { return .numbered }
        guard let first = line.first, first.properties.isUppercase || first == "\u{201C}" || first == "\"" || first == "'" else {
            return nil
        }
        if upper * 10 >= letters * 8 && letters >= 4 { return .plain }   // ALL CAPS
        // Title Case: most words that are not short function words start with a capital.
        var significant = 0, capitalized = 0
        for word in words {
            guard let initial = word.first(where: { $0.properties.isAlphabetic }) else { continue }
            let text = String(String.UnicodeScalarView(word)).lowercased()
            if Self.smallWords.contains(text) { continue }
            significant += 1
            if initial.properties.isUppercase { capitalized += 1 }
        }
        if significant > 0 && capitalized * 10 >= significant * 7 && (words.count >= 2 || letters >= 4) {
            return .weak
        }
        if words.count <= 8 { return .weak }
        return nil
    }

    /// The length of a numbering prefix (`1.`, `2.3`, `3.2.1.`, `IV.`, `A.`), spaces included.
    static func numberedPrefixLength(_ scalars: [Unicode.Scalar]) -> Int? {
        var index = 0
        var digits = 0
        var groups = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if ("0"..."9").contains(scalar) {
                digits += 1
                if digits > 2 { return nil }
            } else if scalar == "." && digits > 0 {
                digits = 0
                groups += 1
            } else {
                break
            }
            index += 1
        }
        if index > 0 && (digits > 0 || groups > 0) {
            if digits > 0 { groups += 1 }
            guard groups >= 1, index < scalars.count, scalars[index] == " " else { return nil }
            return index + 1
        }
        // Roman numerals or a single capital letter followed by a full stop.
        var roman = 0
        while roman < scalars.count, "IVXLC".unicodeScalars.contains(scalars[roman]) { roman += 1 }
        if roman >= 1, roman <= 5, roman + 1 < scalars.count, scalars[roman] == ".", scalars[roman + 1] == " " {
            return roman + 2
        }
        if scalars.count > 3, ("A"..."H").contains(scalars[0]), scalars[1] == ".", scalars[2] == " " {
            return 3
        }
        return nil
    }

    /// `#`…`######` followed by a space.
    func markdownLevel(_ scalars: [Unicode.Scalar]) -> Int? {
        var level = 0
        while level < scalars.count, scalars[level] == "#" { level += 1 }
        guard (1...6).contains(level), level < scalars.count, scalars[level] == " " else { return nil }
        return level
    }

    static let sectionNames: Set<String> = [
        "abstract", "introduction", "background", "methods", "method", "materials and methods",
        "methodology", "results", "discussion", "results and discussion", "conclusion", "conclusions",
        "references", "bibliography", "acknowledgements", "acknowledgments", "acknowledgement",
        "appendix", "summary", "keywords", "key words", "related work", "future work",
        "limitations", "funding", "author contributions", "competing interests", "supplementary material",
        "data availability", "abbreviations", "experimental section", "experimental",
    ]

    static func isSectionName(_ scalars: [Unicode.Scalar]) -> Bool {
        var text = String(String.UnicodeScalarView(scalars)).lowercased()
        while let last = text.last, last == "." || last == ":" || last == " " { text.removeLast() }
        return sectionNames.contains(text)
    }

    static let smallWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
        "from", "as", "vs", "vs.", "via", "into", "over", "per", "than", "upon", "is", "are", "be", "its",
    ]

    // MARK: Subtitles, bylines, credits

    /// `——区人大常委会工作综述（下）`, `— A deck line`, or a line that ends in `———`.
    func isSubtitle(_ unit: TextUnit) -> Bool {
        guard let length = unit.shortLength, length >= 3, length <= maxHeadingCharacters + 20 else { return false }
        let scalars = unit.head
        if Self.isDash(scalars[0]) && (Self.isDash(scalars[1]) || unit.isCJK) {
            return !scalars.contains("\u{3002}")
        }
        if scalars[0] == "-" && scalars[1] == "-" { return true }
        return false
    }

    /// A byline printed on its own line: `□ 记者 范玉贤`, `本报记者 王强`, `By Jane Doe`.
    func isByline(_ unit: TextUnit) -> Bool {
        Bylines.standaloneByline(unit) != nil
    }

    /// A photo credit on its own line: `陆新 摄`, `（新华社记者兰红光摄）`, `Photo: Jane Doe/AP`.
    func isCreditLine(_ unit: TextUnit) -> Bool {
        CaptionSignals.isCreditLine(unit.head, isShort: unit.isShort)
    }

    /// Heading, subtitle, byline or credit: a line that stands alone on a page.
    func isStructuralLine(_ unit: TextUnit) -> Bool {
        isByline(unit) || isSubtitle(unit) || isCreditLine(unit) || headingStrength(unit) != nil
    }

    /// `一、…`, `（一）…`, `第一…`, `1．…`, `■ …`: the way in-article subheads of Chinese papers are numbered.
    static func isCJKSubheadNumbering(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first else { return false }
        let numerals = "一二三四五六七八九十"
        if numerals.unicodeScalars.contains(first) {
            return scalars.count > 1 && (scalars[1] == "\u{3001}" || (numerals.unicodeScalars.contains(scalars[1]) && scalars.count > 2 && scalars[2] == "\u{3001}"))
        }
        if first == "\u{FF08}" || first == "(" {
            return scalars.count > 2 && numerals.unicodeScalars.contains(scalars[1])
        }
        if first == "\u{7B2C}" { return scalars.count > 1 && numerals.unicodeScalars.contains(scalars[1]) }
        if "\u{25A0}\u{25C6}\u{25CF}\u{2605}\u{25B2}".unicodeScalars.contains(first) { return true }   // ■◆●★▲
        if ("0"..."9").contains(first) || ("\u{FF10}"..."\u{FF19}").contains(first) {
            return scalars.count > 1 && (scalars[1] == "\u{FF0E}" || scalars[1] == "\u{3001}" || scalars[1] == ".")
        }
        return false
    }

    /// `（图片）`, `（附图片１张）`, `（图）`, `（组图）` at the end of a headline.
    static func hasHeadlineMarker(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let last = scalars.last, last == "\u{FF09}" || last == ")" else { return false }
        let text = String(String.UnicodeScalarView(scalars.suffix(10)))
        return text.hasSuffix("（图片）") || text.hasSuffix("（图）") || text.hasSuffix("（组图）")
            || text.contains("（附图片") || text.hasSuffix("(图)") || text.hasSuffix("（附图）")
    }

    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{2014}" || scalar == "\u{2015}" || scalar == "\u{2500}" || scalar == "\u{2013}"
    }

    static func isOpeningBracket(_ scalar: Unicode.Scalar) -> Bool {
        "(\u{FF08}\u{300A}\u{3010}\u{201C}[".unicodeScalars.contains(scalar)
    }
}
