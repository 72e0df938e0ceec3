import GalleyText

/// What a line or block looks like: the end of a sentence, a heading, a byline, a list item.
/// Each test reads only the first or last few characters, or the block once.
enum BlockShape {
    static let sentenceFinal: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?", "…", ".", "．", "｡"]
    static let closers: Set<Unicode.Scalar> = ["”", "’", "」", "』", "）", ")", "》", "\"", "'", "]", "】", "〉"]
    static let midClause: Set<Unicode.Scalar> = ["，", "、", "；", "+", "＋", "-", "－", "–", "/", "／", "（", "(", "“", "‘", "《", "〈", "【", "「", "『", ",", "&", "＆", "·"]
    static let clausePunctuation: Set<Unicode.Scalar> = ["，", "。", "、", "；", "：", "！", "？", ",", ";", ":", "!", "?"]
    static let openingDecorations: Set<Unicode.Scalar> = ["□", "■", "◆", "◇", "●", "○", "▲", "△", "★", "☆", "▶", "►"]

    /// Ends with sentence-final punctuation, possibly inside closing quotes or brackets.
    static func endsSentence(_ text: [Unicode.Scalar]) -> Bool {
        var index = text.count - 1
        while index >= 0 && closers.contains(text[index]) { index -= 1 }
        guard index >= 0 else { return false }
        return sentenceFinal.contains(text[index])
    }

    /// Ends with punctuation of any kind (for Latin headings).
    static func endsClause(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last else { return false }
        return endsSentence(text) || clausePunctuation.contains(last) || closers.contains(last)
    }

    static func endsWithColon(_ text: [Unicode.Scalar]) -> Bool {
        text.last == "：" || text.last == ":"
    }

    /// Ends in the middle of a clause: a comma, an enumeration mark, an operator, an opening bracket.
    static func endsMidClause(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last else { return false }
        return midClause.contains(last)
    }

    static func endsWithClosingBracket(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last else { return false }
        return closers.contains(last)
    }

    static func isCJKClausePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isCJKPunctuation && !sentenceFinal.contains(scalar)
    }

    /// Starts with punctuation that cannot open a paragraph (`，` `、` `。` `）` `”`).
    static func startsWithClosingPunctuation(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first else { return false }
        return clausePunctuation.contains(first) || closers.contains(first) || sentenceFinal.contains(first)
    }

    /// A short block with no clause punctuation: a headline, kicker, slogan or name.
    static func isHeadingLike(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count <= 40 else { return false }
        return !text.contains { clausePunctuation.contains($0) }
    }

    /// A line of capitals (`COUNTRY LOTS.`): at least two letters and none in lower case.
    static func isAllCapsHeading(_ text: [Unicode.Scalar]) -> Bool {
        var letters = 0
        for scalar in text where scalar.properties.isAlphabetic {
            if scalar.properties.isLowercase { return false }
            letters += 1
        }
        return letters >= 2
    }

    /// A space between two CJK characters: the way headlines and slogans set their parts apart.
    static func hasSpaceBetweenCJK(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 3 else { return false }
        for index in 1..<(text.count - 1) where text[index] == " " || text[index].value == 0x3000 {
            if text[index - 1].isCJKLetter && text[index + 1].isCJKLetter { return true }
        }
        return false
    }

    /// `□ 记者 王兴法`, `本报讯（…）`, `本报北京１月２２日讯`, `新华社北京…电`, `By Jane Doe`.
    static func isByline(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first else { return false }
        if openingDecorations.contains(first) { return true }
        let prefixes = ["记者", "本报记者", "本报讯", "本报通讯员", "通讯员", "本报", "新华社", "中新社", "（记者", "(记者", "特约记者", "文／", "文/", "文 / "]
        if prefixes.contains(where: { hasPrefix(text, $0) }) { return true }
        if (hasPrefix(text, "By ") || hasPrefix(text, "BY ")) && text.count <= 60,
           text.count > 3, text[3].properties.isUppercase {
            return true
        }
        return false
    }

    /// `——区人大常委会工作综述（下）`: a subtitle set under a headline.
    static func isSubtitle(_ text: [Unicode.Scalar]) -> Bool {
        hasPrefix(text, "——") || hasPrefix(text, "--") || (text.first == "—" && text.count <= 40)
    }

    /// `陆新 摄`, `（新华社记者齐铁砚摄）`, `Photo: …`.
    static func isCredit(_ text: [Unicode.Scalar]) -> Bool {
        var trimmed = text[...]
        while let last = trimmed.last, last == "）" || last == ")" { trimmed = trimmed.dropLast() }
        if trimmed.count <= 24 && (trimmed.last == "摄" || hasSuffix(trimmed, "摄影") || hasSuffix(trimmed, "供图")) {
            return true
        }
        return hasPrefix(text, "Photo:") || hasPrefix(text, "(Photo") || hasPrefix(text, "Credit:")
    }

    /// `图为…`, `Figure 2:`, `Photo:` — a caption stands on its own.
    static func isCaptionStart(_ text: [Unicode.Scalar]) -> Bool {
        ["图为", "图：", "图:", "上图", "下图", "左图", "右图", "Figure ", "Fig. ", "Table "].contains { hasPrefix(text, $0) }
    }

    /// `• item`, `- item`, `1. item`, `2) item`, `（一）`, `一、`, `1、`.
    static func startsListItem(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first else { return false }
        if ["•", "·", "‣", "▪", "◦"].contains(first) { return true }
        if ["-", "*", "–"].contains(first) && text.count > 1 && text[1] == " " { return true }
        if hasPrefix(text, "（") || hasPrefix(text, "(") {
            // `（一）`, `(a)`, `(1)`
            if text.count >= 3, text[2] == "）" || text[2] == ")" { return true }
        }
        var index = 0
        while index < text.count && index < 3 && (text[index].properties.numericType != nil) { index += 1 }
        guard index > 0, index < text.count else { return false }
        let mark = text[index]
        if mark == "、" || mark == "．" { return true }
        if (mark == "." || mark == ")") && index + 1 < text.count && text[index + 1] == " "
            && first.value < 0x80 && index <= 2 && text.count > index + 2 && text[index + 2].properties.isUppercase {
            return true
        }
        return false
    }

    static func hasPrefix(_ text: [Unicode.Scalar], _ prefix: String) -> Bool {
        var index = 0
        for scalar in prefix.unicodeScalars {
            guard index < text.count, text[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    static func hasSuffix(_ text: ArraySlice<Unicode.Scalar>, _ suffix: String) -> Bool {
        let scalars = Array(suffix.unicodeScalars)
        guard text.count >= scalars.count else { return false }
        return text.suffix(scalars.count).elementsEqual(scalars)
    }
}

/// Pairs of adjacent CJK characters seen inside the document's lines: evidence that two
/// characters on either side of a break make one word (`外` + `资` when `外资` occurs elsewhere).
struct CJKBigrams {
    private var pairs = Set<UInt64>()

    init(_ lines: [[Unicode.Scalar]]) {
        for line in lines where line.count >= 2 {
            for index in 1..<line.count where line[index].isCJKLetter && line[index - 1].isCJKLetter {
                pairs.insert(UInt64(line[index - 1].value) << 32 | UInt64(line[index].value))
            }
        }
    }

    func continues(_ left: Unicode.Scalar, _ right: Unicode.Scalar) -> Bool {
        pairs.contains(UInt64(left.value) << 32 | UInt64(right.value))
    }
}
