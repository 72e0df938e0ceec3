import Foundation

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
        var text = text
        return text.withUTF8 { utf8 in
            sentenceByteRanges(in: utf8).map { String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self) }
        }
    }

    /// The sentences of `text` with their ranges and paragraph numbers, in order.
    public func split(_ text: String) -> [Sentence] {
        var storage = text
        let sentences = storage.withUTF8 { utf8 in
            var sentences: [(bytes: Range<Int>, paragraph: Int)] = []
            forEachSentence(in: utf8) { sentences.append(($0, $1)) }
            return sentences
        }
        let utf8 = text.utf8
        return sentences.map { sentence in
            let range = utf8.index(utf8.startIndex, offsetBy: sentence.bytes.lowerBound)
                ..< utf8.index(utf8.startIndex, offsetBy: sentence.bytes.upperBound)
            return Sentence(text: String(text.unicodeScalars[range]), range: range, paragraph: sentence.paragraph)
        }
    }

    /// The sentences of a decoded text as ranges of its scalars, with their paragraph numbers, in
    /// order: the same sentences as ``split(_:)`` without making a `String` for each.
    public func sentenceRanges(in text: DecodedText) -> [(scalars: Range<Int>, paragraph: Int)] {
        var string = text.text
        var result: [(scalars: Range<Int>, paragraph: Int)] = []
        string.withUTF8 { utf8 in
            forEachSentence(in: utf8) { bytes, paragraph in
                result.append((text.scalarIndex(ofUTF8Offset: bytes.lowerBound)
                                   ..< text.scalarIndex(ofUTF8Offset: bytes.upperBound), paragraph))
            }
        }
        return result
    }

    /// The sentences of a decoded text as ranges of its scalars, in order: the ranges of
    /// ``sentenceRanges(in:)`` without the paragraph numbers.
    public func sentenceScalarRanges(in text: DecodedText) -> [Range<Int>] {
        sentenceRanges(in: text).map(\.scalars)
    }

    /// The sentences of the UTF-8 of a text as ranges of its bytes, in order: the sentences of
    /// ``sentences(in:)`` without making a `String` for each, read straight from the bytes (no
    /// decoding into scalars first).
    public func sentenceByteRanges(in utf8: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        appendSentenceByteRanges(in: utf8, to: &ranges)
        return ranges
    }

    /// Appends the sentences of the UTF-8 of a text to `ranges` (``sentenceByteRanges(in:)``),
    /// for callers that reuse an array from text to text.
    public func appendSentenceByteRanges(in utf8: UnsafeBufferPointer<UInt8>, to ranges: inout [Range<Int>]) {
        forEachSentence(in: utf8) { range, _ in ranges.append(range) }
    }

    /// The paragraphs of `text`: runs of lines separated by blank (whitespace-only) lines,
    /// trimmed, empty ones left out.
    public static func paragraphs(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { utf8 in
            var paragraphs: [String] = []
            forEachParagraph(UTF8Text(utf8)) {
                paragraphs.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self))
            }
            return paragraphs
        }
    }

    /// Calls `body` with every sentence of the UTF-8 `utf8`: its byte range and its paragraph
    /// number, in order.
    @inline(__always)
    func forEachSentence(in utf8: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int) -> Void) {
        guard !utf8.isEmpty else { return }
        let text = UTF8Text(utf8)
        var number = 0
        Self.forEachParagraph(text) { paragraph in
            forEachSentence(text, in: paragraph) { body($0, number) }
            number += 1
        }
    }

    // MARK: - Paragraphs

    /// Calls `body` with the byte range of every paragraph of `text`: runs of lines separated by
    /// blank (whitespace-only) lines, trimmed, empty ones left out.
    static func forEachParagraph(_ text: UTF8Text, _ body: (Range<Int>) -> Void) {
        // Line by line: a line is blank when it has only spaces, which a content line shows at
        // its first non-space; so only line breaks are looked for in every byte.
        let count = text.count
        var start = -1           // the open paragraph's first non-space (−1: none open)
        var lastLineEnd = 0      // where its last line ends
        func close() {
            var end = lastLineEnd
            while end > start {
                let (scalar, previous) = text.scalar(before: end)
                guard isSpace(scalar) else { break }
                end = previous
            }
            body(start..<end)
            start = -1
        }
        var lineStart = 0
        while lineStart <= count {
            let lineEnd = text.lineEnd(from: lineStart)
            var first = lineStart
            while first < lineEnd {
                let (scalar, length) = text.scalar(at: first)
                guard isSpace(scalar) else { break }
                first += length
            }
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

    // MARK: - Sentences

    /// Calls `body` with the byte range of every sentence of the paragraph at `paragraph`.
    @inline(__always)
    func forEachSentence(_ text: UTF8Text, in paragraph: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = paragraph.lowerBound
        var index = paragraph.lowerBound
        let end = paragraph.upperBound
        func emit(_ upper: Int) {
            var lower = start
            while lower < upper {
                let (scalar, length) = text.scalar(at: lower)
                guard Self.isSpace(scalar) else { break }
                lower += length
            }
            var top = upper
            while top > lower {
                let (scalar, previous) = text.scalar(before: top)
                guard Self.isSpace(scalar) else { break }
                top = previous
            }
            if lower < top { body(lower..<top) }
            start = upper
        }
        let bytes = text.bytes
        while index < end {
            // ASCII other than `.`, `!` and `?` ends nothing; eight bytes at a time when none of
            // them is one of those or outside ASCII.
            if index + 8 <= end, !Self.mayHaveTerminator(UTF8Scalars.word(bytes, at: index)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 {
                guard byte == 0x2E || byte == 0x21 || byte == 0x3F else {
                    index += 1
                    continue
                }
            } else if byte < 0xE0 || (0xE4...0xEE).contains(byte) {
                // U+0080–U+07FF and U+4000–U+EFFF (Han, Yi, Hangul among them) hold no
                // terminator (``isTerminator(_:)``): skipped by their lead byte, undecoded.
                index += byte < 0xE0 ? 2 : 3
                continue
            } else {
                let (scalar, length) = text.scalar(at: index)
                guard Self.isTerminator(scalar) else {
                    index += length
                    continue
                }
            }
            let runStart = index
            var runEnd = index
            while runEnd < end {
                let (scalar, length) = text.scalar(at: runEnd)
                guard Self.isTerminator(scalar) else { break }
                runEnd += length
            }
            var after = runEnd
            while after < end {
                let (scalar, length) = text.scalar(at: after)
                guard Self.isCloser(scalar) || Self.isTerminator(scalar) else { break }
                after += length
            }
            if endsSentence(text, run: runStart..<runEnd, after: after, end: end) { emit(after) }
            index = after
        }
        emit(end)
    }

    /// Whether any of 8 bytes (as ``UTF8Scalars/word(_:at:)`` reads them) is `.`, `!`, `?` or
    /// outside ASCII.
    @inline(__always)
    static func mayHaveTerminator(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte is 0 after the xor exactly where it matched; `hasZero` flags such bytes (it may
        // flag a byte above a true zero too, which only costs a look at those 8 bytes).
        func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        return (word & highs) | hasZero(word ^ (0x2E * ones)) | hasZero(word ^ (0x21 * ones))
            | hasZero(word ^ (0x3F * ones)) != 0
    }

    func endsSentence(_ text: UTF8Text, run: Range<Int>, after: Int, end: Int) -> Bool {
        let next = after < end ? text.scalar(at: after).0 : nil
        if let next, Self.isContinuation(next) { return false }
        var runCount = 0
        var hasCJKTerminator = false
        var hasEllipsisCharacter = false
        var allPeriods = true
        text.forEachScalar(in: run) { scalar in
            runCount += 1
            hasCJKTerminator = hasCJKTerminator || Self.isCJKTerminator(scalar)
            hasEllipsisCharacter = hasEllipsisCharacter || scalar == "…"
            allPeriods = allPeriods && scalar == "."
        }
        if hasCJKTerminator { return true }
        let isEllipsis = hasEllipsisCharacter || runCount > 1 && allPeriods
        if isEllipsis && (run.lowerBound > 0 && Self.isCJKContext(text.scalar(before: run.lowerBound).0)
                              || next.map(Self.isCJKContext) == true) {
            return true
        }
        guard let next else { return true }
        let isPeriod = runCount == 1 && allPeriods
        if next.isCJKLetter {
            // `word.中文` ends a sentence; `U.S.工作` does not.
            guard isPeriod else { return true }
            return periodEndsSentence(text, period: run.lowerBound, nextWord: after..<after)
        }
        // Latin punctuation needs a space after it: `3.5`, `example.com`, `Yahoo!Inc` stay whole.
        guard Self.isSpace(next) else { return false }
        let word = Self.nextWord(text, from: after, end: end)
        guard !word.isEmpty else { return true }
        let first = text.scalar(at: word.lowerBound).0
        if Self.isLowercase(first) { return false }
        if isEllipsis { return Self.isUppercase(first) || Self.isNumeric(first) }
        guard isPeriod else { return true }
        return periodEndsSentence(text, period: run.lowerBound, nextWord: word)
    }

    /// Whether a single period followed by a space and `nextWord` (a byte range, not lower-case)
    /// ends a sentence.
    func periodEndsSentence(_ text: UTF8Text, period: Int, nextWord: Range<Int>) -> Bool {
        var tokenStart = period
        while tokenStart > 0 {
            let (scalar, previous) = text.scalar(before: tokenStart)
            guard Self.isLetter(scalar) || scalar == "." else { break }
            tokenStart = previous
        }
        let token = tokenStart..<period
        guard !token.isEmpty else { return true }
        let nextIsNumber = nextWord.isEmpty ? false : Self.isNumeric(text.scalar(at: nextWord.lowerBound).0)
        var nextStarts: Bool { Abbreviation.sentenceStarters.contains(text.string(nextWord)) }
        if let kind = abbreviation(text, token) {
            switch kind {
            case .title, .always: return false
            case .beforeNumber: return !nextIsNumber
            case .ambiguous: return nextStarts
            }
        }
        // An initial (`J.`) or a dotted acronym (`U.S.`, `a.m.`, `Ph.D.`).
        var count = 0
        var first: Unicode.Scalar = "."
        var last: Unicode.Scalar = "."
        var hasPeriod = false
        text.forEachScalar(in: token) { scalar in
            if count == 0 { first = scalar }
            last = scalar
            hasPeriod = hasPeriod || scalar == "."
            count += 1
        }
        let isInitial = count == 1 && Self.isUppercase(first)
        let isDotted = hasPeriod && first != "." && last != "."
        if isInitial || isDotted { return nextStarts }
        return true
    }

    /// How the token at `token` (letters and periods) behaves as an abbreviation, lower-cased
    /// (`A`…`Z` only), if it is one. A token of at most 8 ASCII scalars is looked up by its bytes;
    /// others as a `String`, and only when `abbreviations` has keys that are not short ASCII.
    @inline(__always)
    func abbreviation(_ text: UTF8Text, _ token: Range<Int>) -> Abbreviation? {
        var key: UInt64 = 0
        var nonASCII: UInt32 = 0
        var count = 0
        text.forEachScalar(in: token) { scalar in
            let value = scalar.value
            nonASCII |= value
            let lowered = value &- 0x41 < 26 ? value | 0x20 : value
            if count < 8 { key |= UInt64(truncatingIfNeeded: lowered & 0xFF) &<< UInt64(8 * count) }
            count += 1
        }
        if count <= 8, nonASCII < 0x80 { return shortAbbreviations[key] }
        guard shortAbbreviations.hasOtherKeys else { return nil }
        var lowered = ""
        text.forEachScalar(in: token) { scalar in
            lowered.unicodeScalars.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
        }
        return abbreviations[lowered]
    }

    /// The byte range of the letters and digits of the word after `index`, skipping spaces and
    /// opening quotes.
    static func nextWord(_ text: UTF8Text, from index: Int, end: Int) -> Range<Int> {
        var cursor = index
        while cursor < end {
            let (scalar, length) = text.scalar(at: cursor)
            guard isSpace(scalar) || isOpener(scalar) else { break }
            cursor += length
        }
        let start = cursor
        while cursor < end {
            let (scalar, length) = text.scalar(at: cursor)
            guard isLetter(scalar) || isNumeric(scalar) else { break }
            cursor += length
        }
        return start..<cursor
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
        // No scalar above U+3000 is White_Space: CJK text is told apart without a lookup.
        case 0..<0x80, 0x3001...: false
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

/// Valid UTF-8 (a `String`'s) read scalar by scalar at byte offsets, forwards and backwards, for
/// ``SentenceSplitter``.
struct UTF8Text {
    let bytes: UnsafePointer<UInt8>
    let count: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no address; nothing is ever read from it.
        bytes = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        count = buffer.count
    }

    /// The scalar at `offset` and its length in bytes.
    @inline(__always)
    func scalar(at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let (value, length) = UTF8Scalars.value(bytes, at: offset)
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar that ends at `offset` (above 0) and where it starts.
    @inline(__always)
    func scalar(before offset: Int) -> (Unicode.Scalar, Int) {
        var start = offset - 1
        while bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start).0, start)
    }

    /// Calls `body` with every scalar of the byte range `range`, in order.
    @inline(__always)
    func forEachScalar(in range: Range<Int>, _ body: (Unicode.Scalar) -> Void) {
        var index = range.lowerBound
        while index < range.upperBound {
            let (scalar, length) = scalar(at: index)
            body(scalar)
            index += length
        }
    }

    /// The text of the byte range `range`.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// The offset of the first line feed at or after `start`, or `count`.
    @inline(__always)
    func lineEnd(from start: Int) -> Int {
        guard start < count, let found = memchr(bytes + start, 0x0A, count - start) else { return count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(bytes)
    }
}
