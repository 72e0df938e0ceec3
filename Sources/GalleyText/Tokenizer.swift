/// What a ``Token`` is made of.
public enum TokenKind: Sendable, Hashable {
    /// Letters (and digits) of a script written with spaces: `profits`, `don't`, `mp3`.
    case word
    /// Digits, with `.` or `,` between them: `2005`, `1.13`, `464,000`.
    case number
    /// Han or kana: one character, or two adjacent ones in ``Tokenizer/CJKUnit/bigrams`` mode.
    case ideograph
}

/// One token of a text.
public struct Token: Sendable, Hashable {
    /// The normalized token: lower-cased (character by character) and with full-width letters and
    /// digits folded to ASCII
    /// (`ＡＢＣ１２` → `abc12`); ideographs as written.
    public var text: String
    public var kind: TokenKind
    /// Where the token is in the text (for a bigram, both characters).
    public var range: Range<String.Index>

    public init(text: String, kind: TokenKind, range: Range<String.Index>) {
        self.text = text
        self.kind = kind
        self.range = range
    }
}

/// Splits text into words, numbers and CJK characters or character bigrams, for ranking,
/// matching and counting. Punctuation and spaces are dropped.
///
/// Chinese and Japanese have no spaces between words; without a dictionary, overlapping
/// character bigrams (`经济增长` → `经济`, `济增`, `增长`) are a robust stand-in for words.
///
/// ```swift
/// Tokenizer().tokens(in: "Profits rose 2.5% at ＡＢＣ.").map(\.text)   // ["profits", "rose", "2.5", "abc"]
/// Tokenizer(cjk: .bigrams).tokens(in: "经济增长。").map(\.text)        // ["经济", "济增", "增长"]
/// ```
public struct Tokenizer: Sendable {
    /// How runs of Han and kana become tokens.
    public enum CJKUnit: Sendable, Hashable {
        /// One token per character.
        case characters
        /// One token per pair of adjacent characters; a character alone in its run is one token.
        case bigrams
    }

    public var cjk: CJKUnit

    public init(cjk: CJKUnit = .characters) {
        self.cjk = cjk
    }

    /// The tokens of `text` in order.
    public func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        let utf8 = text.utf8
        forEachToken(in: text) { kind, bytes, offsets in
            let range = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
                ..< utf8.index(utf8.startIndex, offsetBy: offsets.upperBound)
            tokens.append(Token(text: String(decoding: bytes, as: UTF8.self), kind: kind, range: range))
        }
        return tokens
    }

    /// Calls `body` with every token in order: its kind, its normalized text as UTF-8 (valid only
    /// during the call) and where it is in `text` as UTF-8 offsets. The same tokens as
    /// ``tokens(in:)`` without making a `String` for each, for hot loops that hash or count them.
    public func forEachToken(
        in text: String, _ body: (TokenKind, UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        var text = text
        text.withUTF8 { utf8 in forEachToken(utf8, range: 0..<utf8.count, body) }
    }

    /// Calls `body` with every token of the scalars `range` of a decoded text, as if that range
    /// were the whole text (tokens never reach past it): its kind, its normalized text as UTF-8
    /// (valid only during the call) and where it is in the text as UTF-8 offsets.
    public func forEachToken(
        in text: DecodedText, scalars range: Range<Int>,
        _ body: (TokenKind, UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        var string = text.text
        let bytes = text.utf8Offsets[range.lowerBound]..<text.utf8Offsets[range.upperBound]
        string.withUTF8 { utf8 in forEachToken(utf8, range: bytes, body) }
    }

    private func forEachToken(
        _ utf8: UnsafeBufferPointer<UInt8>, range: Range<Int>,
        _ body: (TokenKind, UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        let list = TokenList()
        tokenize(utf8, range: range, into: list)
        for index in 0..<list.count {
            let token = list[index]
            body(token.kind, list.normalized(index), token.source)
        }
    }

    /// Appends the tokens of the UTF-8 `utf8[range]` to `list`, as if that range were the whole
    /// text (tokens never reach past it): one pass over the bytes, words of ASCII letters and
    /// digits (most of a Latin-script text) without decoding them.
    ///
    /// Tokenizing a text whole gives the tokens of its sentences (``SentenceSplitter``) one after
    /// the other: no token spans the end of a sentence, which comes after punctuation or spaces
    /// that no token takes in.
    public func tokenize(_ utf8: UnsafeBufferPointer<UInt8>, range: Range<Int>, into list: TokenList) {
        guard !range.isEmpty, let base = utf8.baseAddress else { return }
        // A token's normalized text is never more than twice the source it comes from (a bigram
        // repeats a character; lower-casing `İ` takes 3 bytes for 2).
        list.reserveBytes(2 * range.count + 16)
        var writer = TokenWriter(list)
        defer { writer.finish() }
        let end = range.upperBound
        let bigrams = cjk == .bigrams
        Self.byteClasses.withUnsafeBufferPointer { table in
            let table = table.baseAddress!
            var index = range.lowerBound
            while index < end {
                let byteClass = table[Int(base[index])]
                // ASCII other than letters and digits starts no token.
                if byteClass <= Self.joinerClass {
                    index &+= 1
                    continue
                }
                if byteClass == Self.nonASCIIClass {
                    let (value, length) = UTF8Scalars.value(base, at: index)
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    if Self.isIdeograph(scalar) {
                        index = appendIdeographs(base, from: index, end: end, bigrams: bigrams, into: &writer)
                        continue
                    }
                    guard Self.isWordScalar(scalar) else {
                        index &+= length
                        continue
                    }
                }
                index = appendWord(base, from: index, end: end, table: table, into: &writer)
            }
        }
    }

    /// ``byteClasses`` of ASCII that is neither a letter, a digit nor a joiner.
    static let otherClass: UInt8 = 0
    /// ``byteClasses`` of `'`, `.` and `,`, which may join two parts of a token.
    static let joinerClass: UInt8 = 1
    /// ``byteClasses`` of the bytes of UTF-8 outside ASCII.
    static let nonASCIIClass: UInt8 = 0x80

    /// Per byte: an ASCII letter lower-cased, an ASCII digit as it is (both from 0x30 to 0x7A),
    /// else ``otherClass``, ``joinerClass`` or ``nonASCIIClass``.
    static let byteClasses: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x41...0x5A: UInt8(byte + 0x20)
        case 0x61...0x7A, 0x30...0x39: UInt8(byte)
        case 0x27, 0x2E, 0x2C: joinerClass
        case 0x80...: nonASCIIClass
        default: otherClass
        }
    }

    /// The ASCII letters and digits at the start of 8 bytes of UTF-8 (as ``UTF8Scalars/word(_:at:)``
    /// reads them, the first byte lowest): how many there are before the first other byte, the 8 bytes with
    /// every letter lower-cased, and whether those first `count` bytes have a letter. All 8 lanes
    /// at once: for a 7-bit byte `x`, `x + (0x80 − low)` has its top bit set when `x ≥ low`, and
    /// no lane carries into the next.
    @inline(__always)
    static func asciiWordChunk(_ word: UInt64) -> (count: Int, folded: UInt64, hasLetter: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let low7 = word & ~highs
        /// The top bit of each lane whose `value` is from `low` to `high`.
        func inRange(_ value: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
            (value &+ (0x80 - low) &* ones) & ~(value &+ (0x7F - high) &* ones) & highs
        }
        let letters = inRange(low7 | 0x20 &* ones, 0x61, 0x7A) & ~word
        let digits = inRange(low7, 0x30, 0x39) & ~word
        let others = ~(letters | digits) & highs
        let count = others == 0 ? 8 : others.trailingZeroBitCount >> 3
        // The lanes before the first other byte.
        let before = count == 8 ? ~0 : (1 &<< UInt64(8 * count)) &- 1
        return (count, word | (letters &>> 2), letters & before != 0)
    }

    /// Appends the characters or bigrams of the run of ideographs at `start`; returns where the
    /// run ends.
    private func appendIdeographs(
        _ base: UnsafePointer<UInt8>, from start: Int, end: Int, bigrams: Bool, into writer: inout TokenWriter
    ) -> Int {
        // Character by character: each one (characters), or each pair with the one before
        // (bigrams; a character alone in its run stays a character).
        var previous = -1
        var characterStart = start
        var cursor = start + UTF8Scalars.value(base, at: start).1
        while true {
            if !bigrams {
                writer.append(.ideograph, copying: base, characterStart..<cursor)
            } else if previous >= 0 {
                writer.append(.ideograph, copying: base, previous..<cursor)
            }
            previous = characterStart
            guard cursor < end else { break }
            let length: Int
            if Self.isCommonHan(base, at: cursor) {
                length = 3
            } else {
                guard base[cursor] >= 0x80 else { break }
                let (value, scalarLength) = UTF8Scalars.value(base, at: cursor)
                guard Self.isIdeograph(Unicode.Scalar(value) ?? "\u{FFFD}") else { break }
                length = scalarLength
            }
            characterStart = cursor
            cursor += length
        }
        if bigrams, previous == start { writer.append(.ideograph, copying: base, start..<cursor) }
        return cursor
    }

    /// Appends the word or number that starts at `start` (a letter or digit); returns where it
    /// ends.
    @inline(__always)
    private func appendWord(
        _ base: UnsafePointer<UInt8>, from start: Int, end: Int, table: UnsafePointer<UInt8>,
        into writer: inout TokenWriter
    ) -> Int {
        let out = writer.next
        var written = 0
        var hasLetter = false
        // The last scalar taken in (ASCII lower-cased, others folded), for the joiners.
        var last: UInt32 = 0
        var cursor = start
        while true {
            // A run of ASCII letters and digits (most of a Latin-script word), in one tight loop
            // through `byteClasses`; a lower-case letter has the bit 0x40, a digit has not.
            let runStart = written
            var seen: UInt8 = 0
            // Eight bytes at a time while there are eight to read (most words fit in one or two
            // such steps, so the loop's exit is mostly predictable) …
            while cursor &+ 8 <= end {
                let chunk = Self.asciiWordChunk(UTF8Scalars.word(base, at: cursor))
                // Eight bytes may be written: the list has room for twice the source and 16 more.
                UnsafeMutableRawPointer(out + written).storeBytes(of: chunk.folded.littleEndian, as: UInt64.self)
                written &+= chunk.count
                cursor &+= chunk.count
                seen |= chunk.hasLetter ? 0x40 : 0
                guard chunk.count == 8 else { break }
            }
            // … and byte by byte near the end.
            if cursor &+ 8 > end {
                while cursor < end {
                    let folded = table[Int(base[cursor])]
                    guard folded &- 2 < Self.nonASCIIClass &- 2 else { break }
                    out[written] = folded
                    written &+= 1
                    seen |= folded
                    cursor &+= 1
                }
            }
            if written > runStart {
                hasLetter = hasLetter || seen & 0x40 != 0
                last = UInt32(out[written - 1])
            }
            // Most words end at a space or a punctuation mark that joins nothing.
            guard cursor < end, table[Int(base[cursor])] != Self.otherClass else { break }
            let (value, length) = UTF8Scalars.value(base, at: cursor)
            let current = Unicode.Scalar(value) ?? "\u{FFFD}"
            if value >= 0x80, Self.isWordScalar(current), !Self.isIdeograph(current) {
                let folded = Self.fold(current)
                if let ascii = Self.asciiWordScalar(folded) {
                    hasLetter = hasLetter || ascii.value >= 0x61
                    out[written] = UInt8(truncatingIfNeeded: ascii.value)
                    written += 1
                    last = ascii.value
                } else {
                    hasLetter = true
                    if folded.properties.changesWhenLowercased {
                        for byte in folded.properties.lowercaseMapping.utf8 {
                            out[written] = byte
                            written += 1
                        }
                    } else {
                        written = UTF8Scalars.encode(folded.value, into: out, at: written)
                    }
                    last = folded.value
                }
                cursor += length
                continue
            }
            // Joiners inside a token: `don't`, `1.13`, `464,000`.
            // (What comes before is checked first: a sentence's period or a comma after a word
            // needs no look at what follows.)
            let lastScalar = Unicode.Scalar(last) ?? "\u{FFFD}"
            let mayApostrophe = (value == 0x27 || value == 0x2019) && lastScalar.isAlphabetic
            let mayJoinNumber = (value == 0x2E || value == 0x2C) && Self.isDigit(lastScalar)
            let following = cursor + length
            guard mayApostrophe || mayJoinNumber, following < end else { break }
            let next = Self.fold(Unicode.Scalar(UTF8Scalars.value(base, at: following).0) ?? "\u{FFFD}")
            let isApostrophe = mayApostrophe && next.isAlphabetic && !Self.isIdeograph(next)
            let isNumberJoiner = mayJoinNumber && Self.isDigit(next)
            guard isApostrophe || isNumberJoiner else { break }
            out[written] = value == 0x2E ? 0x2E : value == 0x2C ? 0x2C : 0x27
            written += 1
            cursor = following
        }
        // The cursor only moves forward from `start`.
        writer.endToken(hasLetter ? .word : .number, length: written,
                        source: Range(uncheckedBounds: (start, cursor)))
        return cursor
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return asciiWordScalar(scalar) != nil }
        // The punctuation of most non-Latin text (`“`, `”`, `—`, `。`, `、`, `，`, `：`) from a
        // table: the properties' lookup costs several hundred instructions a scalar.
        let value = scalar.value
        if value &- 0x2000 < 0x70 { return punctuationWordScalars[Int(value &- 0x2000)] }
        if value &- 0x3000 < 0x40 { return punctuationWordScalars[0x70 + Int(value &- 0x3000)] }
        if value &- 0xFF00 < 0xF0 { return punctuationWordScalars[0xB0 + Int(value &- 0xFF00)] }
        return isWordScalarByProperties(scalar)
    }

    static func isWordScalarByProperties(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType == .decimal
    }

    /// ``isWordScalarByProperties(_:)`` of U+2000–U+206F (general punctuation), U+3000–U+303F
    /// (CJK symbols and punctuation) and U+FF00–U+FFEF (halfwidth and fullwidth forms), in turn.
    static let punctuationWordScalars: [Bool] = [(0x2000, 0x70), (0x3000, 0x40), (0xFF00, 0xF0)].flatMap { start, count in
        (UInt32(start)..<UInt32(start + count)).map { isWordScalarByProperties(Unicode.Scalar($0)!) }
    }

    /// An ASCII letter (lower-cased) or digit, else nil.
    @inline(__always)
    static func asciiWordScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x61...0x7A, 0x30...0x39: scalar
        case 0x41...0x5A: Unicode.Scalar(UInt8(scalar.value + 0x20))
        default: nil
        }
    }

    /// Whether the UTF-8 at `index` (valid, within the text) is a scalar of U+4E00–U+9FFF, the CJK
    /// Unified Ideographs block that makes most of a Chinese text, told from its first two bytes
    /// without decoding it: lead byte 0xE5–0xE9 (U+5000–U+9FFF), or 0xE4 and then 0xB8–0xBF
    /// (U+4E00–U+4FFF). Such a scalar is 3 bytes long and ``isIdeograph(_:)``.
    @inline(__always)
    static func isCommonHan(_ base: UnsafePointer<UInt8>, at index: Int) -> Bool {
        let lead = base[index]
        return lead &- 0xE5 < 5 || (lead == 0xE4 && base[index &+ 1] >= 0xB8)
    }

    /// Han and kana, which the tokenizer splits into characters or bigrams.
    @inline(__always)
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // The CJK Unified Ideographs block, most of any Chinese text, before the whole switch.
        if value &- 0x4E00 < 0x5200 { return true }
        // The punctuation around it, without the switch either: no Han or kana is below U+3007
        // (`“`, `”`, `—`, `、`, `。`) or from U+FF00 to U+FF65 (`，`, `（`, `）`, `；`, `？`).
        if value < 0x3007 || value &- 0xFF00 < 0x66 { return false }
        return isIdeographByScript(scalar)
    }

    /// ``isIdeograph(_:)`` from the scalar's ``Script`` alone.
    static func isIdeographByScript(_ scalar: Unicode.Scalar) -> Bool {
        switch Script(scalar) {
        case .han, .hiragana, .katakana: true
        default: false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// Full-width ASCII (`Ａ`, `１`) to ASCII.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
            return ascii
        }
        return scalar
    }
}

/// Tokens laid out end to end in memory that is reused from text to text
/// (``Tokenizer/tokenize(_:range:into:)``): each token's kind, where it is in the text, and its
/// normalized text, the texts one after the other in one buffer.
public final class TokenList {
    public struct Entry: Sendable, Hashable {
        public var kind: TokenKind
        /// Where the normalized text is in ``bytes``.
        public var normalized: Range<Int>
        /// Where the token is in the text, as UTF-8 offsets.
        public var source: Range<Int>
    }

    /// The normalized texts, one after the other, with 8 bytes to spare after the last, so that
    /// 8 bytes can be read from the start of any token.
    public private(set) var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity: Int
    var byteCount = 0
    @usableFromInline var entries: UnsafeMutablePointer<Entry>
    private(set) var entryCapacity: Int
    public internal(set) var count = 0

    public init() {
        byteCapacity = 4096
        bytes = .allocate(capacity: byteCapacity + 8)
        bytes.initialize(repeating: 0, count: byteCapacity + 8)
        entryCapacity = 512
        entries = .allocate(capacity: entryCapacity)
    }

    deinit {
        bytes.deallocate()
        entries.deallocate()
    }

    /// Forgets the tokens, keeping the memory.
    public func removeAll() {
        count = 0
        byteCount = 0
    }

    @inlinable @inline(__always)
    public subscript(index: Int) -> Entry { entries[index] }

    /// The normalized text of token `index`, valid until the list changes.
    @inlinable @inline(__always)
    public func normalized(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let range = entries[index].normalized
        return UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count)
    }

    /// Forgets the tokens, and lets go of the memory when a long text grew it past 64 Ki
    /// entries or 1 MiB of normalized text (so that a list kept for reuse stays small).
    public func releaseLargeStorage() {
        removeAll()
        if entryCapacity > 1 << 16 {
            entries.deallocate()
            entryCapacity = 512
            entries = .allocate(capacity: entryCapacity)
        }
        if byteCapacity > 1 << 20 {
            bytes.deallocate()
            byteCapacity = 4096
            bytes = .allocate(capacity: byteCapacity + 8)
            bytes.initialize(repeating: 0, count: byteCapacity + 8)
        }
    }

    /// Makes room for `extra` more bytes of normalized text.
    func reserveBytes(_ extra: Int) {
        guard byteCount + extra > byteCapacity else { return }
        var capacity = byteCapacity
        while capacity < byteCount + extra { capacity *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 8)
        larger.initialize(from: bytes, count: byteCount)
        (larger + byteCount).initialize(repeating: 0, count: capacity + 8 - byteCount)
        bytes.deallocate()
        bytes = larger
        byteCapacity = capacity
    }

    func growEntries() {
        let larger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
        larger.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = larger
        entryCapacity *= 2
    }
}

/// Appends tokens to a ``TokenList`` through local copies of its counts and memory, written back
/// by ``finish()`` (so that the hot loop keeps them in registers rather than in the list).
struct TokenWriter {
    private let list: TokenList
    private let bytes: UnsafeMutablePointer<UInt8>
    private var byteCount: Int
    private var entries: UnsafeMutablePointer<TokenList.Entry>
    private var count: Int
    private var capacity: Int

    init(_ list: TokenList) {
        self.list = list
        (bytes, byteCount) = (list.bytes, list.byteCount)
        (entries, count, capacity) = (list.entries, list.count, list.entryCapacity)
    }

    /// Where the next token's normalized text goes (room reserved by
    /// ``TokenList/reserveBytes(_:)``).
    @inline(__always)
    var next: UnsafeMutablePointer<UInt8> { bytes + byteCount }

    /// Adds the token whose `length` bytes of normalized text were written at ``next``.
    @inline(__always)
    mutating func endToken(_ kind: TokenKind, length: Int, source: Range<Int>) {
        if count == capacity {
            finish()
            list.growEntries()
            entries = list.entries
            capacity = list.entryCapacity
        }
        // `length` is never negative: the range needs no check of its bounds.
        (entries + count).initialize(to: TokenList.Entry(
            kind: kind, normalized: Range(uncheckedBounds: (byteCount, byteCount &+ length)), source: source))
        count &+= 1
        byteCount &+= length
    }

    /// Adds a token whose normalized text is `base[source]` as written.
    @inline(__always)
    mutating func append(_ kind: TokenKind, copying base: UnsafePointer<UInt8>, _ source: Range<Int>) {
        next.update(from: base + source.lowerBound, count: source.count)
        endToken(kind, length: source.count, source: source)
    }

    /// Writes the counts back to the list.
    func finish() {
        list.count = count
        list.byteCount = byteCount
    }
}
