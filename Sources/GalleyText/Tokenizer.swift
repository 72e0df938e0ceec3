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
        forEachToken(in: text) { kind, bytes, range in
            tokens.append(Token(text: String(decoding: bytes, as: UTF8.self), kind: kind, range: range))
        }
        return tokens
    }

    /// Calls `body` with every token in order: its kind, its normalized text as UTF-8 (valid only
    /// during the call) and its range. The same tokens as ``tokens(in:)`` without making a
    /// `String` for each, for hot loops that hash or count them.
    public func forEachToken(
        in text: String, _ body: (TokenKind, UnsafeBufferPointer<UInt8>, Range<String.Index>) -> Void
    ) {
        let view = text.unicodeScalars
        var index = view.startIndex
        var cjkRun: [(Unicode.Scalar, String.Index)] = []
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        func emit(_ kind: TokenKind, _ range: Range<String.Index>) {
            bytes.withUnsafeBufferPointer { body(kind, $0, range) }
        }
        func emitIdeographs(_ first: Unicode.Scalar, _ second: Unicode.Scalar?, _ range: Range<String.Index>) {
            bytes.removeAll(keepingCapacity: true)
            UTF8.encode(first) { bytes.append($0) }
            if let second { UTF8.encode(second) { bytes.append($0) } }
            emit(.ideograph, range)
        }
        func flushCJK(_ end: String.Index) {
            defer { cjkRun.removeAll(keepingCapacity: true) }
            if cjk == .characters || cjkRun.count == 1 {
                for (offset, (scalar, start)) in cjkRun.enumerated() {
                    let upper = offset + 1 < cjkRun.count ? cjkRun[offset + 1].1 : end
                    emitIdeographs(scalar, nil, start..<upper)
                }
                return
            }
            for offset in 0..<(cjkRun.count - 1) {
                let upper = offset + 2 < cjkRun.count ? cjkRun[offset + 2].1 : end
                emitIdeographs(cjkRun[offset].0, cjkRun[offset + 1].0, cjkRun[offset].1..<upper)
            }
        }
        while index < view.endIndex {
            let scalar = view[index]
            if !scalar.isASCII, Self.isIdeograph(scalar) {
                cjkRun.append((scalar, index))
                index = view.index(after: index)
                continue
            }
            if !cjkRun.isEmpty { flushCJK(index) }
            guard Self.isWordScalar(scalar) else {
                index = view.index(after: index)
                continue
            }
            let start = index
            bytes.removeAll(keepingCapacity: true)
            var last: Unicode.Scalar?
            var hasLetter = false
            var cursor = index
            while cursor < view.endIndex {
                let current = view[cursor]
                if let folded = Self.asciiWordScalar(current) {
                    hasLetter = hasLetter || folded.value >= 0x61
                    bytes.append(UInt8(folded.value))
                    last = folded
                    cursor = view.index(after: cursor)
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
                    cursor = view.index(after: cursor)
                    continue
                }
                // Joiners inside a token: `don't`, `1.13`, `464,000`.
                let following = view.index(after: cursor)
                guard following < view.endIndex, let last else { break }
                let nextScalar = Self.fold(view[following])
                let isApostrophe = (current == "'" || current == "’") && last.properties.isAlphabetic
                    && nextScalar.properties.isAlphabetic && !Self.isIdeograph(nextScalar)
                let isNumberJoiner = (current == "." || current == ",") && Self.isDigit(last) && Self.isDigit(nextScalar)
                guard isApostrophe || isNumberJoiner else { break }
                bytes.append(current == "." ? 0x2E : current == "," ? 0x2C : 0x27)
                cursor = following
            }
            emit(hasLetter ? .word : .number, start..<cursor)
            index = cursor
        }
        if !cjkRun.isEmpty { flushCJK(view.endIndex) }
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
