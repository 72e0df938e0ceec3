import GalleyText

/// How sure the rules are that a unit is a heading.
enum HeadingStrength: Int, Comparable {
    /// Title Case, ALL CAPS or a short sentence-case line: a heading only when running text
    /// (a long paragraph or one that ends a sentence) follows.
    case weak
    /// A CJK headline, with or without a marker such as `（图片）`.
    case plain
    /// A numbered heading (`2.3 Results`, `IV. DISCUSSION`), a Markdown `#` heading, or a
    /// standard section name of papers (`Abstract`, `References`): always its own section.
    case numbered

    static func < (lhs: HeadingStrength, rhs: HeadingStrength) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Scalars decoded into a document's ``ScalarArena`` (or an array's memory), zero-based.
typealias Scalars = UnsafeBufferPointer<Unicode.Scalar>

/// Decides what a unit is: heading, subtitle, byline, caption or credit, or body text.
struct HeadingRules: Sendable {
    /// Longest CJK heading, in characters.
    var maxHeadingCharacters = 40
    /// Longest Latin heading, in words.
    var maxHeadingWords = 16

    // MARK: Headings

    /// The strength of `unit` as a heading, nil when it is not one.
    func headingStrength(_ unit: inout TextUnit) -> HeadingStrength? {
        if let memo = unit.headingStrengthMemo { return memo }
        let strength = computeHeadingStrength(&unit)
        unit.headingStrengthMemo = .some(strength)
        return strength
    }

    private func computeHeadingStrength(_ unit: inout TextUnit) -> HeadingStrength? {
        guard let length = unit.shortLength, length >= 2, unit.lineCount <= 3 else { return nil }
        if isByline(&unit) || isSubtitle(unit) || isCreditLine(&unit) || unit.startsCaption {
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
        // `一、加强隐患排查`, `（二）…`: the numbering's own punctuation does not count.
        let numbering = Self.isCJKSubheadNumbering(scalars) ? (scalars.firstIndex(where: { $0 == "\u{3001}" || $0 == "\u{FF09}" || $0 == "\u{FF0E}" || $0 == "." }) ?? -1) : -1
        for (offset, scalar) in scalars.enumerated() where offset > numbering {
            switch scalar {
            case "\u{3002}", "\u{FF1B}", ";":       // 。；
                return nil
            case "\u{FF0C}", "\u{3001}", ",":       // ，、
                if !endsWithDash { return nil }
            case "\u{FF1A}", ":":                   // ： at the end introduces what follows
                if offset == scalars.count - 1 { return nil }
            case "\u{FF01}", "\u{FF1F}", "!", "?":  // ！？ only in a short line
                if scalars.count > 30 { return nil }
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
        // Cheap rejections first: too many words, or a line break after a finished sentence.
        var spaces = 0
        var previous: Unicode.Scalar = " "
        for scalar in unit.head {
            if (scalar == " " || scalar == "\n") && previous != " " && previous != "\n" {
                spaces += 1
                if spaces >= maxHeadingWords { return nil }
            }
            if scalar == "\n", previous == "." { return nil }
            previous = scalar
        }
        // A heading printed on two or three lines is read as one line.
        if unit.lineCount > 1 {
            let line = unit.head.map { $0 == "\n" ? " " : $0 }
            return line.withUnsafeBufferPointer { latinHeading(line: $0) }
        }
        return latinHeading(line: unit.head)
    }

    /// ``latinHeading(_:)`` of the unit's scalars as one line.
    private func latinHeading(line: Scalars) -> HeadingStrength? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty, words.count <= maxHeadingWords, let last = line.last else { return nil }
        guard last != ",", last != ";", last != "-", last != "\u{2010}", last != "(" else { return nil }
        if Self.isListBullet(line[0]) {
            // `■ INTRODUCTION`: some journals print a square before their section names.
            let rest = line.drop(while: { Self.isListBullet($0) || $0 == " " })
            let letters = rest.filter { $0.isAlphabetic }
            guard line[0] == "\u{25A0}", letters.count >= 4, letters.allSatisfy({ $0.isUppercase }) else { return nil }
            return .numbered
        }
        if let numbered = Self.numberedPrefixLength(line) {
            // `2.3 Results`, `IV. DISCUSSION`, `3.2.1.3. Training.`, `2 | EXPERIMENTAL SECTION`
            let rest = Array(line[numbered...])
            let piped = line[..<numbered].contains("|")
            guard let first = rest.first(where: { $0 != " " }),
                  first.isUppercase || (piped && (CaptionSignals.isDigit(first) || first == "(")),
                  last != ":", Self.looksLikeWords(rest, minimumShare: 5, allowing: "+") else { return nil }
            let restWords = rest.split(separator: " ")
            guard restWords.count <= 14, !Self.endsWithSmallWord(restWords) else { return nil }
            return .numbered
        }
        guard Self.looksLikeWords(line, minimumShare: 6, allowing: "") else { return nil }
        if Self.isSectionName(line) { return .numbered }
        if last == "." || last == ":" { return nil }
        guard let first = line.first, first.isUppercase || first == "\u{201C}" || first == "\"" || first == "'" else {
            return nil
        }
        if Self.endsWithSmallWord(words) { return nil }
        let letters = line.filter { $0.isAlphabetic }
        if letters.count >= 4, letters.filter({ $0.isUppercase }).count * 10 >= letters.count * 8 {
            // ALL CAPS: a heading when running text follows (not `SMAD4` or `OH OH` in a figure).
            return .weak
        }
        if isTitleCase(line) || (words.count == 1 && letters.count >= 4) { return .weak }
        // A short sentence-case line: a heading only if body text follows (checked by the builder).
        if words.count <= 12, !line.contains(","), !line.contains(";"), !line.contains(":") { return .weak }
        return nil
    }

    /// Mostly letters (at least `minimumShare` tenths of the non-space characters), no formula
    /// signs, and not a run of one-letter symbols (`T j → V i`).
    static func looksLikeWords<Line: Collection<Unicode.Scalar>>(_ line: Line, minimumShare: Int, allowing: String) -> Bool {
        var letters = 0, other = 0
        for scalar in line {
            if scalar.isAlphabetic { letters += 1 }
            else if scalar != " " && scalar != "\t" { other += 1 }
            switch scalar {
            case "=", "+", "<", ">", "{", "}", "|", "\\", "^", "~", "*", "\u{2192}", "\u{00BC}":
                if !allowing.unicodeScalars.contains(scalar) { return false }
            default:
                break
            }
        }
        guard letters >= 3, letters * 10 >= (letters + other) * minimumShare else { return false }
        let words = line.split(separator: " ")
        let single = words.filter { word in word.count == 1 && word[word.startIndex].isAlphabetic }.count
        return single * 3 <= words.count
    }

    /// `•`, `▪`, `–`, `*`, or a Roman-numeral glyph (`Ⅲ`) that a PDF uses as a bullet: a list item.
    static func isListBullet(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\u{2150}"..."\u{218F}", "\u{2022}", "\u{00B7}", "\u{25AA}", "\u{25E6}", "\u{2013}", "\u{2014}", "*", "\u{25CF}",
             "\u{25A0}", "\u{2023}", "\u{2043}", "\u{F0B7}", "-":
            true
        default:
            false
        }
    }

    /// Headings do not end with `of`, `and`, `the`, `was`: such a line is the start of a sentence.
    static func endsWithSmallWord<Word: Collection<Unicode.Scalar>>(_ words: [Word]) -> Bool {
        guard words.count >= 2, let last = words.last else { return false }
        if last.elementsEqual("vs".unicodeScalars) || last.elementsEqual("vs.".unicodeScalars) { return false }
        return isSmallWord(last)
    }

    /// The length of a numbering prefix (`1.`, `2.3`, `3.2.1.`, `IV.`, `A.`), spaces included.
    static func numberedPrefixLength(_ scalars: Scalars) -> Int? {
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
            // `2.1 | General procedures`
            if index + 2 < scalars.count, scalars[index + 1] == "|", scalars[index + 2] == " " { return index + 3 }
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

    /// The section number a line opens with, as its parts (`4.` → [4], `4.1.` → [4, 1], `2.1 | …` →
    /// [2, 1]), when a space or the line's end follows it (`2.1` alone).
    static func sectionNumber(_ scalars: Scalars) -> [Int]? {
        var parts: [Int] = []
        var value = -1
        for scalar in scalars {
            if ("0"..."9").contains(scalar) {
                value = max(value, 0) * 10 + Int(scalar.value - 48)
                if value > 99 { return nil }
            } else if scalar == "." && value >= 0 {
                parts.append(value)
                value = -1
            } else if scalar == " " {
                if value >= 0 { parts.append(value) }
                return parts.isEmpty ? nil : parts
            } else {
                return nil
            }
        }
        if value >= 0 { parts.append(value) }
        return parts.isEmpty ? nil : parts
    }

    /// Whether the section number `next` comes after `number` in a document's numbering: one of its
    /// subsections (`4` → `4.1`) or the next section at its level or above (`4.1` → `4.2`, `4.2` → `5`).
    static func follows(_ next: [Int], _ number: [Int]) -> Bool {
        if next.count > number.count { return Array(next.prefix(number.count)) == number }
        let level = next.count - 1
        return Array(next.prefix(level)) == Array(number.prefix(level)) && next[level] == number[level] + 1
    }

    /// `#`…`######` followed by a space.
    func markdownLevel(_ scalars: Scalars) -> Int? {
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

    static func isSectionName(_ scalars: Scalars) -> Bool {
        var end = scalars.count
        while end > 0, scalars[end - 1] == "." || scalars[end - 1] == ":" || scalars[end - 1] == " " { end -= 1 }
        // No name is longer than this (lower-casing never shortens a text), so no string is built.
        guard end <= Self.longestSectionName else { return false }
        // ASCII (every name is): lower-cased byte by byte into a string made once.
        if scalars[..<end].allSatisfy(\.isASCII) {
            let lowered = String(unsafeUninitializedCapacity: end) { buffer in
                for index in 0..<end {
                    let value = UInt8(truncatingIfNeeded: scalars[index].value)
                    buffer[index] = (0x41...0x5A).contains(value) ? value | 0x20 : value
                }
                return end
            }
            return sectionNames.contains(lowered)
        }
        return sectionNames.contains(String(scalars: scalars[..<end]).lowercased())
    }

    static let longestSectionName = sectionNames.map(\.unicodeScalars.count).max() ?? 0

    /// Whether `word` is one of ``smallWords``, compared on packed ASCII without building a string.
    static func isSmallWord<Word: Collection<Unicode.Scalar>>(_ word: Word) -> Bool {
        guard word.count <= 8 else { return false }
        var key: UInt64 = 0
        for scalar in word {
            guard scalar.isASCII else { return false }
            key = key << 8 | UInt64(scalar.value | (("A"..."Z").contains(scalar) ? 0x20 : 0))
        }
        return smallWordKeys.contains(key)
    }

    static let smallWordKeys: Set<UInt64> = Set(smallWords.map { word in
        word.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    })

    static let smallWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
        "from", "as", "vs", "vs.", "via", "into", "over", "per", "than", "upon", "is", "are", "be", "its",
        "was", "were", "that", "which", "has", "have", "their", "this", "these", "we", "our",
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
    func isByline(_ unit: inout TextUnit) -> Bool {
        unit.isByline
    }

    /// A photo credit on its own line: `陆新 摄`, `（新华社记者兰红光摄）`, `Photo: Jane Doe/AP`.
    func isCreditLine(_ unit: inout TextUnit) -> Bool {
        unit.isCreditLine
    }

    /// Heading, subtitle, byline or credit: a line that stands alone on a page.
    func isStructuralLine(_ unit: inout TextUnit) -> Bool {
        isByline(&unit) || isSubtitle(unit) || isCreditLine(&unit) || headingStrength(&unit) != nil
    }

    /// A line that surely stands alone: byline, subtitle, credit, or a heading stronger than weak.
    func isStandaloneLine(_ unit: inout TextUnit) -> Bool {
        if isByline(&unit) || isSubtitle(unit) || isCreditLine(&unit) { return true }
        // Fast path for Latin lines: only numbered, Markdown, bulleted, ALL CAPS lines or section
        // names can be stronger than weak, so ordinary lines of running text skip the full rules.
        if !unit.isCJK, !isStrongCandidate(unit) { return false }
        guard let strength = headingStrength(&unit) else { return false }
        return strength > .weak
    }

    /// A Latin line that could be more than a weak heading: numbered, Markdown, `■`, short, or
    /// without lower-case letters. Everything else skips the full rules.
    func isStrongCandidate(_ unit: TextUnit) -> Bool {
        guard let first = unit.head.first else { return false }
        if CaptionSignals.isDigit(first) || first == "#" || first == "\u{25A0}" || ("A"..."I").contains(first) || first == "V" || first == "X" { return true }
        if unit.head.count <= 40 { return true }
        return !unit.head.contains { ("a"..."z").contains($0) }
    }

    /// A heading or byline line on top of a wrapped paragraph: `1 Introduction` above the text.
    /// A weak heading needs Title Case and a next line that starts a sentence, since the first
    /// line of a wrapped paragraph is often short and capitalized too.
    func opensWrappedBlock(_ unit: inout TextUnit, next: inout TextUnit) -> Bool {
        if isByline(&next) || isSubtitle(next) { return isByline(&unit) || headingStrength(&unit) != nil }
        guard next.looksLikeProse else { return false }
        if isByline(&unit) || isSubtitle(unit) { return true }
        // Fast path: the first line of ordinary running text, with the sentence going on below.
        if !unit.isCJK, !isStrongCandidate(unit), !(next.head.first?.isUppercase ?? false) { return false }
        guard let strength = headingStrength(&unit) else { return false }
        if strength > .weak { return true }
        guard isTitleCase(unit.head), let first = next.head.first else { return false }
        return first.isUppercase
    }

    /// Most words that are not short function words start with a capital, and there are at least two.
    func isTitleCase(_ line: Scalars) -> Bool {
        var significant = 0, capitalized = 0
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let initial = word.first(where: { $0.isAlphabetic }) else { continue }
            if Self.isSmallWord(word) { continue }
            significant += 1
            if initial.isUppercase { capitalized += 1 }
        }
        return significant >= 2 && capitalized * 10 >= significant * 8
    }

    /// `一、…`, `（一）…`, `第一…`, `1．…`, `■ …`: the way in-article subheads of Chinese papers are numbered.
    static func isCJKSubheadNumbering(_ scalars: Scalars) -> Bool {
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
    static func hasHeadlineMarker(_ scalars: Scalars) -> Bool {
        guard let last = scalars.last, last == "\u{FF09}" || last == ")" else { return false }
        let tail = scalars.suffix(10)
        for marker in headlineMarkers where tail.reversed().starts(with: marker.reversed()) { return true }
        return tail.containsScalars(attachedPicture)
    }

    static let headlineMarkers: [[Unicode.Scalar]] = ["（图片）", "（图）", "（组图）", "(图)", "（附图）"].map { Array($0.unicodeScalars) }
    static let attachedPicture: [Unicode.Scalar] = Array("（附图片".unicodeScalars)

    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{2014}" || scalar == "\u{2015}" || scalar == "\u{2500}" || scalar == "\u{2013}"
    }

    static func isOpeningBracket(_ scalar: Unicode.Scalar) -> Bool {
        "(\u{FF08}\u{300A}\u{3010}\u{201C}[".unicodeScalars.contains(scalar)
    }
}
