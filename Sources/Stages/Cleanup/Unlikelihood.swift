import GalleyText

/// How unlikely a line is as real text: a count of the character pairs that wrong decodings
/// produce and real writing almost never does. Zero for text in any script written correctly —
/// box-drawing art, accented capitals (`ÉCOLE`, `SÃO PAULO`), leetspeak, `Ã` or `â` standing
/// alone, math — so a repair judged by it never touches such text.
///
/// What counts, one point each:
/// - an accented Latin letter followed by a symbol of the Latin-1 or Windows-1252 upper half
///   (`Ã©`, `â€`, `Å‚`), the commonest trace of UTF-8 read as a single-byte code page;
/// - a lower-case letter or a symbol followed by an accented capital (`cafÃ`, `BĂź`, `≈Ç`):
///   capitals do not start in the middle of a word, nor right after a sign;
/// - a symbol between two letters (`Рµс`), except apostrophes, hyphens and the middle dot;
///   two symbols side by side next to a letter (`caf√©`, `√©tait`);
/// - letters of two alphabets touching (`StraГџe`, `Bront놔`), CJK next to Latin excepted, and
///   a one-letter word of another alphabet than the words around it (`allés Г l’hôtel`);
/// - a lower-case letter followed by a capital inside a Greek or Cyrillic word (`РЎСЉ`);
/// - a C1 control character (two points), a replacement character `�`, and characters that
///   real text rarely holds: IPA and spacing modifier letters, phonetic extensions, rare
///   Latin Extended-B letters, CJK Extension A, a combining mark after a space, a rare
///   combining diacritic (U+0340–036F), or a mark of one alphabet on a letter of another (a
///   Hebrew point on a Latin letter).
enum Unlikelihood {
    enum Kind: UInt8 {
        case space, asciiLetterLower, asciiLetterUpper, digit, asciiOther
        case latinLower, latinUpper       // accented Latin letters
        case symbol                       // Latin-1/1252 upper-half symbols, general punctuation, math, box drawing
        case quoteLike                    // apostrophes, quotes, dashes, ellipsis: fine after a word
        case letterLower, letterUpper, letterOther   // letters of other scripts
        case mark, control, replacement, other
    }

    static func kind(_ scalar: Unicode.Scalar) -> Kind {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x61 && value <= 0x7A { return .asciiLetterLower }
            if value >= 0x41 && value <= 0x5A { return .asciiLetterUpper }
            if value >= 0x30 && value <= 0x39 { return .digit }
            if value == 0x20 || value == 0x09 { return .space }
            return .asciiOther
        }
        if value <= 0x9F { return .control }
        if value == 0xA0 { return .space }
        if value <= 0xBF || value == 0xD7 || value == 0xF7 { return .symbol }
        if value <= 0xFF { return value <= 0xDE ? .latinUpper : .latinLower }
        if value == 0xFFFD { return .replacement }
        switch value {
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2013, 0x2014, 0x00AB, 0x00BB, 0x2039, 0x203A, 0x201A, 0x201E:
            return .quoteLike
        case 0x2000...0x2BFF, 0x2E00...0x2E7F, 0x0192, 0x02C6, 0x02DC, 0x02C7, 0x02D8...0x02DD:
            return .symbol
        default: break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .control, .format, .privateUse, .unassigned, .surrogate: return .control
        case .spaceSeparator: return .space
        default: break
        }
        if properties.isAlphabetic {
            if value < 0x250 || (value >= 0x1E00 && value <= 0x1EFF) {
                return properties.isUppercase ? .latinUpper : .latinLower
            }
            if properties.isUppercase { return .letterUpper }
            if properties.isLowercase { return .letterLower }
            return .letterOther
        }
        return .other
    }

    /// Characters that real text rarely holds but wrong decodings produce.
    static func isRare(_ value: UInt32) -> Bool {
        switch value {
        case 0x180...0x24F:
            // Latin Extended-B, but for the letters of Vietnamese, Romanian and pinyin.
            switch value {
            case 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1CD...0x1DC, 0x218...0x21B: return false
            default: return true
            }
        case 0x250...0x2AF, 0x2B0...0x2FF: return !(value == 0x2BC || value == 0x2C6 || value == 0x2DC)
        case 0x1D00...0x1DBF, 0x3400...0x4DBF, 0xA000...0xA4CF: return true
        default: return false
        }
    }

    static func isLetter(_ kind: Kind) -> Bool {
        switch kind {
        case .asciiLetterLower, .asciiLetterUpper, .latinLower, .latinUpper, .letterLower, .letterUpper, .letterOther: true
        default: false
        }
    }

    static func isLower(_ kind: Kind) -> Bool {
        kind == .asciiLetterLower || kind == .latinLower || kind == .letterLower
    }

    /// The alphabet of a letter, coarse: Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, Hangul, CJK, other.
    static func alphabet(_ scalar: Unicode.Scalar) -> UInt8 {
        let value = scalar.value
        switch value {
        case 0...0x24F, 0x1E00...0x1EFF, 0xFB00...0xFB06: return 1   // Latin, with its ligatures (`ﬁ`)
        case 0x370...0x3FF, 0x1F00...0x1FFF: return 2
        case 0x400...0x52F: return 3
        case 0x590...0x5FF: return 4
        case 0x600...0x6FF, 0x750...0x77F: return 5
        case 0xE00...0xE7F: return 6
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: return 7
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return 8
        default: return 9
        }
    }

    static func score<C: RandomAccessCollection>(_ line: C) -> Int where C.Element == Unicode.Scalar, C.Index == Int {
        var score = 0
        var previousKind = Kind.space
        var previousScalar: Unicode.Scalar = " "
        var beforePreviousKind = Kind.space
        for index in line.indices {
            let scalar = line[index]
            let kind = kind(scalar)
            if scalar.value < 0x80 && previousScalar.value < 0x80 {
                // Two ASCII characters: no rule looks at such a pair.
                beforePreviousKind = previousKind
                previousKind = kind
                previousScalar = scalar
                continue
            }
            switch kind {
            case .control: score += 2
            case .replacement: score += 1
            case .mark:
                // A mark on nothing, a mark of one alphabet (a Hebrew point, an Arabic vowel) on a
                // letter of another, or one of the rare combining diacritics (U+0340–036F:
                // deprecated tone marks, the Greek iota below, medieval superscript letters).
                // The marks of living orthographies (U+0300–033F) go on anything.
                let generic = scalar.value >= 0x300 && scalar.value <= 0x36F
                if previousKind == .space || (scalar.value >= 0x340 && scalar.value <= 0x36F)
                    || (!generic && isLetter(previousKind) && alphabet(previousScalar) != alphabet(scalar)) {
                    score += 1
                }
            default: break
            }
            if scalar.value >= 0x180 && isRare(scalar.value) { score += 1 }
            // Pairs.
            let previousAccented = previousKind == .latinLower || previousKind == .latinUpper
            if previousAccented && kind == .symbol { score += 1 }
            if isLower(previousKind) && kind == .latinUpper { score += 1 }
            if previousKind == .symbol && kind == .latinUpper { score += 1 }
            if (previousKind == .symbol || previousKind == .quoteLike) && isLetter(beforePreviousKind) && isLetter(kind)
                && !isWordInnerPunctuation(previousScalar) {
                score += 1
            }
            // Two symbols touching a letter (`caf√©`, `√©tait`): symbols come one at a time.
            if previousKind == .symbol && kind == .symbol
                && (isLetter(beforePreviousKind) || (index + 1 < line.endIndex && isLetter(Self.kind(line[index + 1])))) {
                score += 1
            }
            if isLetter(previousKind) && isLetter(kind) {
                let left = alphabet(previousScalar)
                let right = alphabet(scalar)
                if left != right && !(left == 8 || right == 8) && !(left == 1 && right == 1) { score += 1 }
                if left == right && (left == 2 || left == 3) && isLower(previousKind) && kind == .letterUpper { score += 1 }
            }
            beforePreviousKind = previousKind
            previousKind = kind
            previousScalar = scalar
        }
        return score + isolatedForeignLetters(line)
    }

    /// Letters standing alone (no letter on either side) whose alphabet is neither that of the
    /// nearest letter before them nor that of the nearest after (`allés Г l’hôtel`, `О— γρήγορη`):
    /// a one-letter word of another alphabet inside a sentence is a decoding's leftover.
    static func isolatedForeignLetters<C: RandomAccessCollection>(_ line: C) -> Int where C.Element == Unicode.Scalar, C.Index == Int {
        var score = 0
        var lastLetterAlphabet: UInt8 = 0
        var index = line.startIndex
        while index < line.endIndex {
            let scalar = line[index]
            if scalar.value < 0x80 {
                let folded = scalar.value | 0x20
                if folded >= 0x61 && folded <= 0x7A { lastLetterAlphabet = 1 }
                index += 1
                continue
            }
            guard isLetter(kind(scalar)) else {
                index += 1
                continue
            }
            let alphabet = alphabet(scalar)
            let before = index > line.startIndex ? line[index - 1] : " "
            let after = index + 1 < line.endIndex ? line[index + 1] : " "
            if scalar.value >= 0x80 && alphabet != 8 && !isLetter(kind(before)) && !isLetter(kind(after))
                && kind(before) != .mark && kind(after) != .mark {
                var nextAlphabet: UInt8 = 0
                var look = index + 1
                while look < line.endIndex && look <= index + 40 {
                    if isLetter(kind(line[look])) {
                        nextAlphabet = Self.alphabet(line[look])
                        break
                    }
                    look += 1
                }
                let differsBefore = lastLetterAlphabet != 0 && lastLetterAlphabet != alphabet
                let differsAfter = nextAlphabet != 0 && nextAlphabet != alphabet
                if (differsBefore || lastLetterAlphabet == 0) && (differsAfter || nextAlphabet == 0)
                    && (differsBefore || differsAfter) {
                    score += 1
                }
            }
            lastLetterAlphabet = alphabet
            index += 1
        }
        return score
    }

    /// Punctuation that sits inside words: apostrophes, the middle dot (`l·l`), hyphens.
    static func isWordInnerPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2019, 0x2018, 0xB7, 0x2010, 0x2011, 0x2027: true
        default: false
        }
    }
}
