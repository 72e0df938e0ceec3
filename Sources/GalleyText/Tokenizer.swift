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
        let decoded = DecodedText(text)
        forEachToken(in: decoded, scalars: 0..<decoded.scalars.count, body)
    }

    /// Calls `body` with every token of the scalars `range` of a decoded text, as if that range
    /// were the whole text (tokens never reach past it): its kind, its normalized text as UTF-8
    /// (valid only during the call) and where it is in the text as UTF-8 offsets. For callers
    /// that split the text first (``SentenceSplitter/sentenceRanges(in:)``) and tokenize its
    /// sentences without decoding them again.
    public func forEachToken(
        in text: DecodedText, scalars range: Range<Int>,
        _ body: (TokenKind, UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        text.scalars.withUnsafeBufferPointer { scalars in
            text.utf8Offsets.withUnsafeBufferPointer { offsets in
                // Tokens start in a buffer on the stack; a longer one moves to the heap.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { stack in
                    var bytes = ByteScratch(stack)
                    defer { bytes.release() }
                    forEachToken(scalars, offsets, range, &bytes, body)
                }
            }
        }
    }

    private func forEachToken(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ offsets: UnsafeBufferPointer<Int>, _ range: Range<Int>,
        _ bytes: inout ByteScratch, _ body: (TokenKind, UnsafeBufferPointer<UInt8>, Range<Int>) -> Void
    ) {
        let count = range.upperBound
        var index = range.lowerBound
        while index < count {
            let scalar = scalars[index]
            if scalar.value >= 0x80, Self.isIdeograph(scalar) {
                var runEnd = index + 1
                while runEnd < count, scalars[runEnd].value >= 0x80, Self.isIdeograph(scalars[runEnd]) { runEnd += 1 }
                // Characters, or bigrams (a character alone in its run stays a character).
                let width = cjk == .characters || runEnd - index == 1 ? 1 : 2
                for position in index...(runEnd - width) {
                    bytes.removeAll()
                    for offset in position..<(position + width) { bytes.append(scalars[offset]) }
                    body(.ideograph, bytes.buffer, offsets[position]..<offsets[position + width])
                }
                index = runEnd
                continue
            }
            guard Self.isWordScalar(scalar) else {
                index += 1
                continue
            }
            let start = index
            bytes.removeAll()
            var last: Unicode.Scalar?
            var hasLetter = false
            var cursor = index
            while cursor < count {
                // A run of ASCII letters and digits (most of a Latin-script word), in one tight loop.
                let run = bytes.appendASCIIWord(scalars, from: cursor, end: count)
                if run.end > cursor {
                    hasLetter = hasLetter || run.hasLetter
                    last = bytes.lastScalar
                    cursor = run.end
                    guard cursor < count else { break }
                }
                let current = scalars[cursor]
                if !current.isASCII, Self.isWordScalar(current), !Self.isIdeograph(current) {
                    let folded = Self.fold(current)
                    if let ascii = Self.asciiWordScalar(folded) {
                        hasLetter = hasLetter || ascii.value >= 0x61
                        bytes.append(byte: UInt8(truncatingIfNeeded: ascii.value))
                        last = ascii
                    } else {
                        hasLetter = true
                        if folded.properties.changesWhenLowercased {
                            for byte in folded.properties.lowercaseMapping.utf8 { bytes.append(byte: byte) }
                        } else {
                            bytes.append(folded)
                        }
                        last = folded
                    }
                    cursor += 1
                    continue
                }
                // Joiners inside a token: `don't`, `1.13`, `464,000`.
                let following = cursor + 1
                guard following < count, let last else { break }
                let nextScalar = Self.fold(scalars[following])
                let isApostrophe = (current == "'" || current == "’") && last.properties.isAlphabetic
                    && nextScalar.properties.isAlphabetic && !Self.isIdeograph(nextScalar)
                let isNumberJoiner = (current == "." || current == ",") && Self.isDigit(last) && Self.isDigit(nextScalar)
                guard isApostrophe || isNumberJoiner else { break }
                bytes.append(byte: current == "." ? 0x2E : current == "," ? 0x2C : 0x27)
                cursor = following
            }
            body(hasLetter ? .word : .number, bytes.buffer, offsets[start]..<offsets[cursor])
            index = cursor
        }
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return asciiWordScalar(scalar) != nil }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType == .decimal
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

    /// Han and kana, which the tokenizer splits into characters or bigrams.
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
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

/// A growable byte buffer for the token being built, reused for every token of a call (without
/// the uniqueness checks of an `Array` in the inner loop). It starts in memory it is given and
/// moves to memory of its own when that is too small.
private struct ByteScratch {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var ownsMemory = false
    private(set) var count = 0

    init(_ initial: UnsafeMutableBufferPointer<UInt8>) {
        base = initial.baseAddress!
        capacity = initial.count
    }

    /// The bytes so far, valid until the next change.
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    /// The last byte as a scalar (ASCII), when the last thing appended was an ASCII byte.
    var lastScalar: Unicode.Scalar { Unicode.Scalar(base[count - 1]) }

    /// Appends the ASCII letters (lower-cased) and digits of `scalars[start..<end]` up to the
    /// first other scalar; returns where that is and whether a letter was appended.
    @inline(__always)
    mutating func appendASCIIWord(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, end: Int
    ) -> (end: Int, hasLetter: Bool) {
        var cursor = start
        var written = count
        var letter = false
        while cursor < end {
            let value = scalars[cursor].value
            // `| 0x20` folds `A`…`Z` onto `a`…`z` and moves nothing else into that range.
            let lower = value | 0x20
            let isLetter = lower &- 0x61 < 26
            guard isLetter || value &- 0x30 < 10 else { break }
            if written == capacity {
                count = written
                grow()
            }
            base[written] = UInt8(truncatingIfNeeded: isLetter ? lower : value)
            letter = letter || isLetter
            written += 1
            cursor += 1
        }
        count = written
        return (cursor, letter)
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        if count == capacity { grow() }
        base[count] = byte
        count += 1
    }

    /// Appends the UTF-8 of `scalar`.
    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar) {
        if count + 4 > capacity { grow() }
        count = String.encodeUTF8(scalar, into: UnsafeMutableBufferPointer(start: base, count: capacity), at: count)
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.initialize(from: base, count: count)
        if ownsMemory { base.deallocate() }
        base = larger
        capacity *= 2
        ownsMemory = true
    }

    func release() {
        if ownsMemory { base.deallocate() }
    }
}
