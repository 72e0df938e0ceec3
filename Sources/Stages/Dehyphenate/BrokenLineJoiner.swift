import Foundation
import GalleyText

/// Rejoins what the page layout broke: words hyphenated at line ends, hard-wrapped lines of one
/// paragraph, and CJK paragraphs split mid-sentence across blank lines. Writes paragraphs
/// separated by exactly one blank line.
///
/// The text is read as blocks (runs of non-blank lines). Inside a block, each line break is a
/// hyphenated word, a wrap to unwrap (with a space in Latin text, without one between CJK
/// characters), or a paragraph end (a short line ending a sentence, a list item, a heading).
/// Between blocks, a CJK block that ends without sentence-final punctuation is joined to the
/// next when the next continues the sentence — never a headline, kicker, subtitle, byline,
/// dateline, caption credit or list item.
struct BrokenLineJoiner: Sendable {
    var judge: HyphenJudge
    /// A Chinese word list: whether a break falls inside a word.
    var words: ChineseWords?
    var hyphens = true
    /// Join a word broken at a line end without a hyphen (`legis\nlature`) when the evidence says so.
    var unhyphenated = true
    var unwrap = true
    var healParagraphs = true
    /// Whether a short unpunctuated block with no evidence either way is joined to the next.
    var headingDefaultJoins = false

    struct Counts: Equatable {
        var joined = 0
        var kept = 0
        var unwrapped = 0
        var healed = 0
        /// Words broken at a line end without a hyphen, joined.
        var joinedWithoutHyphen = 0
    }

    /// `roles`: what the line-role model read on `text`, keyed by the UTF-8 offset where a line's
    /// text starts (``LineRoleLayout/roles``); a line it reads as a heading is not joined as running text.
    func join(_ text: String, roles: [Int: (role: LineRole, confidence: Float)] = [:]) -> (text: String, counts: Counts) {
        var text = text
        return text.withUTF8 { bytes in
            let lines = DocumentLines(bytes)
            // The output is written straight into the storage of its string. It is never longer
            // than the text and one byte for each line: a line gives at most its own bytes, and
            // what goes between two lines (a space, or a blank line between paragraphs: two
            // newlines) at most one byte more than the newline between them.
            let room = bytes.count + lines.count
            var counts = Counts()
            let output = String(unsafeUninitializedCapacity: room) { buffer in
                var paragraphs = ParagraphWriter(buffer)
                counts = join(lines, headings: Self.headingLines(lines, roles: roles), into: &paragraphs)
                return paragraphs.count
            }
            // A text that shrank by much (runs of blank lines, trailing spaces) is not kept
            // with that much room to spare.
            guard output.utf8.count < room / 4 * 3 else { return (output, counts) }
            var copy = output
            return (copy.withUTF8 { used in String(unsafeUninitializedCapacity: used.count) { _ = $0.initialize(from: used); return used.count } }, counts)
        }
    }

    /// Joins the lines, writing the paragraphs to `paragraphs`.
    private func join(_ lines: DocumentLines, headings: [Bool], into paragraphs: inout ParagraphWriter) -> Counts {
        var counts = Counts()
        let breaks = unhyphenatedBreaks(lines)
        var evidence = hyphens ? HyphenJudge.evidence(in: lines, unhyphenated: breaks.shapes, pairs: breaks.pairs) : HyphenJudge.Evidence()
        evidence.halvesAtBreaks = breaks.halves
        let width = Self.typicalWidth(lines)
        let linesAreParagraphs = Self.linesAreParagraphs(lines, width: width)
        let bigrams = healParagraphs ? CJKBigrams(lines) : CJKBigrams()
        let isStatute = healParagraphs && Self.hasStatuteArticles(lines)

        var current: [Unicode.Scalar] = []
        var previousLine: [Unicode.Scalar] = []
        var blankSincePrevious = false
        var previousParagraphClosed = true   // the paragraph before `current` ended a sentence
        var previousParagraphSemicolon = false   // … with a semicolon: its enumeration goes on
        var previousParagraphVerse = false   // … was short and ended with punctuation: a line of verse?
        var previousParagraphChapter = false   // … was a chapter's number alone (`第四章`)
        var previousParagraphShort = false   // … was a short line of verse or song, punctuated or not

        func closeParagraph() {
            if !current.isEmpty {
                paragraphs.append(current)
                // A heading after a closed sentence or a byline is plausible; after another heading less so.
                previousParagraphClosed = BlockShape.endsSentence(current) || BlockShape.isByline(current)
                previousParagraphSemicolon = current.last == "；" || current.last == ";"
                previousParagraphVerse = BlockShape.mayBeVerseLine(current)
                previousParagraphChapter = BlockShape.isChapterNumber(current)
                previousParagraphShort = current.count <= BlockShape.shortVerseLineLength
            }
            current = []
        }

        for index in lines.indices {
            if lines.isEmpty(index) {
                if !current.isEmpty { blankSincePrevious = true }
                continue
            }
            let line = lines.scalars(index)
            if current.isEmpty {
                current = line
                previousLine = line
                blankSincePrevious = false
                continue
            }
            if blankSincePrevious {
                // Across a blank line: only a paragraph the layout broke is joined.
                // The first short block of a document is its title, whatever its words.
                // (A next block that opens with clause punctuation still continues it.)
                let opensDocument = paragraphs.isEmpty && BlockShape.isHeadingLike(current) && BlockShape.hasCJKNearEnd(current)
                    && !BlockShape.startsWithClosingPunctuation(line)
                    && !BlockShape.endsWithFunctionWord(current)
                    && !(current.count == 1 && current[0].isCJKLetter && !BlockShape.isNumeralOnly(current) && line.count > 25)
                    && !((BlockShape.hasCJKNearStart(line) || BlockShape.isDigit(line[0]))
                        && (BlockShape.endsInsideDateline(current) || BlockShape.hasUnfinishedDateline(current)))
                    && !BlockShape.opensWithFragment(line)
                    && !(healParagraphs && current.last.map { bigrams.continues($0, line[0]) } ?? false)
                    && !(healParagraphs && breaksAWord(current, line))
                if healParagraphs, !opensDocument,
                   let glue = healGlue(current, lastBlock: previousLine, line, beforeCurrentClosed: previousParagraphClosed,
                                       afterSemicolon: previousParagraphSemicolon, afterVerseLine: previousParagraphVerse,
                                       afterChapterNumber: previousParagraphChapter, afterShortLine: previousParagraphShort,
                                       bigrams: bigrams, isStatute: isStatute,
                                       evidence: evidence, counts: &counts) {
                    if glue.dropLastHyphen { current.removeLast() }
                    current.append(contentsOf: glue.separator)
                    current.append(contentsOf: line)
                    counts.healed += 1
                } else {
                    closeParagraph()
                    current = line
                }
            } else if let glue = lineGlue(previousLine, line, paragraph: current,
                                          mayJoinUnhyphenated: breaks.candidates.contains(index - 1),
                                          headings: (!headings.isEmpty && headings[index - 1], !headings.isEmpty && headings[index]),
                                          width: width,
                                          linesAreParagraphs: linesAreParagraphs, evidence: evidence, counts: &counts) {
                if glue.dropLastHyphen { current.removeLast() }
                current.append(contentsOf: glue.separator)
                current.append(contentsOf: line)
            } else {
                closeParagraph()
                current = line
            }
            previousLine = line
            blankSincePrevious = false
        }
        closeParagraph()
        return counts
    }

    /// The output text: paragraphs separated by one blank line, encoded to UTF-8 as each is
    /// closed, so that the paragraphs are never all kept as scalars (four bytes each) at once.
    /// The writer is given the storage of the output string, which has room for the whole
    /// output (see ``join(_:)``).
    struct ParagraphWriter {
        private let bytes: UnsafeMutableBufferPointer<UInt8>
        /// How many bytes are written.
        private(set) var count = 0
        /// Whether no paragraph has been written yet.
        private(set) var isEmpty = true

        init(_ bytes: UnsafeMutableBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func append(_ paragraph: [Unicode.Scalar]) {
            // At most four bytes a scalar and the blank line before it.
            let blank = isEmpty ? 0 : 2
            precondition(count + blank + 4 * paragraph.count <= bytes.count || count + blank + Self.utf8Length(paragraph) <= bytes.count,
                         "a joined paragraph runs past the room of the output")
            if !isEmpty {
                bytes[count] = 0x0A
                bytes[count + 1] = 0x0A
                count += 2
            }
            isEmpty = false
            for scalar in paragraph {
                let value = scalar.value
                if value < 0x80 {
                    bytes[count] = UInt8(value)
                    count += 1
                } else if value < 0x800 {
                    bytes[count] = UInt8(0xC0 | value >> 6)
                    bytes[count + 1] = UInt8(0x80 | value & 0x3F)
                    count += 2
                } else if value < 0x10000 {
                    bytes[count] = UInt8(0xE0 | value >> 12)
                    bytes[count + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[count + 2] = UInt8(0x80 | value & 0x3F)
                    count += 3
                } else {
                    bytes[count] = UInt8(0xF0 | value >> 18)
                    bytes[count + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    bytes[count + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[count + 3] = UInt8(0x80 | value & 0x3F)
                    count += 4
                }
            }
        }

        static func utf8Length(_ scalars: [Unicode.Scalar]) -> Int {
            scalars.reduce(0) { $0 + UTF8.width($1) }
        }
    }

    struct Glue {
        var dropLastHyphen: Bool
        var separator: [Unicode.Scalar]
    }

    /// How two consecutive lines of one block are joined, or nil for a paragraph break.
    func lineGlue(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar], paragraph: [Unicode.Scalar],
                  mayJoinUnhyphenated: Bool = true, headings: (previous: Bool, next: Bool) = (false, false),
                  width: Int, linesAreParagraphs: Bool = false, evidence: HyphenJudge.Evidence, counts: inout Counts) -> Glue? {
        guard let last = previous.last, let first = next.first else { return nil }
        if hyphens, let decision = hyphenDecision(previous, next, evidence: evidence) {
            switch decision {
            case .join:
                counts.joined += 1
                return Glue(dropLastHyphen: true, separator: [])
            case .keep:
                counts.kept += 1
                return Glue(dropLastHyphen: false, separator: [])
            }
        }
        guard unwrap else { return nil }
        // An edition's page header (`第6版(国际)`) and a column's label (`专栏：`) stand alone; a
        // caption's credit (`…一行。新华社记者 鞠鹏 摄`) ends its caption.
        if BlockShape.keepsApart(previous, next) { return nil }
        if BlockShape.startsListItem(next) || BlockShape.isByline(next) { return nil }
        let cjk = Self.isCJK(last) || Self.isCJK(first)
        if linesAreParagraphs && cjk {
            // One paragraph a line (no wrapping width): a line that ends a sentence, a heading,
            // a caption or a credit ends its paragraph — unless the break cuts a word in two
            // (`万公 | 里金刚线`) or the next line opens with clause punctuation (`协议书》 | ，项目`),
            // which no paragraph starts with.
            if BlockShape.startsWithClosingPunctuation(next) && !BlockShape.endsSentence(previous) {
                counts.unwrapped += 1
                return Self.noSpace
            }
            if BlockShape.endsSentence(previous) || BlockShape.isCredit(previous)
                || BlockShape.isCredit(next) || BlockShape.isCaptionStart(next) || BlockShape.isSubtitle(next) {
                return nil
            }
            // A line as long as the page's full lines is wrapped text, not a heading.
            let fullLine = width > 0 && previous.count * 100 >= width * 90
            // Nor is a line that leaves a title mark, a quotation or a bracket open
            // (`1.《高测股份：签订晶 | 澳曲靖…合同》`): what it opened closes further on.
            if BlockShape.isHeadingLike(previous) && !fullLine && !breaksAWord(previous, next)
                && !BlockShape.hasOpenQuote(previous) && !BlockShape.hasOpenBracket(previous) { return nil }
        }
        if width > 0 && BlockShape.endsSentence(previous) && previous.count * 10 < width * 7 { return nil }
        // A page range broken after its dash (`pages 312–\n319`) stays one range.
        if BlockShape.endsWithNumberDash(previous) && BlockShape.isDigit(first) {
            counts.unwrapped += 1
            return Self.noSpace
        }
        if !cjk {
            // A section's number on a line of its own (`3`, `2.1`) numbers the heading below it; it
            // never ends the paragraph above.
            if BlockShape.isSectionNumberOnly(next) && BlockShape.endsSentence(previous) { return nil }
            if BlockShape.isSectionNumberOnly(paragraph) && paragraph.count == previous.count {
                guard BlockShape.isHeadingShaped(next) || (headings.next && !BlockShape.endsClause(next) && !BlockShape.isDigit(next[next.count - 1])) else {
                    return nil
                }
                counts.unwrapped += 1
                return Glue(dropLastHyphen: false, separator: [" "])
            }
            // A line the model reads as a heading, with a heading's shape, which ends before the
            // page's width (the next line's first word would have fit on it), above running text, is
            // no wrapped line.
            // (A headline in capitals is the layout's: it stands apart there, or is left to `sections`.)
            let proseNext = width > 0 && next.count * 10 >= width * 6
            if headings.previous && proseNext && previous.count + 1 + BlockShape.firstWordLength(next) <= width
                && BlockShape.isHeadingShaped(previous)
                && (first.properties.isUppercase || !BlockShape.opensWithCapitalsWord(previous)) { return nil }
            // A line that is a paragraph by itself so far (the line above ended one), starts with a
            // capital, has no punctuation at its end and does not run on, and ends well before the
            // page's width, above running text (a line of 60% of the width or more; not a table's
            // cells, `Public medical` / `Likely to shun`): a heading. Before a capital when the next line's first word would have
            // fit on it (`Organ Blood Flow in the Control Group` / `The second measurements…`); before
            // lower case (a paper whose sentences open in lower case) when it is shorter than half
            // the width (`Study area` / `the study was carried out…`), which no wrapped line is.
            if proseNext && paragraph.count == previous.count && BlockShape.isHeadingShaped(previous) {
                let fits = (previous.count + 1 + BlockShape.firstWordLength(next)) * 10 <= width * 9
                // (Not a word cut in two without a hyphen, `…for Spring` / `field, where…`, nor a
                // story's opening words in capitals, `SAMUEL FINLEY BRESE MORSE died` / `in the city…`.)
                if first.properties.isUppercase ? fits
                    : (previous.count * 2 < width && fits && !BlockShape.opensWithCapitalsWord(previous)
                        && !cutsAWord(previous, next, mayJoinUnhyphenated, evidence)) { return nil }
            }
            // A short line the model reads as a heading after a sentence's end starts a section
            // (`…not related to communications.` / `B. Focusing an IACT`).
            if headings.next && width > 0 && next.count * 10 < width * 7 && BlockShape.endsSentence(previous)
                && (!BlockShape.endsSentence(next) || BlockShape.startsWithSectionNumber(next)) { return nil }
            // A short line without a full stop before a capital: a heading.
            if width > 0 && previous.count * 2 < width && first.properties.isUppercase && !BlockShape.endsClause(previous) {
                return nil
            }
            if BlockShape.endsSentence(previous) && BlockShape.isAllCapsHeading(previous) && !BlockShape.isAllCapsHeading(next) {
                return nil
            }
        } else if BlockShape.isHeadingLike(previous) && (BlockShape.isByline(next) || BlockShape.isSubtitle(next)) {
            return nil
        }
        if !cjk && hyphens && unhyphenated && mayJoinUnhyphenated, let (left, right) = Self.unhyphenatedHalves(previous, next),
           judge.joinsWithoutHyphen(left: left, right: right, evidence: evidence) {
            counts.joinedWithoutHyphen += 1
            return Self.noSpace
        }
        counts.unwrapped += 1
        // No space between CJK characters, nor next to CJK punctuation (`项目） | ，客户`).
        let noSeparator = cjk || last == " " || last.isCJKPunctuation || first.isCJKPunctuation
        return Glue(dropLastHyphen: false, separator: noSeparator ? [] : [" "])
    }

    /// Whether the break between `previous` and `next` cuts a word in two without a hyphen, as the
    /// judge decides it for joining.
    func cutsAWord(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar], _ mayJoinUnhyphenated: Bool, _ evidence: HyphenJudge.Evidence) -> Bool {
        guard hyphens && unhyphenated && mayJoinUnhyphenated, let (left, right) = Self.unhyphenatedHalves(previous, next) else { return false }
        return judge.joinsWithoutHyphen(left: left, right: right, evidence: evidence)
    }

    /// The halves of a word that a line break without a hyphen may have cut (`legis` and
    /// `lature` of `…the legis\nlature met…`): letters of two or more at the end of the line
    /// and, in lower case, at the start of the next; nil when the break is not of that shape.
    static func unhyphenatedHalves(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> (String, String)? {
        guard let (left, right) = unhyphenatedRanges(previous, next) else { return nil }
        return (String(scalars: previous[left]), String(scalars: next[right]))
    }

    /// Where the halves of ``unhyphenatedHalves(_:_:)`` are, in each line.
    static func unhyphenatedRanges(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar]) -> (Range<Int>, Range<Int>)? {
        guard previous.count >= 2, next.count >= 2, let first = next.first, HyphenJudge.isWordLetter(first),
              HyphenJudge.isLowercase(first), let last = previous.last, HyphenJudge.isWordLetter(last) else { return nil }
        var start = previous.count - 1
        while start > 0 && HyphenJudge.isWordLetter(previous[start - 1]) { start -= 1 }
        // Not after a digit or an apostrophe (`1st`, `don't`): those are not word starts.
        if start > 0 {
            let before = previous[start - 1]
            if HyphenJudge.isNumeric(before) || before == "'" || before == "’" { return nil }
        }
        var end = 0
        while end < next.count && HyphenJudge.isWordLetter(next[end]) { end += 1 }
        if end < next.count && HyphenJudge.isNumeric(next[end]) { return nil }
        guard previous.count - start >= 2, end >= 2 else { return nil }
        return (start..<previous.count, 0..<end)
    }

    /// The line breaks without a hyphen that may be a word cut in two (by the number of the line
    /// before the break), and the shapes of the words whose spelling in the document the judge
    /// will ask about there: the joined word where a half is no word (`Wool | loomooloo`, is
    /// `Woolloomooloo` written solid?), the halves where both are words and so is the joined form
    /// (`be | held`: does the document use `be` or `held` on its own?), the joined name after a
    /// capitalised word (`Creek | side`). Breaks between two words that make no word (most of
    /// them) are no candidates and ask nothing, so the document scan and the joining stay cheap.
    /// `halves`: how often each word (lower-cased) is a half of such a break: those places are no
    /// evidence that the document uses it on its own (`com | bination`, `Com | mission`).
    func unhyphenatedBreaks(_ lines: DocumentLines) -> (candidates: Set<Int>, shapes: Set<UInt64>, halves: [String: Int], pairs: Set<String>) {
        guard unwrap && unhyphenated && hyphens && judge.lexicon.knowsWords else { return ([], [], [:], []) }
        var shapes = Set<UInt64>()
        var pairs = Set<String>()
        var candidates = Set<Int>()
        var halves: [String: Int] = [:]
        let lexicon = judge.lexicon
        // Only the words at the break are decoded: the end of the line from its last space and
        // the start of the next up to its first space, which is all ``unhyphenatedRanges(_:_:)``
        // reads (the space is no letter, digit or apostrophe, so the ranges come out the same).
        var previous: [Unicode.Scalar] = []
        var next: [Unicode.Scalar] = []
        for index in lines.indices.dropLast() where lines.length(index) >= 2 && lines.length(index + 1) >= 2 {
            // The shape ``unhyphenatedRanges(_:_:)`` asks for, read from the bytes first.
            guard let first = lines.first(index + 1), HyphenJudge.isWordLetter(first), HyphenJudge.isLowercase(first),
                  let last = lines.last(index), HyphenJudge.isWordLetter(last) else { continue }
            lines.decodeFromLastSpace(index, into: &previous)
            lines.decodeToFirstSpace(index + 1, into: &next)
            guard let (leftRange, rightRange) = Self.unhyphenatedRanges(previous, next) else { continue }
            let left = previous[leftRange]
            let right = next[rightRange]
            guard let leftInitial = left.first, let rightInitial = right.first else { continue }
            let leftCount = left.count
            let rightCount = right.count
            if lexicon.isWord(left) && lexicon.isWord(right) {
                if lexicon.isWord(left, right) {
                    // The halves (used alone?), the pair (written apart?) and the word (written solid?).
                    shapes.insert(HyphenJudge.shape(HyphenJudge.lowercaseFirst(leftInitial), leftCount))
                    shapes.insert(HyphenJudge.shape(HyphenJudge.lowercaseFirst(rightInitial), rightCount))
                    shapes.insert(HyphenJudge.shape(HyphenJudge.lowercaseFirst(leftInitial), leftCount + rightCount))
                    pairs.insert(String(scalars: left).lowercased() + " " + String(scalars: right).lowercased())
                } else if HyphenJudge.isUppercase(leftInitial) && left.dropFirst().allSatisfy({ HyphenJudge.isLowercase($0) }) {
                    // A name, which no dictionary holds (`Creek | side`): is it written solid?
                    shapes.insert(HyphenJudge.shape(HyphenJudge.lowercaseFirst(leftInitial), leftCount + rightCount))
                } else {
                    continue
                }
            } else {
                shapes.insert(HyphenJudge.shape(HyphenJudge.lowercaseFirst(leftInitial), leftCount + rightCount))
            }
            candidates.insert(index)
            halves[String(scalars: left).lowercased(), default: 0] += 1
            halves[String(scalars: right).lowercased(), default: 0] += 1
        }
        return (candidates, shapes, halves, pairs)
    }

    /// The decision for a line that ends with a hyphenated word, or nil when it does not.
    func hyphenDecision(_ previous: [Unicode.Scalar], _ next: [Unicode.Scalar], evidence: HyphenJudge.Evidence) -> HyphenJudge.Decision? {
        guard let last = previous.last, HyphenJudge.isHyphen(last), previous.count >= 2 else { return nil }
        let beforeHyphen = previous[previous.count - 2]
        guard let first = next.first else { return nil }
        if HyphenJudge.isNumeric(beforeHyphen) || HyphenJudge.isNumeric(first) {
            // `1914-\n1918`, `100-\nton`: numbers keep their hyphen.
            return HyphenJudge.isNumeric(beforeHyphen) || HyphenJudge.isWordLetter(beforeHyphen) ? .keep : nil
        }
        guard HyphenJudge.isWordLetter(beforeHyphen), HyphenJudge.isWordLetter(first) else { return nil }
        var start = previous.count - 2
        while start > 0 && HyphenJudge.isWordLetter(previous[start - 1]) { start -= 1 }
        let left = String(scalars: previous[start..<(previous.count - 1)])
        let compoundBefore = start >= 2 && HyphenJudge.isHyphen(previous[start - 1]) && HyphenJudge.isWordLetter(previous[start - 2])
        var end = 0
        while end < next.count && HyphenJudge.isWordLetter(next[end]) { end += 1 }
        let right = String(scalars: next[0..<end])
        return judge.decide(left: left, right: right, compoundBefore: compoundBefore, evidence: evidence)
    }

    /// What goes between a block and the next one when the layout broke a paragraph there, or
    /// nil when the blank line is a real paragraph boundary.
    func healGlue(_ paragraph: [Unicode.Scalar], lastBlock: [Unicode.Scalar], _ next: [Unicode.Scalar], beforeCurrentClosed: Bool,
                  afterSemicolon: Bool = false, afterVerseLine: Bool = false, afterChapterNumber: Bool = false,
                  afterShortLine: Bool = false, bigrams: CJKBigrams, isStatute: Bool = false,
                  evidence: HyphenJudge.Evidence, counts: inout Counts) -> Glue? {
        guard let first = next.first else { return nil }
        // A page header or a column's label stands alone; a caption's credit ends the caption.
        if BlockShape.keepsApart(paragraph, next) { return nil }
        // A list marker alone (`２、`, `（三）`) numbers the block after it, whatever that is.
        if BlockShape.isListMarkerOnly(paragraph), BlockShape.hasCJKNearStart(next), !BlockShape.isListMarkerOnly(next) {
            return Self.noSpace
        }
        // A decimal number cut at its point (`２４． | ２％`): the point is not a full stop.
        if BlockShape.breaksDecimal(paragraph, next) { return Self.noSpace }
        if BlockShape.endsSentence(paragraph) || BlockShape.endsWithColon(paragraph) { return nil }
        // A run of short lines that end with punctuation is verse, set a line a block on purpose:
        // the layout breaks long paragraphs, and both parts of one are not this short with a
        // short line of verse beside them (`只有经历高温的苦楚， | 才能凝成这泥土的精华。`).
        if BlockShape.isVerseClause(paragraph) && next.count <= BlockShape.verseLineLength
            && (afterVerseLine || BlockShape.mayBeVerseLine(next)) { return nil }
        // So is a run of very short lines without punctuation at their ends, the last closing a
        // sentence (a poem's or a song's: `丝毫不辣 | 哦！酒 | 好酒！`): a paragraph the layout broke is
        // not this short on both sides of the break.
        if afterShortLine && paragraph.count <= BlockShape.shortVerseLineLength
            && next.count <= BlockShape.shortVerseLineLength && BlockShape.endsSentence(next) { return nil }
        // A block of symbols alone (`＊＊＊`, `◆◆◆`) sets parts of a text apart: nothing runs on
        // from it or into it.
        if BlockShape.isSeparator(paragraph) || BlockShape.isSeparator(next) { return nil }
        // A block wholly in brackets after one that ends no clause is a note of its own (the date
        // a decision was adopted, under its title), even after a dateline.
        if BlockShape.isWhollyBracketed(next) && !BlockShape.endsMidClause(paragraph) { return nil }
        // A block cannot end inside a dateline, a dash or a numeric range, nor with an opening
        // bracket or quotation mark, nor right after a dateline
        // whose sentence has begun.
        if BlockShape.breaksDash(paragraph, next) || BlockShape.endsMidNumber(paragraph, next)
            || BlockShape.breaksConnectorDash(paragraph, next) { return Self.noSpace }
        if let last = paragraph.last, BlockShape.openers.contains(last), BlockShape.hasCJKNearEnd(paragraph) { return Self.noSpace }
        if BlockShape.hasCJKNearEnd(paragraph) && (BlockShape.hasCJKNearStart(next) || BlockShape.isDigit(first))
            && (BlockShape.endsInsideDateline(paragraph) || BlockShape.hasUnfinishedDateline(paragraph)
                || BlockShape.datelineAcrossBreak(paragraph, next)) {
            return Self.noSpace
        }
        // A date cut in two (`１９ | ９７年`, `１月 | ２２日`).
        if BlockShape.breaksDate(paragraph, next) { return Self.noSpace }
        // `…巨头比尔 | ·盖茨宣布…`: the middle dot of a name, not a bullet.
        if BlockShape.continuesName(paragraph, next) { return Self.noSpace }
        if BlockShape.isByline(next) || BlockShape.isSubtitle(next) || BlockShape.startsListItem(next)
            || BlockShape.isCredit(next) || BlockShape.isCaptionStart(next) { return nil }
        if BlockShape.isBylineOnly(paragraph) || BlockShape.isCredit(paragraph) || BlockShape.isNoteLabel(paragraph) { return nil }

        guard BlockShape.hasCJKNearEnd(paragraph) || BlockShape.hasCJKNearStart(next) else {
            // Latin text across a blank line (a page or column break): only a hyphenated word
            // whose second half starts in lower case, or a word of capitals broken in two
            // (`THE CIVIL SER-` | `VANTS.`: a headline set apart by the model, cut by the layout).
            if hyphens, first.properties.isLowercase || Self.breaksCapitals(paragraph, next),
               let decision = hyphenDecision(paragraph, next, evidence: evidence) {
                if decision == .join { counts.joined += 1 } else { counts.kept += 1 }
                return Glue(dropLastHyphen: decision == .join, separator: [])
            }
            return nil
        }
        // A next block that starts with clause punctuation cannot start a paragraph.
        if BlockShape.startsWithClosingPunctuation(next) { return Self.noSpace }
        // A number or an ordinal cut in two (`Ｇ—４ | ３２小载荷是…`, `第二十四 | 条本法…`).
        if BlockShape.breaksNumber(paragraph, next) || BlockShape.breaksOrdinal(paragraph, next) { return Self.noSpace }
        // A short next block that ends no sentence is a heading, a name, a byline without a
        // marker: the tail of a broken paragraph ends its sentence.
        let nextEnds = BlockShape.endsSentence(next) || BlockShape.endsWithColon(next)
        if !nextEnds && (next.count <= 25 || BlockShape.isHeadingLike(next)) { return nil }
        if BlockShape.endsWithClosingBracket(paragraph)
            && (BlockShape.isHeadingLike(paragraph) || !BlockShape.endsWithQuoteInsideSentence(paragraph)) { return nil }
        if BlockShape.endsWithDash(paragraph) { return nil }
        if BlockShape.endsMidClause(paragraph) || BlockShape.hasOpenBracket(lastBlock) || BlockShape.hasOpenQuote(lastBlock) {
            return Self.noSpace
        }
        if BlockShape.isNumeralOnly(paragraph) { return nil }
        // An article of a statute (`第四条县级以上`) is body text, however short.
        if isStatute && (BlockShape.opensStatuteArticle(paragraph) || BlockShape.isArticleNumber(paragraph)) { return Self.noSpace }
        if BlockShape.isHeadingLike(paragraph) {
            // A short block without punctuation is a headline, a kicker or a slogan — unless
            // the words run on: a character that cannot end a sentence before the break, one
            // that cannot start one after it, or a pair of characters seen together elsewhere.
            if BlockShape.hasSpaceBetweenCJK(paragraph) { return nil }
            // A single character is neither a headline nor a name: a line's tail cut off.
            if paragraph.count == 1 && paragraph[0].isCJKLetter && next.count > 25 { return Self.noSpace }
            // Under a chapter's number alone (`第四章`), a short block is the chapter's title (`工作职责`).
            if afterChapterNumber && !BlockShape.hasOpenBracket(paragraph) && !BlockShape.hasOpenQuote(paragraph) { return nil }
            if !beforeCurrentClosed {
                // After a headline or a byline: joined only on evidence from both sides of the break.
                guard let last = paragraph.last else { return nil }
                if BlockShape.endsWithFunctionWord(paragraph) || BlockShape.cannotStart.contains(first)
                    || BlockShape.endsWithNumeralAndClassifier(paragraph)
                    || BlockShape.opensWithFragment(next) || bigrams.continues(last, first) || breaksAWord(paragraph, next) {
                    return Self.noSpace
                }
                return nil
            }
            if next.first == "（" || next.first == "(" { return nil }
            // After a semicolon the sentence or the enumeration goes on (`（二）对食 | 品等…；`):
            // no headline comes between its items.
            if afterSemicolon { return Self.noSpace }
            // A paragraph that opens with its dateline (`本报北京１月２２日讯记者…报道：北京市总`).
            if BlockShape.isByline(paragraph) { return Self.noSpace }
            guard let last = paragraph.last else { return nil }
            // One to three characters before a long paragraph: a line's worth of text cut off
            // by the layout far more often than a headline.
            if paragraph.count <= 3 && next.count > 25 { return Self.noSpace }
            if BlockShape.endsWithFunctionWord(paragraph) || BlockShape.cannotStart.contains(first)
                || BlockShape.endsWithNumeralAndClassifier(paragraph)
                || bigrams.continues(last, first) || breaksAWord(paragraph, next) || BlockShape.readsLikeASentence(paragraph)
                || BlockShape.hasOpenSubordinateClause(paragraph)
                || BlockShape.opensWithFragment(next) || awaitsPredicate(paragraph, next) {
                return Self.noSpace
            }
            return headingDefaultJoins ? Self.noSpace : nil
        }
        return Self.noSpace
    }

    static let noSpace = Glue(dropLastHyphen: false, separator: [])

    /// Whether `before` ends with a word of two capitals or more and a hyphen, and `after` opens
    /// with a word of two capitals or more: one word of a line of capitals, cut in two.
    static func breaksCapitals(_ before: [Unicode.Scalar], _ after: [Unicode.Scalar]) -> Bool {
        guard before.count >= 3, let last = before.last, HyphenJudge.isHyphen(last) else { return false }
        var start = before.count - 1
        while start > 0 && HyphenJudge.isWordLetter(before[start - 1]) { start -= 1 }
        var end = 0
        while end < after.count && HyphenJudge.isWordLetter(after[end]) { end += 1 }
        let left = before[start..<(before.count - 1)]
        let right = after[..<end]
        return left.count >= 2 && right.count >= 2
            && left.allSatisfy { HyphenJudge.isUppercase($0) } && right.allSatisfy { HyphenJudge.isUppercase($0) }
    }

    /// Whether the Chinese word list puts a word across the break between `before` and `after`.
    func breaksAWord(_ before: [Unicode.Scalar], _ after: [Unicode.Scalar]) -> Bool {
        guard let words, let last = before.last, last.isCJKLetter, let first = after.first, first.isCJKLetter else { return false }
        let (left, right) = ChineseWords.window(before, after)
        return words.breaksAWord(left: left, right: right)
    }

    /// Whether `before` is a subject without its predicate and `after` opens with one
    /// (`董建华一行 | 来到军营，…`, `…电厂的规划发电容量 | 为５００万千瓦，…`): one sentence cut in two, by
    /// the parts of speech of the Chinese word list.
    func awaitsPredicate(_ before: [Unicode.Scalar], _ after: [Unicode.Scalar]) -> Bool {
        guard let words, let last = before.last, last.isCJKLetter, let first = after.first, first.isCJKLetter,
              // A colon sets a kicker before its headline (`中国杂技：墙里开花墙外香`).
              !before.contains(where: { BlockShape.headingPunctuation.contains($0) }) else { return false }
        return words.opensWithPredicate(after) && words.lacksPredicate(before)
    }

    /// Whether the text is a statute: two lines or more open an article (`第十六条…`).
    static func hasStatuteArticles(_ lines: DocumentLines) -> Bool {
        var articles = 0
        for index in lines.indices where lines.first(index) == "第" && BlockShape.opensStatuteArticle(lines.scalars(index)) {
            articles += 1
            if articles >= 2 { return true }
        }
        return false
    }

    @inline(__always) static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isCJKLetter
    }

    /// Whether the text has one paragraph a line rather than paragraphs wrapped at a width:
    /// the lines that go on to another line (all but the last of each block) mostly do not
    /// come near a common width. Wrapped text has most of them within a few characters of it.
    static func linesAreParagraphs(_ lines: DocumentLines, width: Int) -> Bool {
        guard width > 0 else { return false }
        var continued = 0
        var nearWidth = 0
        for index in lines.indices.dropLast() where !lines.isEmpty(index) && !lines.isEmpty(index + 1) {
            continued += 1
            let length = lines.length(index)
            if length * 100 >= width * 85 && length * 100 <= width * 115 { nearWidth += 1 }
        }
        return continued >= 3 && nearWidth * 2 < continued
    }

    /// The least probability of a heading role at which the joiner keeps a line out of running text
    /// (with the shape of a heading: see ``lineGlue``).
    static let headingConfidence: Float = 0.5

    /// For each line, whether the model reads it as a heading (title, subhead, kicker or subtitle)
    /// with ``headingConfidence`` or more; empty without roles.
    static func headingLines(_ lines: DocumentLines, roles: [Int: (role: LineRole, confidence: Float)]) -> [Bool] {
        guard !roles.isEmpty else { return [] }
        return lines.indices.map { index in
            let line = lines.lines[index]
            guard line.count > 0, let found = roles[JoinedLineRoles.textStart(lines.bytes, from: line.start, to: line.end)] else { return false }
            switch found.role {
            case .title, .subhead, .kicker, .subtitle: return found.confidence >= headingConfidence
            default: return false
            }
        }
    }

    /// The width of a full line of the document's wrapped paragraphs (the 80th percentile of
    /// line lengths in blocks of two lines or more), or 0 when nothing is wrapped.
    static func typicalWidth(_ lines: DocumentLines) -> Int {
        var lengths: [Int] = []
        for index in lines.indices where !lines.isEmpty(index) {
            let previousFilled = index > 0 && !lines.isEmpty(index - 1)
            let nextFilled = index + 1 < lines.count && !lines.isEmpty(index + 1)
            if previousFilled || nextFilled { lengths.append(lines.length(index)) }
        }
        guard lengths.count >= 2 else { return 0 }
        lengths.sort()
        return lengths[lengths.count * 4 / 5]
    }
}
