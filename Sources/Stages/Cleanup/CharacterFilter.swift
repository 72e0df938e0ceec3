/// The character-level rules of `cleanup`, applied in one left-to-right pass: line endings,
/// control, invisible and private-use characters, ligatures and full-width ASCII. A control
/// character inside a word stood for a glyph the extraction could not map: it becomes U+FFFD
/// (counted as `controls_as_replacement`), never nothing.
struct CharacterFilter: Sendable {
    enum PrivateUse: String, CaseIterable, Sendable {
        /// News feeds mark paragraphs with private-use characters (U+E40C and the like).
        case paragraph, remove, keep
    }

    var removeControls = true
    var removeInvisible = true
    var privateUse = PrivateUse.paragraph
    var expandLigatures = true
    var halfwidthASCII = true

    struct Counts {
        var controls = 0
        /// Control characters that stood for a glyph (inside a word), replaced by U+FFFD.
        var glyphs = 0
        var invisible = 0
        var privateUse = 0
        var ligatures = 0
        var fullwidth = 0
    }

    /// Form feed: kept as a page break for the page-furniture rule, which removes it.
    static let formFeed: Unicode.Scalar = "\u{0C}"

    func filter(_ input: [Unicode.Scalar], counts: inout Counts) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(input.count)
        var index = 0
        let count = input.count
        while index < count {
            let scalar = input[index]
            let value = scalar.value
            index += 1
            if value >= 0x20 && value < 0x7F {
                output.append(scalar)
                continue
            }
            switch value {
            case 0x0A, 0x09, 0x0C:
                output.append(scalar)
            case 0x0D:
                // `\r\n` and a lone `\r` both end a line.
                if index < count && input[index] == "\n" { index += 1 }
                output.append("\n")
            case 0x00...0x1F, 0x7F...0x9F:
                if !removeControls {
                    output.append(scalar)
                } else if value != 0, value < 0x20, let previous = output.last, previous.properties.isAlphabetic,
                          index < count, input[index].properties.isAlphabetic {
                    // Inside a word (`e\u{0E}cient` from a PDF whose font mapped `ffi` to a
                    // control code) the control stood for a glyph: a visible U+FFFD keeps the
                    // trace of the lost letters.
                    counts.glyphs += 1
                    output.append("\u{FFFD}")
                } else {
                    counts.controls += 1
                }
            case 0x200B, 0x2060, 0xFEFF, 0x00AD, 0x180E:
                if removeInvisible { counts.invisible += 1 } else { output.append(scalar) }
            case 0xE000...0xF8FF, 0xF0000...0x10FFFF:
                switch privateUse {
                case .keep: output.append(scalar)
                case .remove: counts.privateUse += 1
                case .paragraph:
                    counts.privateUse += 1
                    output.append("\n")
                    output.append("\n")
                }
            case 0xFB00...0xFB06, 0x0149, 0x0132, 0x0133:
                if expandLigatures, let letters = Self.ligatures[value] {
                    counts.ligatures += 1
                    output.append(contentsOf: letters.unicodeScalars)
                } else {
                    output.append(scalar)
                }
            case 0xFF01...0xFF5E:
                guard halfwidthASCII, let ascii = Unicode.Scalar(value - 0xFEE0) else {
                    output.append(scalar)
                    continue
                }
                if Self.isAlphanumeric(ascii) {
                    counts.fullwidth += 1
                    output.append(ascii)
                } else if let previous = output.last, Self.isAlphanumeric(previous),
                          index < count, Self.isAlphanumeric(Self.halfwidth(input[index])),
                          Self.joinsAlphanumerics(ascii) {
                    // `１．５`, `Ｅ－ｍａｉｌ`: punctuation inside a Latin run or a number.
                    counts.fullwidth += 1
                    output.append(ascii)
                } else if ascii == "%", let previous = output.last, previous.properties.numericType != nil {
                    counts.fullwidth += 1
                    output.append(ascii)
                } else {
                    output.append(scalar)  // CJK punctuation: `，` `：` `（` stay
                }
            default:
                output.append(scalar)
            }
        }
        return output
    }

    static let ligatures: [UInt32: String] = [
        0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
        0x0149: "\u{2019}n", 0x0132: "IJ", 0x0133: "ij",
    ]

    @inline(__always) static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    @inline(__always) static func isAlphanumeric(_ value: UInt32) -> Bool {
        (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    @inline(__always) static func halfwidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value >= 0xFF01 && value <= 0xFF5E, let ascii = Unicode.Scalar(value - 0xFEE0) { return ascii }
        return scalar
    }

    /// ASCII punctuation that sits between letters or digits of one token.
    static func joinsAlphanumerics(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", "-", "/", ":", "_", "@", "&", "+", "'", "#", "*", "=": true
        default: false
        }
    }
}
