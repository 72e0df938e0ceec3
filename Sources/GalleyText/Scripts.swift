/// Writing systems of Unicode scalars, as the text stages need them.
public enum Script: String, Sendable, CaseIterable {
    case han, hiragana, katakana, hangul, latin, cyrillic, greek, arabic, hebrew, thai, devanagari
    case other

    /// The script of a letter or ideograph; `.other` for digits, punctuation and spaces.
    @inlinable
    public init(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2EBEF, 0xF900...0xFAFF, 0x3007:
            self = .han
        case 0x3041...0x309F: self = .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: self = .katakana
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: self = .hangul
        case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F, 0x1E00...0x1EFF, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            self = value == 0xD7 || value == 0xF7 ? .other : .latin
        case 0x0400...0x04FF, 0x0500...0x052F: self = .cyrillic
        case 0x0370...0x03FF, 0x1F00...0x1FFF: self = .greek
        case 0x0600...0x06FF, 0x0750...0x077F: self = .arabic
        case 0x0590...0x05FF: self = .hebrew
        case 0x0E00...0x0E7F: self = .thai
        case 0x0900...0x097F: self = .devanagari
        default: self = .other
        }
    }

    /// Han, kana or hangul: scripts written without spaces between words (hangul aside).
    @inlinable
    public var isCJK: Bool {
        switch self {
        case .han, .hiragana, .katakana, .hangul: true
        default: false
        }
    }
}

extension Unicode.Scalar {
    /// `properties.isAlphabetic`, answered for ASCII without the Unicode property tables.
    @inlinable
    public var isAlphabetic: Bool {
        value < 0x80 ? (value | 0x20) &- 0x61 < 26 : properties.isAlphabetic
    }

    /// `properties.isUppercase`, answered for ASCII without the Unicode property tables.
    @inlinable
    public var isUppercase: Bool {
        value < 0x80 ? value &- 0x41 < 26 : properties.isUppercase
    }

    /// `properties.isLowercase`, answered for ASCII without the Unicode property tables.
    @inlinable
    public var isLowercase: Bool {
        value < 0x80 ? value &- 0x61 < 26 : properties.isLowercase
    }

    /// Han ideographs, kana and hangul syllables.
    @inlinable
    public var isCJKLetter: Bool { Script(self).isCJK }

    /// CJK and full-width punctuation (`，。、；：？！“”‘’（）《》【】…—`).
    @inlinable
    public var isCJKPunctuation: Bool {
        switch value {
        case 0x3000...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
             0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x00B7, 0x2027:
            true
        default:
            false
        }
    }
}
