import GalleyText

/// What a line or block looks like: the end of a sentence, a heading, a byline, a list item.
/// Each test reads only the first or last few characters, or the block once.
enum BlockShape {
    static let sentenceFinal: ScalarSet = ["。", "！", "？", "!", "?", "…", ".", "．", "｡", "；", ";"]
    static let closers: ScalarSet = ["”", "’", "」", "』", "）", ")", "》", "\"", "'", "]", "】", "〉"]
    static let midClause: ScalarSet = ["，", "、", "+", "＋", "-", "－", "–", "/", "／", "（", "(", "“", "‘", "《", "〈", "【", "「", "『", ",", "&", "＆", "·"]
    static let clausePunctuation: ScalarSet = ["，", "。", "、", "；", "：", "！", "？", ",", ";", ":", "!", "?"]
    /// Punctuation that a headline may contain (`招标：治住粗放经营`).
    static let headingPunctuation: ScalarSet = ["：", ":"]
    static let openingDecorations: ScalarSet = ["□", "■", "◆", "◇", "●", "○", "▲", "△", "★", "☆", "▶", "►"]

    /// Ends with sentence-final punctuation, possibly inside closing quotes or brackets.
    static func endsSentence(_ text: [Unicode.Scalar]) -> Bool {
        // Letters and digits, the commonest last characters, are neither closers nor final marks.
        if let last = text.last, isLetterOrDigitFast(last) { return false }
        var index = text.count - 1
        while index >= 0 && closers.contains(text[index]) { index -= 1 }
        guard index >= 0 else { return false }
        return sentenceFinal.contains(text[index])
    }

    /// An ASCII letter or digit, or a Han ideograph: never punctuation.
    @inline(__always) static func isLetterOrDigitFast(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
            || (value >= 0x4E00 && value <= 0x9FFF)
    }

    /// Ends with punctuation of any kind (for Latin headings).
    static func endsClause(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last else { return false }
        return endsSentence(text) || clausePunctuation.contains(last) || closers.contains(last)
    }

    static func endsWithColon(_ text: [Unicode.Scalar]) -> Bool {
        text.last == "：" || text.last == ":"
    }

    /// The longest line of verse, in characters: a Chinese poem's lines run to about a dozen.
    static let verseLineLength = 12

    /// The longest line of a run of very short lines (a poem's, a song's) that need no
    /// punctuation at their ends to be told from a broken paragraph.
    static let shortVerseLineLength = 8

    /// A block of symbols and asterisks alone (`＊＊＊`, `◆ ◆ ◆`, `※※`): a separator between parts
    /// of a text. (Not a bracket, quotation mark or full stop left alone by a break: `《 | 华盛顿邮报》`.)
    static func isSeparator(_ text: [Unicode.Scalar]) -> Bool {
        var symbols = 0
        for scalar in text {
            if scalar.properties.isWhitespace { continue }
            switch scalar.properties.generalCategory {
            case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: symbols += 1
            default:
                guard separatorMarks.contains(scalar) else { return false }
                symbols += 1
            }
        }
        return symbols > 0
    }

    /// A block wholly in round brackets (`（１９９８年１月２２日…会议通过）`): a note of its own under a
    /// title or a decision, not the tail of a sentence (that would end with `。` after the bracket).
    static func isWhollyBracketed(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 3, let first = text.first, first == "（" || first == "(",
              let last = text.last, last == "）" || last == ")" else { return false }
        var depth = 0
        for (index, scalar) in text.enumerated() {
            if scalar == "（" || scalar == "(" { depth += 1 }
            if scalar == "）" || scalar == ")" {
                depth -= 1
                if depth == 0 && index < text.count - 1 { return false }
            }
        }
        return depth == 0
    }

    /// Punctuation that makes separators: asterisks, the reference mark, the asterism.
    static let separatorMarks: Set<Unicode.Scalar> = ["*", "＊", "※", "⁂", "#", "＃"]

    /// A short block that ends with a comma or a semicolon (`催开簇簇冷艳的山花，`): a line of
    /// verse whose sentence goes on in the next line, when it stands among other short lines.
    static func isVerseClause(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count <= verseLineLength, let last = text.last else { return false }
        return last == "，" || last == "、" || last == "；" || last == "," || last == ";"
    }

    /// A short block that ends with punctuation (`稀释后，`, `烘托一种氛围。`): a line of verse
    /// when it stands in a run of such lines.
    static func mayBeVerseLine(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count <= verseLineLength, let last = text.last else { return false }
        return clausePunctuation.contains(last) || sentenceFinal.contains(last) || last == "…"
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
        return !text.contains { clausePunctuation.contains($0) && !headingPunctuation.contains($0) }
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

    static let bylinePrefixes = ["记者", "本报记者", "本报讯", "本报通讯员", "通讯员", "本报", "新华社", "中新社", "据新华社",
                                 "据中新社", "据本报", "（记者", "(记者", "特约记者", "文／", "文/", "文 / "]
    static let bylineInitials = ScalarSet(bylinePrefixes.compactMap { $0.unicodeScalars.first })

    /// `□ 记者 王兴法`, `本报讯（…）`, `本报北京１月２２日讯`, `新华社北京…电`, `By Jane Doe`.
    static func isByline(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first else { return false }
        if openingDecorations.contains(first) { return true }
        if bylineInitials.contains(first) && bylinePrefixes.contains(where: { hasPrefix(text, $0) }) { return true }
        if isDateline(text) { return true }
        if (hasPrefix(text, "By ") || hasPrefix(text, "BY ")) && text.count <= 60,
           text.count > 3, text[3].properties.isUppercase {
            return true
        }
        return false
    }

    /// `新华社西宁１月２２日电`, `本报纽约１月２１日电`, `中广网唐山６月１２日消息`: a place and a date
    /// closed by 电, 讯 or 消息 within the first twenty characters.
    static func isDateline(_ text: [Unicode.Scalar]) -> Bool {
        let end = min(text.count, 22)
        guard end >= 4 else { return false }
        for index in 1..<end where text[index - 1] == "日" {
            if text[index] == "电" || text[index] == "讯" { return true }
            if index + 1 < end && text[index] == "消" && text[index + 1] == "息" { return true }
        }
        return false
    }

    /// Where the last sentence of a block starts: after its last sentence-final punctuation.
    /// Looked for only among the last `limit` characters (nil when it starts further back), so
    /// that a paragraph growing by many joins is not read again from its start at every break.
    static func lastSentenceStart(_ text: [Unicode.Scalar], within limit: Int) -> Int? {
        var index = text.count
        let bound = max(0, text.count - limit)
        while index > bound && !sentenceFinal.contains(text[index - 1]) { index -= 1 }
        if index == bound && bound > 0 && !sentenceFinal.contains(text[bound - 1]) { return nil }
        return index
    }

    static let cjkNumerals = ScalarSet("〇零一二三四五六七八九十".unicodeScalars)

    /// An ASCII or full-width digit.
    @inline(__always) static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x30 && value <= 0x39) || (value >= 0xFF10 && value <= 0xFF19)
    }

    /// The last sentence of the block opens with a dateline (`新华社北京１月２２日电`, `…二十三日电`,
    /// `…日讯`, `…日消息`, `本报讯`, within its first 24 characters) and has not ended: the body of
    /// its paragraph has begun, or is about to, so the block cannot end the paragraph. A dateline
    /// in brackets (`。（本报开罗１月２３日电）`) is a credit closing the paragraph instead.
    static func hasUnfinishedDateline(_ text: [Unicode.Scalar]) -> Bool {
        guard let start = lastSentenceStart(text, within: 200), text.count - start >= 3 else { return false }
        let end = min(text.count - 1, start + 24)
        var marker: Int?
        for index in (start + 1)..<end where text[index] == "日" {
            let before = text[index - 1]
            guard isDigit(before) || cjkNumerals.contains(before) else { continue }
            let after = text[index + 1]
            if after == "电" || after == "讯" || (after == "消" && index + 2 < text.count && text[index + 2] == "息") {
                marker = index
                break
            }
        }
        if marker == nil, start + 2 < text.count {
            for index in start..<min(text.count - 2, start + 24)
            where text[index] == "本" && text[index + 1] == "报" && text[index + 2] == "讯" {
                marker = index
                break
            }
        }
        guard let marker else { return false }
        // Inside brackets: a closing bracket comes before any opening one after the marker.
        for scalar in text[marker...] {
            if scalar == "（" || scalar == "(" { break }
            if scalar == "）" || scalar == ")" { return false }
        }
        return true
    }

    /// Who opens a dateline: a news agency or the paper itself.
    static let datelineOpeners = ["新华社", "中新社", "本报", "据新华社", "据中新社", "据本报"].map { Array($0.unicodeScalars) }

    /// The block ends inside a dateline before its date is complete: with an agency's name or
    /// the start of one (`…新华社`, `…新华`, `…本报`, `…据新`), or with an agency and a place
    /// (`新华社东京`, `本报上`) or part of a date (`本报华盛顿１月`, `据新华社北京一月二`). A
    /// paragraph does not end there. An agency and a title or a name is a byline
    /// (`本报驻日本记者于青`, `本报评论员`).
    static func endsInsideDateline(_ text: [Unicode.Scalar]) -> Bool {
        for opener in datelineOpeners {
            for length in stride(from: opener.count, through: 2, by: -1) where text.count >= length {
                if text[(text.count - length)...].elementsEqual(opener[0..<length]) { return true }
            }
        }
        let start = lastSentenceStart(text, within: 16) ?? max(0, text.count - 16)
        for opener in datelineOpeners {
            var index = text.count - opener.count - 1
            while index >= start {
                if text[index..<(index + opener.count)].elementsEqual(opener) {
                    let rest = text[(index + opener.count)...]
                    guard rest.count <= 10, rest.allSatisfy({ $0.isCJKLetter || isDigit($0) }) else { break }
                    let hasDate = rest.contains { isDigit($0) || $0 == "月" }
                    if hasDate || rest.count <= 2 { return true }
                    break
                }
                index -= 1
            }
        }
        return false
    }

    /// Opening brackets and quotation marks: a block ending with one breaks off mid-sentence.
    static let openers: ScalarSet = ["（", "(", "“", "‘", "《", "〈", "【", "「", "『", "["]

    /// The block ends inside a numeric range (`有５— | ６级`, `３～ | ５天`).
    static func endsMidNumber(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, let first = next.first, isDigit(first), text.count >= 2 else { return false }
        return (last == "—" || last == "－" || last == "-" || last == "～" || last == "~") && isDigit(text[text.count - 2])
    }

    /// A decimal number cut at its point (`增长２４． | ２％`, `售价２． | ５至２．７美元`): a digit
    /// and a full stop that a digit follows across the break. In CJK text `。` ends sentences,
    /// so `．` after a digit is a decimal point (an ASCII `.` counts only next to CJK text).
    static func breaksDecimal(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2, let last = text.last, let first = next.first, isDigit(first),
              isDigit(text[text.count - 2]) else { return false }
        return last == "．" || (last == "." && hasCJKNearEnd(text) && hasCJKNearStart(next))
    }

    /// A single dash joining two names or numbers (`广州— | 深圳—九龙`, `道— | 琼斯指数`, `ＤＣ— | ４飞机`):
    /// a connector, unlike the double dash that leads a kicker into its headline (`…的——`).
    static func breaksConnectorDash(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2, text[text.count - 1] == "—", let first = next.first else { return false }
        let before = text[text.count - 2]
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isCJKLetter || isDigit(scalar) || isLetterOrDigitFast(scalar)
                || (scalar.value >= 0xFF21 && scalar.value <= 0xFF3A) || (scalar.value >= 0xFF41 && scalar.value <= 0xFF5A)
        }
        return isWordCharacter(before) && isWordCharacter(first)
    }

    /// A dash run broken across the blocks (`…财富— | ——铁人精神`).
    static func breaksDash(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, let first = next.first else { return false }
        return (last == "—" || last == "―") && (first == "—" || first == "―")
    }

    /// The block ends with a quotation or bracket that closes inside a running sentence: the
    /// text before its opening mark neither ends a sentence nor is the start of the block
    /// (`…满意的“新婚行”`, `…群岛（北方四岛）`), unlike a credit (`。（石达）`) or a quoted title.
    static func endsWithQuoteInsideSentence(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, closers.contains(last) else { return false }
        let opening: Unicode.Scalar
        switch last {
        case "”": opening = "“"
        case "’": opening = "‘"
        case "」": opening = "「"
        case "』": opening = "『"
        case "）": opening = "（"
        case ")": opening = "("
        case "》": opening = "《"
        default: return false
        }
        let window = text[max(0, text.count - 200)...]
        guard let open = window.lastIndex(of: opening), open > 0 else { return false }
        let before = text[open - 1]
        return !sentenceFinal.contains(before) && !closers.contains(before) && before != "：" && before != ":"
    }

    /// The block opens with a clause of one character (`客，都存在…`, `要。旗帜就是…`): the tail
    /// of a word cut off, not the start of a paragraph.
    static func opensWithFragment(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2, text[0].isCJKLetter else { return false }
        return clausePunctuation.contains(text[1]) || sentenceFinal.contains(text[1])
    }

    /// `一`, `二`, `十二`: a numeral on its own, heading a list item.
    static func isNumeralOnly(_ text: [Unicode.Scalar]) -> Bool {
        guard !text.isEmpty, text.count <= 3 else { return false }
        return text.allSatisfy { isListNumeral($0) }
    }

    /// A numeral that numbers a list or a section: a digit, `〇一二…十`, or a numeral outside the
    /// CJK blocks (`Ⅻ`, `①`). Not the ideographs that have a numeric value but are words of
    /// their own (`京` Beijing, `万`, `亿`, `两`).
    @inline(__always) static func isListNumeral(_ scalar: Unicode.Scalar) -> Bool {
        if isDigit(scalar) || cjkNumerals.contains(scalar) { return true }
        return scalar.value < 0x2E80 && scalar.properties.numericType != nil
    }

    /// Characters that do not end a Chinese headline or sentence: particles, prepositions,
    /// conjunctions (`的`, `对`, `和`, `在`, `把`, `按`…). A block ending in one breaks off mid-sentence.
    static let cannotEnd = ScalarSet("的对和与及在把将从向被于以而并且但之其这该各每是为同由经给让使按距凭沿趁".unicodeScalars)

    /// The block ends with a word that cannot end a headline or sentence (`cannotEnd`), except
    /// the label of an editor's or a reporter's note (`编者按`, `记者按`), whose `按` is a noun.
    static func endsWithFunctionWord(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, cannotEnd.contains(last) else { return false }
        return !isNoteLabel(text)
    }

    /// `编者按`, `记者按`, `译者按`: the label of a note, a heading of its own.
    static func isNoteLabel(_ text: [Unicode.Scalar]) -> Bool {
        text.count >= 2 && text.count <= 6 && text[text.count - 1] == "按" && text[text.count - 2] == "者"
    }

    /// Numerals that count: Chinese numerals, `百 千 万 两 几`, digits.
    @inline(__always) static func isCountingNumeral(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || cjkNumerals.contains(scalar) || countingWords.contains(scalar)
    }

    static let countingWords = ScalarSet("百千万两几".unicodeScalars)

    /// Classifiers that count things and need the noun after them (`几个|月`, `一首|歌`, `三项|措施`).
    static let classifiers = ScalarSet("个位种项件首批座只".unicodeScalars)

    /// The block ends with a numeral and a classifier (`短短几个`): the noun it counts is still to come.
    static func endsWithNumeralAndClassifier(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2, let last = text.last, classifiers.contains(last) else { return false }
        return isCountingNumeral(text[text.count - 2])
    }

    /// Classifiers that an ordinal takes (`第二十四条`, `第三届`, `第五次`).
    static let ordinalClassifiers = ScalarSet("条章节款项次届个位名天年号期批回轮场季集卷部篇段版".unicodeScalars)

    /// An ordinal broken across the blocks: `第二十四 | 条`, `第二十 | 五条`, `第 | 三届`. `第` and
    /// its numeral are a prefix; the classifier that completes them cannot start a paragraph.
    static func breaksOrdinal(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, let first = next.first else { return false }
        if last == "第" { return isCountingNumeral(first) }
        guard isCountingNumeral(last) else { return false }
        var index = text.count - 1
        while index > 0 && isCountingNumeral(text[index]) { index -= 1 }
        guard text[index] == "第" else { return false }
        var rest = 0
        while rest < next.count && rest < 6 && isCountingNumeral(next[rest]) { rest += 1 }
        return rest < next.count && ordinalClassifiers.contains(next[rest])
    }

    /// A date broken across the blocks: a year's digits (`１９ | ９７年`, four in all), a year and
    /// its month (`１９９７年 | ７月`), a month and its day (`１月 | ２２日`, `１ | 月２４日`,
    /// `１月２ | ４日`), an hour and its minutes (`９时 | ４８分`). A date is one unit; neither
    /// part is a paragraph.
    static func breaksDate(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, let first = next.first else { return false }
        var nextDigits = 0
        while nextDigits < next.count && isDigit(next[nextDigits]) { nextDigits += 1 }
        let after: Unicode.Scalar? = nextDigits < next.count ? next[nextDigits] : nil
        var textDigits = 0
        while textDigits < text.count && isDigit(text[text.count - 1 - textDigits]) { textDigits += 1 }
        let before: Unicode.Scalar? = textDigits < text.count ? text[text.count - 1 - textDigits] : nil
        if textDigits > 0 && nextDigits > 0 {
            // `１９ | ９７年`: the digits of one year; `１月２ | ４日`: of one day of a month.
            if after == "年" && textDigits + nextDigits == 4 { return true }
            return after == "日" && before == "月" && textDigits + nextDigits <= 2
        }
        if nextDigits > 0 {
            // `１９９７年 | ７月`, `１月 | ２２日`.
            guard text.count >= 2, isDigit(text[text.count - 2]) else { return false }
            return (last == "年" && after == "月") || (last == "月" && after == "日")
                || ((last == "时" || last == "点") && after == "分")   // `９时 | ４８分`
        }
        // `１ | 月２４日`: a month's number, then the month and its day.
        guard textDigits > 0 && textDigits <= 2, first == "月", next.count >= 3, isDigit(next[1]) else { return false }
        var index = 1
        while index < next.count && isDigit(next[index]) { index += 1 }
        return index < next.count && next[index] == "日"
    }

    /// The block ends inside a dateline that the next block completes: the last sentence of the
    /// block starts with (part of) an agency and a place, and the words across the break read
    /// as a dateline (`本 | 报北京１月２２日讯`, `据 | 新华社南昌１月２５日电`, `据新华社莫斯科 |
    /// １月２８日电`, `本报华沙电 | 记者朱富贤报道`): an agency, a place and a date closed by 电, 讯
    /// or 消息, or an agency and a place of two to five characters closed by 电 or 讯. An agency
    /// and a title or a name (`本报记者王政`) is a byline, not a dateline.
    static func datelineAcrossBreak(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard !endsSentence(text), let start = lastSentenceStart(text, within: 13) else { return false }
        let tail = text[start...]
        // Every opener starts with 新, 中, 本 or 据: one comparison rules out most blocks.
        guard let head = tail.first, head == "新" || head == "本" || head == "据" || head == "中", tail.count <= 12 else {
            return false
        }
        let combined = Array(tail) + next.prefix(24)
        for opener in datelineOpeners where combined.count > opener.count && combined.starts(with: opener) {
            var index = opener.count
            while index < combined.count && index < opener.count + 16 {
                let scalar = combined[index]
                if clausePunctuation.contains(scalar) || sentenceFinal.contains(scalar) { return false }
                if scalar == "记" && index + 1 < combined.count && combined[index + 1] == "者" { return false }
                let closes = scalar == "电" || scalar == "讯"
                    || (scalar == "消" && index + 1 < combined.count && combined[index + 1] == "息")
                if closes {
                    if combined[index - 1] == "日" { return true }
                    let place = index - opener.count
                    return place >= 2 && place <= 5
                        && combined[opener.count..<index].allSatisfy { $0.isCJKLetter && !cjkNumerals.contains($0) }
                }
                index += 1
            }
            return false
        }
        return false
    }

    /// The block opens an article of a statute (`第十六条医疗机构…`): body text, not a heading,
    /// however short. Checked only in documents with two such articles or more.
    static func opensStatuteArticle(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 4, text[0] == "第" else { return false }
        var index = 1
        while index < text.count && index <= 6 && isCountingNumeral(text[index]) { index += 1 }
        return index > 1 && index + 1 < text.count && text[index] == "条" && text[index + 1].isCJKLetter
    }

    /// Subordinating conjunctions whose clause needs a main clause after it (`尽管`, `虽然`, `由于`,
    /// `之所以`…).
    static let subordinators: [[Unicode.Scalar]] = ["之所以", "尽管", "虽然", "即使", "无论", "不管", "如果", "假如", "倘若",
                                                    "既然", "由于"].map { Array($0.unicodeScalars) }
    static let subordinatorInitials = ScalarSet(subordinators.map { $0[0] })

    /// A block without clause punctuation that holds a subordinating conjunction (`尽管政府`,
    /// `由于江海堤防建设`): its main clause has not come yet, so it is not a headline but the
    /// start of a sentence.
    static func hasOpenSubordinateClause(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2 else { return false }
        for index in 0..<(text.count - 1) where subordinatorInitials.contains(text[index]) {
            for word in subordinators where index + word.count <= text.count && text[index..<(index + word.count)].elementsEqual(word) {
                return true
            }
        }
        return false
    }

    /// `第十三条` alone: the number of a statute's article, whose text follows.
    /// A chapter's or a part's number alone (`第四章`, `第二节`, `第三部分`, `第1篇`): the block after it is its title.
    static func isChapterNumber(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 3, text.count <= 8, text[0] == "第" else { return false }
        var end = text.count - 1
        if text.count >= 4 && text[end - 1] == "部" && text[end] == "分" { end -= 1 } else if !"章节篇编卷".unicodeScalars.contains(text[end]) { return false }
        return end > 1 && text[1..<end].allSatisfy { isCountingNumeral($0) }
    }

    static func isArticleNumber(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 3, text.count <= 7, text[0] == "第", text[text.count - 1] == "条" else { return false }
        return text[1..<(text.count - 1)].allSatisfy { isCountingNumeral($0) }
    }

    /// A number cut in two by the break (`Ｇ—４ | ３２小载荷是…`, `１６．２ | ５亿吨，…`): a digit on
    /// both sides and running prose after it — clause punctuation and the end of a sentence — so
    /// not a table of figures, whose rows end no sentence. A next block that opens with a date
    /// (`１９９７年…`) starts a paragraph; a block of digits alone is a section number unless the
    /// next opens with a leading zero (`５０ | ００多元钱`), which no number has.
    static func breaksNumber(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, let first = next.first, isDigit(last), isDigit(first) else { return false }
        guard endsSentence(next), next.contains(where: { clausePunctuation.contains($0) && !sentenceFinal.contains($0) }) else {
            return false
        }
        var index = 0
        while index < next.count && isDigit(next[index]) { index += 1 }
        if index < next.count && (next[index] == "年" || next[index] == "月" || next[index] == "日") { return false }
        let leadingZero = index >= 2 && (first == "0" || first == "０")
        return leadingZero || !isNumeralOnly(text)
    }

    /// A list marker alone (`２、`, `（三）`, `1.`; one to three numerals): the item it numbers follows.
    static func isListMarkerOnly(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2, text.count <= 5 else { return false }
        var start = 0
        var end = text.count
        if text[0] == "（" || text[0] == "(" {
            guard text[end - 1] == "）" || text[end - 1] == ")" else { return false }
            start = 1
        } else {
            guard let mark = text.last, mark == "、" || mark == "．" || mark == "." else { return false }
        }
        end -= 1
        guard start < end, end - start <= 3 else { return false }
        return text[start..<end].allSatisfy { isDigit($0) || cjkNumerals.contains($0) }
    }

    /// The block goes on with the second part of a transliterated name (`…巨头比尔 | ·盖茨宣布…`):
    /// a running sentence (not a heading: clause punctuation, or longer) ends with a CJK letter and
    /// the next block opens with the middle dot of names and a CJK letter, and reads as prose — not
    /// a bullet under a heading nor a decorated name (`·朱根华·`).
    static func continuesName(_ text: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        guard next.count >= 2, next[0] == "·" || next[0] == "・", next[1].isCJKLetter,
              let last = text.last, last.isCJKLetter, !isHeadingLike(text) else { return false }
        return endsSentence(next) && next.contains { clausePunctuation.contains($0) && !sentenceFinal.contains($0) }
    }

    /// Characters that do not start a sentence: aspect and structural particles, suffixes
    /// (`了`, `的`, `们`, `性`, `化`, `者`, `等`…). A block starting with one continues the one before.
    static let cannotStart = ScalarSet("了的得着们性化者之于而及并却吗呢吧".unicodeScalars)

    /// Function words that telegraphic headlines leave out but running sentences use
    /// (`在`, `是`, `和`, `这`, `我`, `了`…).
    static let sentenceWords = ScalarSet("在是和这我了们为到着他从".unicodeScalars)

    /// A short block that reads like the start of a sentence rather than a headline: it uses a
    /// function word before its last character.
    static func readsLikeASentence(_ text: [Unicode.Scalar]) -> Bool {
        text.dropLast().contains { sentenceWords.contains($0) }
    }

    /// A block that is only a byline or dateline (`□ 记者 王兴法`, `本报记者周笑浪`), not a
    /// paragraph that starts with one (`记者颜世贵报道：北京市总…`).
    static func isBylineOnly(_ text: [Unicode.Scalar]) -> Bool {
        guard isByline(text), text.count <= 30, !hasOpenBracket(text) else { return false }
        if text.contains(where: { $0 == "，" || $0 == "," || $0 == "。" }) { return false }
        if let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }), colon + 1 < text.count { return false }
        if let close = text.firstIndex(where: { $0 == "）" || $0 == ")" }), close + 1 < text.count { return false }
        return true
    }

    /// An opening bracket that the block does not close (`…电（记者洪秉`).
    static func hasOpenBracket(_ text: [Unicode.Scalar]) -> Bool {
        var depth = 0
        for scalar in text {
            if scalar == "（" || scalar == "(" { depth += 1 }
            if (scalar == "）" || scalar == ")") && depth > 0 { depth -= 1 }
        }
        return depth > 0
    }

    /// A CJK quotation or title mark that the block opens and does not close (`“你家去年人均收入`,
    /// `《携手欢歌向`): the quotation runs on into the next block.
    static func hasOpenQuote(_ text: [Unicode.Scalar]) -> Bool {
        var quote = 0
        var title = 0
        for scalar in text {
            switch scalar {
            case "“": quote += 1
            case "”": if quote > 0 { quote -= 1 }
            case "《": title += 1
            case "》": if title > 0 { title -= 1 }
            default: break
            }
        }
        return quote > 0 || title > 0
    }

    /// Ends with a digit and a dash (`pages 312–`, `1914-`): a range that goes on after the break.
    static func endsWithNumberDash(_ text: [Unicode.Scalar]) -> Bool {
        guard text.count >= 2, let last = text.last else { return false }
        let isDash = last == "–" || last == "-" || last == "‐" || last == "—" || last == "－"
        return isDash && isDigit(text[text.count - 2])
    }

    /// Ends with a dash (`…的——`): a kicker leading into its headline.
    static func endsWithDash(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last else { return false }
        if last == "—" || last == "―" { return true }
        return (last == "-" || last == "－") && text.count >= 2 && text[text.count - 2] == "—"
    }

    /// A CJK letter among the last few characters (digits and Latin words inside CJK text
    /// follow the CJK rules).
    static func hasCJKNearEnd(_ text: [Unicode.Scalar]) -> Bool {
        text.suffix(8).contains { $0.isCJKLetter || ($0.isCJKPunctuation && !closers.contains($0)) }
    }

    static func hasCJKNearStart(_ text: [Unicode.Scalar]) -> Bool {
        text.prefix(8).contains { $0.isCJKLetter || $0.isCJKPunctuation }
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
        guard let first = text.first, first == "P" || first == "(" || first == "C" else { return false }
        return hasPrefix(text, "Photo:") || hasPrefix(text, "(Photo") || hasPrefix(text, "Credit:")
    }

    /// A caption that ends with its credit after a space (`…在生产线上。 本报记者 杨文道摄`, `…达到100%。 井韦摄`):
    /// a name of two to ten CJK letters and `摄`, `摄影` or `供图`, a space before it. (Not `零下20多摄` / `氏度`:
    /// no space before the name.)
    /// So does one that ends with a credit of the caption vocabulary (``CaptionSignals/trailingCredit(_:)``)
    /// after its sentence, in brackets, after a space or naming a reporter: `…一行。新华社记者 鞠鹏 摄`,
    /// `…讲话。（新华社记者兰红光摄）`, `… in Kyiv. (AP Photo/Jane Doe)`.
    static func endsWithCredit(_ text: [Unicode.Scalar]) -> Bool {
        if !isCredit(text), let space = text.lastIndex(where: { $0 == " " || $0 == "\u{3000}" }) {
            let credit = text[(space + 1)...]
            if (3...12).contains(credit.count), credit.allSatisfy({ $0.isCJKLetter }),
               credit.last == "摄" || hasSuffix(credit, "摄影") || hasSuffix(credit, "供图") { return true }
        }
        let tail = text.suffix(80)
        guard CaptionSignals.mayHoldCredit(tail), let (_, length) = CaptionSignals.trailingCredit(Array(tail)) else { return false }
        // A credit in brackets, or set off by a space or naming a reporter (`新华社记者 鞠鹏 摄`), not
        // a sentence's last words run together (`…相机。准备拍摄`).
        let credit = tail.suffix(length)
        return credit.last == "）" || credit.last == ")" || credit.contains(where: \.isLayoutSpace)
            || creditReporterWords.contains { credit.containsScalars($0) }
    }

    /// 记者, 通讯员, 新华社: a credit that names them is one even without a space.
    static let creditReporterWords: [[Unicode.Scalar]] = ["记者", "通讯员", "新华社"].map { Array($0.unicodeScalars) }

    /// Whether `previous` and `next` (lines, or blocks across a blank line) are never joined: after a
    /// caption's credit (``endsWithCredit(_:)``), around an edition's page header (``isEditionHeader(_:)``),
    /// after a column's label (``isColumnLabel(_:)``), and before one that follows a closed line (a
    /// sentence's end, a closing bracket or quote). After text that runs on (`…据他` | `介绍：`), a
    /// short block that ends with a colon is the sentence's end, not a label.
    static func keepsApart(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> Bool {
        if endsWithCredit(previous) || isEditionHeader(previous) || isEditionHeader(next) || isColumnLabel(previous) { return true }
        guard isColumnLabel(next), let last = previous.last else { return false }
        return endsSentence(previous) || closers.contains(last)
    }

    /// A newspaper's page header, the edition's page and its section: `第6版(国际)`, `第N版`,
    /// `第十二版（经济）`, `当前版：02版`, `第3版：要闻`.
    static func isEditionHeader(_ text: [Unicode.Scalar]) -> Bool {
        var body = text[...].trimmingLayoutSpaces
        guard (2...20).contains(body.count) else { return false }
        var numbered = false
        if hasPrefix(Array(body.prefix(3)), "当前版") {
            body = body.dropFirst(3)
            guard let colon = body.first, colon == "：" || colon == ":" else { return false }
            body = body.dropFirst()
            while let first = body.first, first.isLayoutSpace { body = body.dropFirst() }
            numbered = true
        }
        guard let mark = body.firstIndex(of: "版") else { return false }
        var head = body[..<mark]
        if head.first == "第" {
            head = head.dropFirst()
            numbered = true
        }
        // The page's number: digits, or Chinese numerals after 第.
        guard (1...3).contains(head.count),
              head.allSatisfy({ isDigit($0) }) || (numbered && head.allSatisfy({ chineseNumerals.contains($0) })) else { return false }
        guard numbered || head.allSatisfy({ isDigit($0) }) && body.index(after: mark) == body.endIndex else { return false }
        // The section after it, in brackets or after a colon: `(国际)`, `（经济）`, `：要闻`.
        var rest = body[body.index(after: mark)...]
        while let first = rest.first, first.isLayoutSpace { rest = rest.dropFirst() }
        guard let open = rest.first else { return true }
        if open == "(" || open == "（" {
            guard let close = rest.last, close == ")" || close == "）" else { return false }
            rest = rest.dropFirst().dropLast()
        } else if open == "：" || open == ":" {
            rest = rest.dropFirst()
        } else {
            return false
        }
        return (1...8).contains(rest.count) && rest.allSatisfy { $0.isCJKLetter }
    }

    static let chineseNumerals: ScalarSet = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "〇", "百"]

    /// A column's label alone on its line: one to six CJK letters and a colon (`专栏：`, `专栏:`,
    /// `编者按：`) — it heads what follows and is no part of a sentence.
    static func isColumnLabel(_ text: [Unicode.Scalar]) -> Bool {
        let body = text[...].trimmingLayoutSpaces
        guard let colon = body.last, colon == "：" || colon == ":" else { return false }
        let label = body.dropLast()
        return (1...6).contains(label.count) && label.allSatisfy { $0.isCJKLetter }
    }

    /// `图为…`, `Figure 2:`, `Photo:` — a caption stands on its own.
    static func isCaptionStart(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first, captionInitials.contains(first) else { return false }
        return captionStarts.contains { hasPrefix(text, $0) }
    }

    static let bullets: ScalarSet = ["•", "·", "‣", "▪", "◦"]
    static let dashBullets: ScalarSet = ["-", "*", "–"]
    static let captionStarts = ["图为", "图：", "图:", "上图", "下图", "左图", "右图", "Figure ", "Fig. ", "Table "]
    static let captionInitials = ScalarSet(captionStarts.compactMap { $0.unicodeScalars.first })

    /// `• item`, `- item`, `1. item`, `2) item`, `（一）`, `一、`, `1、`.
    static func startsListItem(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first else { return false }
        if bullets.contains(first) { return true }
        if dashBullets.contains(first) && text.count > 1 && text[1] == " " { return true }
        if hasPrefix(text, "（") || hasPrefix(text, "(") {
            // `（一）`, `(a)`, `(1)`
            if text.count >= 3, text[2] == "）" || text[2] == ")" { return true }
        }
        // The mark after one to three numerals must be among the next three characters.
        guard text.dropFirst().prefix(3).contains(where: { $0 == "、" || $0 == "．" || $0 == "." || $0 == ")" }) else {
            return false
        }
        var index = 0
        while index < text.count && index < 3 && isListNumeral(text[index]) { index += 1 }
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

    /// Only a section's number: up to four numbers of one or two digits, none opening with a zero,
    /// with points between or after (`3`, `2.1`, `4.`; not a table's `18.05`).
    static func isSectionNumberOnly(_ text: [Unicode.Scalar]) -> Bool {
        guard !text.isEmpty, text.count <= 12 else { return false }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        guard parts.count <= 4 else { return false }
        return parts.allSatisfy { part in
            (1...2).contains(part.count) && part.first != "0" && part.allSatisfy { ("0"..."9").contains($0) }
        }
    }

    /// Opens with a section's number and a space or a bar (`2.1 Materials`, `3 | RESULTS`, `4. Image analysis`).
    static func startsWithSectionNumber(_ text: [Unicode.Scalar]) -> Bool {
        guard let space = text.firstIndex(of: " ") else { return false }
        return isSectionNumberOnly(Array(text[..<space]))
    }

    /// The length of the first word (up to a space).
    static func firstWordLength(_ text: [Unicode.Scalar]) -> Int {
        text.firstIndex(of: " ") ?? text.count
    }

    /// A Latin line with the shape of a heading: it opens with a capital letter (or a section's
    /// number before one), has two to eight words, one of them in lower case, no punctuation at
    /// its end, not a digit either, and does not run on (`Study area`, `Organ Blood Flow in the Control Group`).
    static func isHeadingShaped(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last, !endsClause(text), !runsOn(text), last.properties.isAlphabetic else { return false }
        var words = text.split(separator: " ")
        guard words.count <= 8 else { return false }
        if let number = words.first, words.count > 1, isSectionNumberOnly(Array(number)) { words.removeFirst() }
        guard words.count >= 2, let opening = words.first?.first, opening.properties.isUppercase else { return false }
        // A word in lower case: a line of capitalized words alone is a headline's line, which
        // may go on (`Bomb Factory In New York` / `City Was Put Cut Oi Business`), or OCR's capitals.
        return words.dropFirst().contains { $0.first?.properties.isLowercase ?? false }
    }

    /// Opens with a word of two capital letters or more and no small letter (`SAMUEL FINLEY …`).
    static func opensWithCapitalsWord(_ text: [Unicode.Scalar]) -> Bool {
        let word = text.prefix { $0 != " " }
        return word.count >= 2 && word.allSatisfy { !$0.properties.isLowercase } && word.filter { $0.properties.isUppercase }.count >= 2
    }

    /// Words that do not end a Latin heading: a line ending in one runs on.
    static let latinFunctionWords: Set<String> = ["of", "the", "to", "and", "in", "on", "for", "at", "by", "a", "an", "with",
                                                  "from", "into", "over", "upon", "is", "as", "or", "that", "this", "their", "its",
                                                  "during", "between", "about", "under", "versus", "vs", "via", "after", "before",
                                                  "without", "within", "through", "among", "against", "than", "which", "who",
                                                  "whose", "where", "when", "using", "are", "was", "were", "be", "not", "but"]

    /// A Latin line that runs on into the next: it ends with a comma, a hyphen, a dash, an opening
    /// bracket or a function word (`Removal of Libraries as Key Providers of`).
    static func runsOn(_ text: [Unicode.Scalar]) -> Bool {
        guard let last = text.last else { return false }
        if [",", "-", "–", "—", "(", "[", "/", "&"].contains(last) { return true }
        let start = (text.lastIndex(of: " ").map { $0 + 1 }) ?? 0
        let word = String(String.UnicodeScalarView(text[start...])).lowercased()
        return latinFunctionWords.contains(word)
    }
}

/// Pairs of adjacent CJK characters seen inside the document's lines: evidence that two
/// characters on either side of a break make one word (`外` + `资` when `外资` occurs elsewhere).
///
/// Only the pairs that can be asked about are looked for: the last character of each block with
/// the first of the next (of the Basic Multilingual Plane). One pass over the text, a set lookup
/// only after a character that may end some block: a filter by the low bits of the characters
/// that do tells the rest apart with a shift and a mask. The filter is made only for a document
/// with such pairs, sized by their number: 4,096 bits (512 bytes) for up to 64 pairs, growing to
/// one bit a character of the plane (8 KB, exact) for 1,024 pairs or more.
struct CJKBigrams {
    private var found = Set<UInt64>()

    /// No pairs: nothing continues.
    init() {}

    init(_ lines: DocumentLines) {
        var wanted = Set<UInt64>()
        var lastOfBlock: Unicode.Scalar?
        var previousBlank = true
        for number in lines.indices {
            if lines.isEmpty(number) {
                previousBlank = true
                continue
            }
            if previousBlank, let left = lastOfBlock, let right = lines.first(number), left.isCJKLetter, right.isCJKLetter {
                wanted.insert(Self.key(left, right))
            }
            lastOfBlock = lines.last(number)
            previousBlank = false
        }
        guard !wanted.isEmpty else { return }
        var bits = 4096
        while bits < 0x10000 && bits < wanted.count * 64 { bits *= 2 }
        let mask = UInt32(bits - 1)
        var mayBeLeft = [UInt64](repeating: 0, count: bits / 64)
        for key in wanted {
            let left = UInt32(truncatingIfNeeded: key >> 32)
            if left < 0x10000 { mayBeLeft[Int((left & mask) >> 6)] |= 1 << UInt64(left & 63) }
        }
        mayBeLeft.withUnsafeBufferPointer { mayBeLeft in
            for number in lines.indices where lines.length(number) >= 2 {
                lines.forEachPair(number) { left, right in
                    let value = left.value
                    guard value < 0x10000 && mayBeLeft[Int((value & mask) >> 6)] & (1 << UInt64(value & 63)) != 0 else { return }
                    let key = Self.key(left, right)
                    if wanted.contains(key) { found.insert(key) }
                }
            }
        }
    }

    static func key(_ left: Unicode.Scalar, _ right: Unicode.Scalar) -> UInt64 {
        UInt64(left.value) << 32 | UInt64(right.value)
    }

    func continues(_ left: Unicode.Scalar, _ right: Unicode.Scalar) -> Bool {
        found.contains(Self.key(left, right))
    }
}

/// A set of Unicode scalars asked about once or more for every line: a bit for each scalar of the
/// Basic Multilingual Plane (8 KB), so that a test is a shift and a mask instead of hashing.
struct ScalarSet: ExpressibleByArrayLiteral, Sendable {
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var others = Set<UInt32>()

    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        for scalar in scalars {
            let value = scalar.value
            if value < 0x10000 { bits[Int(value >> 6)] |= 1 << UInt64(value & 63) } else { others.insert(value) }
        }
    }

    init(arrayLiteral scalars: Unicode.Scalar...) {
        self.init(scalars)
    }

    @inline(__always) func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x10000 { return bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 }
        return others.contains(value)
    }

}
