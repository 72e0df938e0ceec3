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
        // Scalars and their UTF-8 offsets in arrays, for plain integer indexing in the loop.
        let (scalars, offsets) = SentenceSplitter.scalarsAndOffsets(text)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        func emit(_ kind: TokenKind, _ lower: Int, _ upper: Int) {
            bytes.withUnsafeBufferPointer { body(kind, $0, offsets[lower]..<offsets[upper]) }
        }
        func emitIdeographs(from lower: Int, count: Int) {
            bytes.removeAll(keepingCapacity: true)
            for position in lower..<(lower + count) { UTF8.encode(scalars[position]) { bytes.append($0) } }
            emit(.ideograph, lower, lower + count)
        }
        /// Emits the ideographs in `lower..<upper`: characters, or bigrams.
        func emitRun(_ lower: Int, _ upper: Int) {
            if cjk == .characters || upper - lower == 1 {
                for position in lower..<upper { emitIdeographs(from: position, count: 1) }
            } else {
                for position in lower..<(upper - 1) { emitIdeographs(from: position, count: 2) }
            }
        }
        let count = scalars.count
        var index = 0
        while index < count {
            let scalar = scalars[index]
            if !scalar.isASCII, Self.isIdeograph(scalar) {
                var runEnd = index + 1
                while runEnd < count, !scalars[runEnd].isASCII, Self.isIdeograph(scalars[runEnd]) { runEnd += 1 }
                emitRun(index, runEnd)
                index = runEnd
                continue
            }
            guard Self.isWordScalar(scalar) else {
                index += 1
                continue
            }
            let start = index
            bytes.removeAll(keepingCapacity: true)
            var last: Unicode.Scalar?
            var hasLetter = false
            var cursor = index
            while cursor < count {
                let current = scalars[cursor]
                if let folded = Self.asciiWordScalar(current) {
                    hasLetter = hasLetter || folded.value >= 0x61
                    bytes.append(UInt8(folded.value))
                    last = folded
                    cursor += 1
                    continue
                }
                if !current.isASCII, Self.isWordScalar(current), !Self.isIdeograph(current) {
                    let folded = Self.fold(current)
                    if let ascii = Self.asciiWordScalar(folded) {
                        hasLetter = hasLetter || ascii.value >= 0x61
                        bytes.append(UInt8(ascii.value))
                        last = ascii
                    } else {
                        hasLetter = true
                        if folded.properties.changesWhenLowercased {
                            bytes.append(contentsOf: folded.properties.lowercaseMapping.utf8)
                        } else {
                            UTF8.encode(folded) { bytes.append($0) }
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
                bytes.append(current == "." ? 0x2E : current == "," ? 0x2C : 0x27)
                cursor = following
            }
            emit(hasLetter ? .word : .number, start, cursor)
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
