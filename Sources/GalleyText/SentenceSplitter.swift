/// One sentence of a text: a verbatim, whitespace-trimmed slice of it.
public struct Sentence: Sendable, Hashable {
    /// The sentence exactly as written (line breaks inside a paragraph are kept).
    public var text: String
    /// Where the sentence is in the text that was split.
    public var range: Range<String.Index>
    /// The index of its paragraph (paragraphs are separated by blank lines), from 0.
    public var paragraph: Int

    public init(text: String, range: Range<String.Index>, paragraph: Int) {
        self.text = text
        self.range = range
        self.paragraph = paragraph
    }
}

/// Splits text into paragraphs and sentences, for Chinese, Japanese and English (and other
/// Latin-script languages written with `.`, `!` and `?`).
///
/// Paragraphs are separated by a blank line; a sentence never spans two paragraphs.
///
/// - CJK: a sentence ends after `。！？；｡` or an ellipsis `…`/`……`, together with any closing
///   quotes and brackets right after them (`。”`, `！）`), unless a comma-like mark follows (`…，`).
/// - Latin scripts: a sentence ends after `.`, `!` or `?` (and closing quotes or brackets) that
///   are followed by a space or the end of the paragraph, unless
///   - the next word starts with a lower-case letter (`"Stop!" she said`, `approx. two`);
///   - the period closes a title (`Mr.`, `Dr.`, `Prof.`), or `e.g.`, `i.e.`, `cf.`, `vs.`;
///   - the period closes `No.`, `Fig.`, `Vol.`, `p.` or a month (`Jan.`) before a number (`No. 5`);
///   - the period closes an initial (`J. K. Rowling`), a dotted acronym (`U.S.`, `a.m.`) or
///     `Inc.`, `Ltd.`, `Co.`, `etc.`, and the next word is not one that usually starts a
///     sentence (`the U.S. economy` stays whole, `in the U.S. The` is split).
///   Decimals (`3.5`) and dotted names (`example.com`) never split, having no space after the
///   period. An ellipsis (`...`, `…`) ends a sentence when the next word is capitalized.
///
/// ```swift
/// SentenceSplitter().sentences(in: "Mr. Smith paid $3.50. He left.")
/// // ["Mr. Smith paid $3.50.", "He left."]
/// SentenceSplitter().sentences(in: "他说：“好。”我们走吧！")
/// // ["他说：“好。”", "我们走吧！"]
/// ```
public struct SentenceSplitter: Sendable {
    /// Lower-cased abbreviations (without their final period) and how they behave.
    public var abbreviations: [String: Abbreviation] {
        didSet { shortAbbreviations = ShortKeyTable(abbreviations) }
    }
    /// `abbreviations` with keys of at most 8 ASCII bytes, looked up by those bytes (no `String`).
    private var shortAbbreviations: ShortKeyTable

    public init(abbreviations: [String: Abbreviation] = Abbreviation.english) {
        self.abbreviations = abbreviations
        shortAbbreviations = ShortKeyTable(abbreviations)
    }

    /// The sentences of `text`, verbatim and trimmed, in order.
    public func sentences(in text: String) -> [String] {
        let decoded = DecodedText(text)
        return sentenceRanges(in: decoded).map { decoded.string($0.scalars) }
    }

    /// The sentences of `text` with their ranges and paragraph numbers, in order.
    public func split(_ text: String) -> [Sentence] {
        let decoded = DecodedText(text)
        return sentenceRanges(in: decoded).map { sentence in
            let range = decoded.stringRange(sentence.scalars)
            return Sentence(text: String(text.unicodeScalars[range]), range: range, paragraph: sentence.paragraph)
        }
    }

    /// The sentences of a decoded text as ranges of its scalars, with their paragraph numbers, in
    /// order: the same sentences as ``split(_:)`` without making a `String` for each, for callers
    /// that tokenize them in the same decoding (``Tokenizer/forEachToken(in:scalars:_:)``).
    public func sentenceRanges(in text: DecodedText) -> [(scalars: Range<Int>, paragraph: Int)] {
        let scalars = text.scalars
        var ranges: [Range<Int>] = []
        var result: [(scalars: Range<Int>, paragraph: Int)] = []
        for (number, paragraph) in Self.paragraphRanges(scalars).enumerated() {
            let first = ranges.count
            appendSentences(scalars, in: paragraph, to: &ranges)
            for range in ranges[first...] { result.append((range, number)) }
        }
        return result
    }

    /// The sentences of a decoded text as ranges of its scalars, in order: the ranges of
    /// ``sentenceRanges(in:)`` without the paragraph numbers.
    public func sentenceScalarRanges(in text: DecodedText) -> [Range<Int>] {
        let scalars = text.scalars
        var ranges: [Range<Int>] = []
        for paragraph in Self.paragraphRanges(scalars) {
            appendSentences(scalars, in: paragraph, to: &ranges)
        }
        return ranges
    }

    /// The paragraphs of `text`: runs of lines separated by blank (whitespace-only) lines,
    /// trimmed, empty ones left out.
    public static func paragraphs(in text: String) -> [String] {
        let decoded = DecodedText(text)
        return paragraphRanges(decoded.scalars).map { decoded.string($0) }
    }

    // MARK: - Paragraphs

    static func paragraphRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        scalars.withUnsafeBufferPointer { s in
            // Line by line: a line is blank when it has only spaces, which a content line shows
            // at its first non-space; so only line breaks are looked for in every scalar.
            let count = s.count
            var start = -1           // the open paragraph's first non-space (−1: none open)
            var lastLineEnd = 0      // where its last line ends
            func close() {
                var end = lastLineEnd
                while end > start, isSpace(s[end - 1]) { end -= 1 }
                ranges.append(start..<end)
                start = -1
            }
            var lineStart = 0
            while lineStart <= count {
                var lineEnd = lineStart
                while lineEnd < count, s[lineEnd] != "\n" { lineEnd += 1 }
                var first = lineStart
                while first < lineEnd, isSpace(s[first]) { first += 1 }
                if first < lineEnd {
                    if start < 0 { start = first }
                    lastLineEnd = lineEnd
                } else if start >= 0 {
                    close()
                }
                lineStart = lineEnd + 1
            }
            if start >= 0 { close() }
        }
        return ranges
    }

    // MARK: - Sentences

    /// Appends the sentences of the paragraph at `paragraph` of `s` to `ranges`.
    func appendSentences(_ s: [Unicode.Scalar], in paragraph: Range<Int>, to ranges: inout [Range<Int>]) {
        var start = paragraph.lowerBound
        var index = paragraph.lowerBound
        let end = paragraph.upperBound
        func emit(_ upper: Int) {
            var lower = start
            while lower < upper, Self.isSpace(s[lower]) { lower += 1 }
            var top = upper
            while top > lower, Self.isSpace(s[top - 1]) { top -= 1 }
            if lower < top { ranges.append(lower..<top) }
            start = upper
        }
        while index < end {
            // ASCII other than `.`, `!` and `?` ends nothing. Told apart by arithmetic alone, with
            // no branch on the kind of character (letters, spaces and punctuation alternate too
            // irregularly for branch prediction): `below64` is 1 under 0x40 and `nonASCII` is
            // non-zero from 0x80, and the mask has the bits of `!` (0x21), `.` (0x2E) and `?` (0x3F).
            let value = s[index].value
            let below64 = UInt64((value &- 0x40) &>> 31)
            let nonASCII = UInt64(value &>> 7)
            let candidate = ((0x8000_4002_0000_0000 as UInt64) &>> UInt64(value & 63)) & below64 | nonASCII
            guard candidate != 0, Self.isTerminator(s[index]) else {
                index += 1
                continue
            }
            let runStart = index
            var runEnd = index
            while runEnd < end, Self.isTerminator(s[runEnd]) { runEnd += 1 }
            var after = runEnd
            while after < end, Self.isCloser(s[after]) || Self.isTerminator(s[after]) { after += 1 }
            if endsSentence(s, run: runStart..<runEnd, after: after, end: end) { emit(after) }
            index = after
        }
        emit(end)
    }

    func endsSentence(_ s: [Unicode.Scalar], run: Range<Int>, after: Int, end: Int) -> Bool {
        let next = after < end ? s[after] : nil
        if let next, Self.isContinuation(next) { return false }
        let runScalars = s[run]
        if runScalars.contains(where: Self.isCJKTerminator) { return true }
        let isEllipsis = runScalars.contains("…") || runScalars.count > 1 && runScalars.allSatisfy { $0 == "." }
        if isEllipsis && (run.lowerBound > 0 && Self.isCJKContext(s[run.lowerBound - 1]) || next.map(Self.isCJKContext) == true) {
            return true
        }
        guard let next else { return true }
        if next.isCJKLetter {
            // `word.中文` ends a sentence; `U.S.工作` does not.
            guard runScalars.count == 1, runScalars.first == "." else { return true }
            return periodEndsSentence(s, period: run.lowerBound, nextWord: s[after..<after])
        }
        // Latin punctuation needs a space after it: `3.5`, `example.com`, `Yahoo!Inc` stay whole.
        guard Self.isSpace(next) else { return false }
        let word = Self.nextWord(s, from: after, end: end)
        guard let first = word.first else { return true }
        if Self.isLowercase(first) { return false }
        if isEllipsis { return Self.isUppercase(first) || Self.isNumeric(first) }
        guard runScalars.count == 1, runScalars.first == "." else { return true }
        return periodEndsSentence(s, period: run.lowerBound, nextWord: word)
    }

    /// Whether a single period followed by a space and `nextWord` (not lower-case) ends a sentence.
    func periodEndsSentence(_ s: [Unicode.Scalar], period: Int, nextWord: ArraySlice<Unicode.Scalar>) -> Bool {
        var tokenStart = period
        while tokenStart > 0, Self.isLetter(s[tokenStart - 1]) || s[tokenStart - 1] == "." {
            tokenStart -= 1
        }
        let token = s[tokenStart..<period]
        guard !token.isEmpty else { return true }
        let nextIsNumber = nextWord.first.map(Self.isNumeric) ?? false
        var nextStarts: Bool { Abbreviation.sentenceStarters.contains(String(scalars: nextWord)) }
        if let kind = abbreviation(token) {
            switch kind {
            case .title, .always: return false
            case .beforeNumber: return !nextIsNumber
            case .ambiguous: return nextStarts
            }
        }
        // An initial (`J.`) or a dotted acronym (`U.S.`, `a.m.`, `Ph.D.`).
        let isInitial = token.count == 1 && Self.isUppercase(token.first!)
        let isDotted = token.contains(".") && token.first != "." && token.last != "."
        if isInitial || isDotted { return nextStarts }
        return true
    }

    /// How `token` (letters and periods) behaves as an abbreviation, lower-cased (`A`…`Z` only),
    /// if it is one. A token of at most 8 ASCII bytes is looked up by its bytes; others as a
    /// `String`, and only when `abbreviations` has keys that are not short ASCII.
    @inline(__always)
    func abbreviation(_ token: ArraySlice<Unicode.Scalar>) -> Abbreviation? {
        if token.count <= 8 {
            var key: UInt64 = 0
            var nonASCII: UInt32 = 0
            var shift: UInt64 = 0
            for scalar in token {
                let value = scalar.value
                nonASCII |= value
                let lowered = value &- 0x41 < 26 ? value | 0x20 : value
                key |= UInt64(truncatingIfNeeded: lowered & 0xFF) &<< shift
                shift &+= 8
            }
            if nonASCII < 0x80 { return shortAbbreviations[key] }
        }
        guard shortAbbreviations.hasOtherKeys else { return nil }
        return abbreviations[String(scalars: token.lazy.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 0x20)! : $0 })]
    }

    /// The letters and digits of the word after `index`, skipping spaces and opening quotes.
    static func nextWord(_ s: [Unicode.Scalar], from index: Int, end: Int) -> ArraySlice<Unicode.Scalar> {
        var cursor = index
        while cursor < end, isSpace(s[cursor]) || isOpener(s[cursor]) { cursor += 1 }
        let start = cursor
        while cursor < end, isLetter(s[cursor]) || isNumeric(s[cursor]) { cursor += 1 }
        return s[start..<cursor]
    }

    // MARK: - Character classes

    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A: true
        case 0..<0x80: false
        default: scalar.properties.isAlphabetic
        }
    }

    /// Lower-case (`a`…`z` without a property lookup).
    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (0x61...0x7A).contains(scalar.value) : scalar.properties.isLowercase
    }

    @inline(__always)
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (0x41...0x5A).contains(scalar.value) : scalar.properties.isUppercase
    }

    /// A digit or other numeric character (in ASCII only `0`…`9` are).
    @inline(__always)
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType != nil
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: true
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }

    static func isCJKTerminator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return false }
        return switch scalar {
        case "。", "！", "？", "；", "｡", "︒", "﹒": true
        default: false
        }
    }

    @inline(__always)
    static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == "." || scalar == "!" || scalar == "?" }
        return switch scalar {
        case "…", "‼", "⁇", "⁈", "⁉": true
        default: isCJKTerminator(scalar)
        }
    }

    /// Closing quotes and brackets that stay with the sentence before them.
    static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "”", "’", "」", "』", "）", ")", "]", "】", "》", "〉", "〕", "〗", "»", "›", "﹂", "﹄":
            true
        default: false
        }
    }

    static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "“", "‘", "「", "『", "（", "(", "[", "【", "《", "〈", "«", "‹": true
        default: false
        }
    }

    /// Marks after which a sentence goes on: `……，`, `?,`.
    static func isContinuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "，", "、", "：", ",", ":", ";": true
        default: false
        }
    }

    static func isCJKContext(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isCJKLetter || scalar.isCJKPunctuation && scalar != "…"
    }
}

/// The entries of an abbreviation table whose keys are at most 8 ASCII bytes, keyed by those
/// bytes packed into a `UInt64` (first byte lowest): an open-addressing table, at most a quarter
/// full, with linear probing. A packed key is never 0 (keys are not empty, and hold no NUL).
struct ShortKeyTable: Sendable {
    private var keys: [UInt64]
    private var kinds: [Abbreviation]
    private var shift: UInt64
    /// Whether the table it was made from has keys that are empty, longer or not ASCII.
    private(set) var hasOtherKeys = false

    init(_ table: [String: Abbreviation]) {
        var short: [(UInt64, Abbreviation)] = []
        for (word, kind) in table {
            let utf8 = Array(word.utf8)
            guard !utf8.isEmpty, utf8.count <= 8, utf8.allSatisfy({ $0 != 0 && $0 < 0x80 }) else {
                hasOtherKeys = true
                continue
            }
            var key: UInt64 = 0
            for (index, byte) in utf8.enumerated() { key |= UInt64(byte) << (8 * UInt64(index)) }
            short.append((key, kind))
        }
        var capacity = 16
        while capacity < 4 * short.count { capacity *= 2 }
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        keys = Array(repeating: 0, count: capacity)
        kinds = Array(repeating: .always, count: capacity)
        for (key, kind) in short {
            var index = Self.slot(key, shift)
            while keys[index] != 0 { index = (index + 1) & (capacity - 1) }
            keys[index] = key
            kinds[index] = kind
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ shift: UInt64) -> Int {
        fibonacciSlot(key, shift: shift)
    }

    /// The kind of the abbreviation with the packed `key`, if there is one.
    @inline(__always)
    subscript(key: UInt64) -> Abbreviation? {
        keys.withUnsafeBufferPointer { keys in
            let mask = keys.count - 1
            var index = Self.slot(key, shift)
            while true {
                let found = keys[index]
                if found == key { return kinds[index] }
                if found == 0 { return nil }
                index = (index + 1) & mask
            }
        }
    }
}

/// How a period after an abbreviation behaves for ``SentenceSplitter``.
public enum Abbreviation: Sendable, Hashable {
    /// A title before a name (`Mr.`, `Dr.`): never ends a sentence.
    case title
    /// Never ends a sentence (`e.g.`, `i.e.`, `cf.`, `vs.`).
    case always
    /// Does not end a sentence before a number (`No. 5`, `Fig. 2`, `Jan. 5`), does otherwise.
    case beforeNumber
    /// Often ends a sentence (`Inc.`, `etc.`): ends one only before a word that usually starts
    /// a sentence (`The`, `He`, `But`).
    case ambiguous

    /// English abbreviations, lower-cased, without their final period.
    public static let english: [String: Abbreviation] = {
        var table: [String: Abbreviation] = [:]
        for word in ["mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "rev", "hon", "gen", "col", "lt",
                     "sgt", "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "pres", "supt", "st", "mt",
                     "fr", "sr", "jr", "atty", "insp", "det", "cpl", "pvt", "brig", "lieut", "ald", "esq"] {
            table[word] = .title
        }
        for word in ["e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "al", "incl", "esp", "resp", "ibid", "op"] {
            table[word] = .always
        }
        for word in ["no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "art", "ch", "sec", "ed", "eq", "ref",
                     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tel"] {
            table[word] = .beforeNumber
        }
        for word in ["etc", "inc", "ltd", "co", "corp", "bros", "plc", "llc", "dept", "univ", "assn", "a.m", "p.m"] {
            table[word] = .ambiguous
        }
        // `Jr.` and `Sr.` end a name, and often a sentence.
        table["jr"] = .ambiguous
        table["sr"] = .ambiguous
        return table
    }()

    /// Capitalized words that usually start an English sentence (function words, not names).
    public static let sentenceStarters: Set<String> = [
        "A", "After", "Also", "An", "And", "As", "At", "Because", "Before", "But", "By", "During", "Each",
        "Even", "For", "From", "He", "Her", "Here", "His", "However", "I", "If", "In", "It", "Its", "Last",
        "Meanwhile", "Most", "Many", "Mr", "Mrs", "Ms", "Dr", "No", "Nor", "Now", "On", "One", "Only", "Or",
        "Our", "Over", "She", "Since", "So", "Some", "Still", "That", "The", "Their", "There", "These",
        "They", "This", "Those", "Though", "Thus", "To", "Under", "Until", "We", "What", "When", "Where",
        "Which", "While", "Who", "Why", "With", "Yet", "You",
    ]
}
