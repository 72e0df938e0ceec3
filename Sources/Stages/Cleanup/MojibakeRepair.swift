import GalleyText

/// Repairs mojibake: text that was UTF-8 but was decoded with a single-byte code page
/// (Latin-1, Windows-1252, -1251, -1250, -1253, -1254, -1257, ISO-8859-2, MacRoman, CP437),
/// once or several times over (`cafÃ©` → `café`, `â€œquotedâ€` → `“quoted”`,
/// `ÄŒeÅ¡tina` → `Čeština`).
///
/// The repair works line by line and sequence by sequence, in the spirit of ftfy's documented
/// heuristics: in each line it finds the runs of characters that, mapped back to bytes through
/// a code page, form valid UTF-8 sequences; it keeps a decoded sequence only when the result
/// is plausible where it stands (a Cyrillic letter next to Cyrillic letters, an accented Latin
/// letter, a quotation mark — not an IPA letter, a lone Hebrew letter in English text or a
/// hangul syllable glued to a Latin word); and it changes a line only when at least one
/// sequence is strong evidence (a three- or four-byte sequence, `Ã`/`Â` followed by a
/// continuation, a C1 control character, a run of decoded non-Latin letters). Text that is
/// already right (`Gàidhlig`, `naïve`, `MARQUÉ…`, `Ελληνικά`) has no such sequences and is
/// left alone. Remaining C1 control characters are read as Windows-1252 (`\u{93}` → `“`).
///
/// Every step is a single left-to-right scan, so the work is linear in the length of a line.
struct MojibakeRepair: Sendable {
    /// One code page: the byte of each character of its upper half.
    struct Charset: Sendable {
        let name: String
        let bytes: [UInt32: UInt8]
        /// Whether the page puts NO-BREAK SPACE at 0xA0 (so a space may stand for a lost 0xA0).
        let nbspAtA0: Bool
        /// MacRoman: its letters are plausible in so many contexts that a sequence must follow a letter.
        let needsLetterBefore: Bool

        init(name: String, upperHalf: [UInt32], needsLetterBefore: Bool = false) {
            self.name = name
            var bytes: [UInt32: UInt8] = [:]
            for (index, value) in upperHalf.enumerated() {
                let byte = UInt8(0x80 + index)
                if value != 0 { bytes[value] = byte }
                // Sloppy decoding: an undefined byte (and, for Latin-1, any byte 0x80–0x9F) shows
                // up as the C1 control character of the same number.
                if byte < 0xA0 && bytes[UInt32(byte)] == nil { bytes[UInt32(byte)] = byte }
            }
            self.bytes = bytes
            var flat = [UInt8](repeating: 0, count: Int(Self.flatLimit))
            for (scalar, byte) in bytes where scalar < Self.flatLimit { flat[Int(scalar)] = byte }
            self.flat = flat
            self.nbspAtA0 = upperHalf[0x20] == 0xA0
            self.needsLetterBefore = needsLetterBefore
        }

        /// The bytes of scalars below `flatLimit` in an array (0: not in the page), for speed.
        let flat: [UInt8]
        static let flatLimit: UInt32 = 0x2600

        /// The byte of a non-ASCII scalar in this page.
        @inline(__always) func upperByte(_ value: UInt32) -> UInt8? {
            if value < Self.flatLimit {
                let byte = flat[Int(value)]
                return byte == 0 ? nil : byte
            }
            return value >= 0xF8FF ? bytes[value] : nil
        }

        @inline(__always) func byte(_ scalar: Unicode.Scalar) -> UInt8? {
            scalar.value < 0x80 ? UInt8(scalar.value) : upperByte(scalar.value)
        }
    }

    static let charsets: [Charset] = [
        Charset(name: "windows-1252", upperHalf: SingleByteCharsets.windows1252),
        Charset(name: "windows-1251", upperHalf: SingleByteCharsets.windows1251),
        Charset(name: "windows-1250", upperHalf: SingleByteCharsets.windows1250),
        Charset(name: "windows-1253", upperHalf: SingleByteCharsets.windows1253),
        Charset(name: "windows-1254", upperHalf: SingleByteCharsets.windows1254),
        Charset(name: "windows-1257", upperHalf: SingleByteCharsets.windows1257),
        Charset(name: "iso-8859-2", upperHalf: SingleByteCharsets.iso8859_2),
        Charset(name: "macroman", upperHalf: SingleByteCharsets.macRoman, needsLetterBefore: true),
        Charset(name: "cp437", upperHalf: SingleByteCharsets.cp437),
    ]

    /// For scalars below 0x2600: a bit for each code page in which the scalar is a UTF-8 lead
    /// byte (0xC2–0xF4); bit 15 for C1 control characters.
    static let leadTable: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 0x2600)
        for (number, charset) in charsets.enumerated() {
            for (scalar, byte) in charset.bytes where byte >= 0xC2 && byte <= 0xF4 && scalar < 0x2600 {
                table[Int(scalar)] |= 1 << UInt16(number)
            }
        }
        for value in 0x80...0x9F { table[value] |= 1 << 15 }
        return table
    }()

    static let allCharsets: UInt16 = (1 << UInt16(charsets.count)) - 1

    /// For scalars below 0x2600: a bit for each code page in which the scalar is a UTF-8
    /// continuation byte (0x80–0xBF).
    static let continuationTable: [UInt16] = bitTable { $0 >= 0x80 && $0 <= 0xBF }
    /// For scalars below 0x2600: a bit for each code page in which the scalar is a two-byte lead
    /// (0xC2–0xDF) and 0xA0 is a no-break space, so that a space after it may be a lost 0xA0.
    static let spaceLeadTable: [UInt16] = {
        var table = bitTable { $0 >= 0xC2 && $0 <= 0xDF }
        for (number, charset) in charsets.enumerated() where !charset.nbspAtA0 {
            for index in table.indices { table[index] &= ~(1 << UInt16(number)) }
        }
        return table
    }()
    /// The same bits for scalars at or above 0x2600 that are in some code page.
    static let highLeadBits: [UInt32: UInt16] = highBits { $0 >= 0xC2 && $0 <= 0xF4 }
    static let highContinuationBits: [UInt32: UInt16] = highBits { $0 >= 0x80 && $0 <= 0xBF }
    static let highSpaceLeadBits: [UInt32: UInt16] = highBits { $0 >= 0xC2 && $0 <= 0xDF }

    static func bitTable(_ byteMatches: (UInt8) -> Bool) -> [UInt16] {
        var table = [UInt16](repeating: 0, count: 0x2600)
        for (number, charset) in charsets.enumerated() {
            for (scalar, byte) in charset.bytes where byteMatches(byte) && scalar < 0x2600 {
                table[Int(scalar)] |= 1 << UInt16(number)
            }
        }
        return table
    }

    static func highBits(_ byteMatches: (UInt8) -> Bool) -> [UInt32: UInt16] {
        var bits: [UInt32: UInt16] = [:]
        for (number, charset) in charsets.enumerated() {
            for (scalar, byte) in charset.bytes where byteMatches(byte) && scalar >= 0x2600 {
                bits[scalar, default: 0] |= 1 << UInt16(number)
            }
        }
        return bits
    }

    /// The code pages in which `lead` is a lead character.
    @inline(__always) static func leadBits(_ lead: UInt32) -> UInt16 {
        lead < 0x2600 ? leadTable[Int(lead)] & allCharsets : (lead >= 0xF8FF ? highLeadBits[lead] ?? 0 : 0)
    }

    /// The code pages in which `lead` followed by `next` may start a UTF-8 sequence: `next` is a
    /// continuation byte there, a replacement character (a lost byte), or a space that may
    /// stand for a lost no-break space after a two-byte lead.
    @inline(__always) static func mayStartSequence(_ lead: UInt32, _ next: UInt32) -> UInt16 {
        let bits = leadBits(lead)
        if bits == 0 { return 0 }
        if next == 0xFFFD { return bits }
        if next == 0x20 {
            return bits & (lead < 0x2600 ? spaceLeadTable[Int(lead)] : highSpaceLeadBits[lead] ?? 0)
        }
        if next < 0x80 { return 0 }
        return bits & (next < 0x2600 ? continuationTable[Int(next)] : highContinuationBits[next] ?? 0)
    }

    /// The code pages in which the line has a lead character followed by something that can
    /// continue its sequence: the only pages `findCandidates` can find anything in. One cheap
    /// pass that spares most lines (`ﬁnance`, `“引号”`) the search.
    static func candidateMask(_ line: [Unicode.Scalar]) -> UInt16 {
        var mask: UInt16 = 0
        var index = 0
        let last = line.count - 1
        while index < last {
            let value = line[index].value
            if value >= 0x80 { mask |= mayStartSequence(value, line[index + 1].value) }
            index += 1
        }
        return mask
    }

    /// Which code pages have a lead character in the line (bit per page; bit 15: C1 controls).
    static func leadMask<S: Sequence>(_ scalars: S) -> UInt16 where S.Element == Unicode.Scalar {
        var mask: UInt16 = 0
        let table = leadTable
        for scalar in scalars {
            let value = scalar.value
            if value < 0x80 { continue }
            if value < 0x2600 {
                mask |= table[Int(value)]
            } else if value >= 0xF8FF && highLeads.contains(value) {
                mask |= allCharsets
            }
        }
        return mask
    }

    /// Scalars at or above 0x2600 that are a lead byte somewhere (MacRoman's ﬁ ﬂ and Apple logo).
    static let highLeads: Set<UInt32> = {
        var set = Set<UInt32>()
        for charset in charsets {
            for (scalar, byte) in charset.bytes where byte >= 0xC2 && byte <= 0xF4 && scalar >= 0x2600 {
                set.insert(scalar)
            }
        }
        return set
    }()

    /// Whether a line may hold mojibake at all: a possible lead character or a C1 control.
    /// Most lines (ASCII, CJK) are rejected here in one cheap pass.
    static func mayContainMojibake<S: Sequence>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
        leadMask(scalars) != 0
    }

    /// A decoded sequence proposed for a line.
    struct Candidate {
        var start: Int
        var end: Int            // exclusive, in the line's scalars
        var decoded: [Unicode.Scalar]
        var byteCount: Int
        var strong: Bool
        var spaceAfter: Bool    // `Ã` + space read as `à` + space
    }

    /// Repairs one line; returns the repaired scalars and the number of sequences fixed,
    /// or nil when the line is left as it is.
    func repair(line: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], fixed: Int)? {
        var current = line
        var fixed = 0
        // Text may have been mis-decoded more than once: undo one layer at a time.
        for _ in 0..<4 {
            let mask = Self.candidateMask(current)
            guard mask != 0 else { break }
            var best: [Candidate] = []
            var bestBytes = 0
            for (number, charset) in Self.charsets.enumerated() where mask & (1 << UInt16(number)) != 0 {
                let accepted = Self.acceptedCandidates(in: current, charset: charset)
                let bytes = accepted.reduce(0) { $0 + $1.byteCount }
                if bytes > bestBytes {
                    best = accepted
                    bestBytes = bytes
                }
            }
            if best.isEmpty { break }
            current = Self.apply(best, to: current)
            fixed += best.count
        }
        // A line that still reads as mojibake after every layer undone is a hopeless garble:
        // leave it as it came rather than half-repaired.
        if fixed > 0 && Self.candidateMask(current) & 1 != 0
            && Self.findCandidates(in: current, charset: Self.charsets[0]).count >= 2 { return nil }
        let c1 = Self.fixC1Controls(&current)
        fixed += c1
        return fixed > 0 ? (current, fixed) : nil
    }

    static func apply(_ candidates: [Candidate], to line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(line.count)
        var position = 0
        for candidate in candidates {
            output.append(contentsOf: line[position..<candidate.start])
            output.append(contentsOf: candidate.decoded)
            if candidate.spaceAfter { output.append(" ") }
            position = candidate.end
        }
        output.append(contentsOf: line[position...])
        return output
    }

    /// C1 control characters left over are Windows-1252 characters decoded as Latin-1.
    static func fixC1Controls(_ line: inout [Unicode.Scalar]) -> Int {
        var count = 0
        for index in line.indices {
            let value = line[index].value
            guard value >= 0x80 && value <= 0x9F else { continue }
            let mapped = SingleByteCharsets.windows1252[Int(value - 0x80)]
            if mapped != 0, let scalar = Unicode.Scalar(mapped) {
                line[index] = scalar
                count += 1
            }
        }
        return count
    }

    // MARK: - Finding and judging sequences

    static func acceptedCandidates(in line: [Unicode.Scalar], charset: Charset) -> [Candidate] {
        var candidates = findCandidates(in: line, charset: charset)
        if candidates.isEmpty { return [] }
        // Judge each sequence where it stands, with its decoded neighbours in place.
        var keep = [Bool](repeating: true, count: candidates.count)
        for index in candidates.indices {
            if !isPlausible(candidates, index, in: line, charset: charset) { keep[index] = false }
        }
        var strong = 0
        for index in candidates.indices where keep[index] {
            if candidates[index].strong || isStrongInContext(candidates, index, in: line) { strong += 1 }
        }
        candidates = candidates.indices.filter { keep[$0] }.map { candidates[$0] }
        if strong == 0 { return [] }
        // A line that also holds correct characters of the same code page is inconsistent
        // evidence: demand more than one strong sequence before touching it.
        if strong < 2 && hasStrayUpperHalfCharacters(line, candidates: candidates, charset: charset) { return [] }
        return candidates
    }

    static func hasStrayUpperHalfCharacters(_ line: [Unicode.Scalar], candidates: [Candidate], charset: Charset) -> Bool {
        var next = 0
        var index = 0
        while index < line.count {
            if next < candidates.count && candidates[next].start == index {
                index = candidates[next].end
                next += 1
                continue
            }
            let value = line[index].value
            if value >= 0xA1 && charset.upperByte(value) != nil { return true }
            index += 1
        }
        return false
    }

    static func findCandidates(in line: [Unicode.Scalar], charset: Charset) -> [Candidate] {
        var candidates: [Candidate] = []
        var index = 0
        let count = line.count
        while index < count {
            let scalar = line[index]
            guard scalar.value >= 0x80, let lead = charset.upperByte(scalar.value), lead >= 0xC2, lead <= 0xF4 else {
                index += 1
                continue
            }
            if charset.needsLetterBefore && (index == 0 || !line[index - 1].properties.isAlphabetic) {
                index += 1
                continue
            }
            if let candidate = decodeSequence(in: line, at: index, lead: lead, charset: charset) {
                candidates.append(candidate)
                index = candidate.end
            } else {
                index += 1
            }
        }
        return candidates
    }

    /// Reads the continuation bytes after a lead at `start` and decodes them.
    static func decodeSequence(in line: [Unicode.Scalar], at start: Int, lead: UInt8, charset: Charset) -> Candidate? {
        let needed = lead < 0xE0 ? 1 : (lead < 0xF0 ? 2 : 3)
        var bytes: [UInt8] = [lead]
        var lossy = false
        var usedSpace = false
        var hasC1 = false
        var position = start + 1
        for _ in 0..<needed {
            guard position < line.count else { return nil }
            let scalar = line[position]
            if scalar.value == 0xFFFD {
                lossy = true
                bytes.append(0x80)
            } else if scalar == " " && charset.nbspAtA0 && bytes.count == 1 && needed == 1 {
                usedSpace = true
                bytes.append(0xA0)
            } else if scalar.value >= 0x80, let byte = charset.upperByte(scalar.value), byte >= 0x80, byte <= 0xBF {
                if scalar.value <= 0x9F { hasC1 = true }
                bytes.append(byte)
            } else {
                return nil
            }
            position += 1
        }
        // Check the shape of the sequence (no overlong forms, no code points past U+10FFFF).
        let second = bytes[1]
        switch lead {
        case 0xE0: if !lossy && second < 0xA0 { return nil }
        case 0xF0: if !lossy && second < 0x90 { return nil }
        case 0xF4: if !lossy && second > 0x8F { return nil }
        default: break
        }
        var value: UInt32
        switch needed {
        case 1: value = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[1] & 0x3F)
        case 2: value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[1] & 0x3F) << 6) | UInt32(bytes[2] & 0x3F)
        default:
            value = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[1] & 0x3F) << 12)
                | (UInt32(bytes[2] & 0x3F) << 6) | UInt32(bytes[3] & 0x3F)
        }
        var end = position
        var byteCount = bytes.count
        if !lossy && value >= 0xD800 && value <= 0xDFFF {
            // CESU-8: a surrogate pair written as two three-byte sequences.
            guard value <= 0xDBFF, end + 2 < line.count,
                  charset.byte(line[end]) == 0xED,
                  let b1 = charset.byte(line[end + 1]), b1 >= 0xB0, b1 <= 0xBF,
                  let b2 = charset.byte(line[end + 2]), b2 >= 0x80, b2 <= 0xBF
            else { return nil }
            let low = 0xD000 | (UInt32(b1 & 0x3F) << 6) | UInt32(b2 & 0x3F)
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            end += 3
            byteCount = 6
        }
        if lossy { value = 0xFFFD }
        guard let decoded = Unicode.Scalar(value) else { return nil }
        let first = line[start].value
        var strong = byteCount >= 3 || hasC1
        if first == 0xC3 || first == 0xC2 {
            // `Ã`/`Â` + continuation is the commonest mojibake of all, but `Â` before a
            // no-break space is also a plausible spelling in capitals.
            strong = strong || !(first == 0xC2 && (bytes[1] == 0xA0 || usedSpace))
        }
        var candidate = Candidate(start: start, end: end, decoded: [decoded], byteCount: byteCount,
                                  strong: strong, spaceAfter: false)
        if usedSpace {
            // A space standing for a lost 0xA0: `Ã ` is `à` and a space, unless a Portuguese
            // contraction (`àquele`, `às `) follows.
            candidate.strong = false
            if first == 0xC3 {
                let rest = String(scalars: line[end..<min(line.count, end + 6)])
                let contraction = ["quele", "quela", "quilo", "s "].contains { rest.hasPrefix($0) }
                candidate.spaceAfter = !contraction && end < line.count && line[end] != " "
                let before = start > 0 ? line[start - 1] : " "
                let beforeThat = start > 1 ? line[start - 2] : " "
                candidate.strong = isLowercaseLatin(before) || (before == " " && isLowercaseLatin(beforeThat))
            }
        }
        return candidate
    }

    static func isLowercaseLatin(_ scalar: Unicode.Scalar) -> Bool {
        Script(scalar) == .latin && scalar.properties.isLowercase
    }

    /// Whether the decoded sequence `index` makes sense next to its neighbours.
    static func isPlausible(_ candidates: [Candidate], _ index: Int, in line: [Unicode.Scalar], charset: Charset) -> Bool {
        let candidate = candidates[index]
        guard let decoded = candidate.decoded.first else { return false }
        let prevIsCandidate = index > 0 && candidates[index - 1].end == candidate.start
        let nextIsCandidate = index + 1 < candidates.count && candidates[index + 1].start == candidate.end
        let previous: Unicode.Scalar? = prevIsCandidate ? candidates[index - 1].decoded.last
            : (candidate.start > 0 ? line[candidate.start - 1] : nil)
        let next: Unicode.Scalar? = nextIsCandidate ? candidates[index + 1].decoded.first
            : (candidate.end < line.count ? line[candidate.end] : nil)
        let value = decoded.value
        let letterAfter = next.map { $0.properties.isAlphabetic } ?? false

        if value == 0xFFFD {
            return true  // a sequence that lost a byte; the line still needs strong evidence
        }
        if value >= 0x80 && value <= 0x9F {
            // An intermediate layer of doubly encoded text (`Â\u{81}` inside `ÃŒÂ\u{81}`).
            return prevIsCandidate || nextIsCandidate
        }
        if value < 0x20 || value == 0x7F { return false }
        if value >= 0x3100 && value <= 0x4DBF {
            // Bopomofo, kanbun, CJK compatibility and extension A: rare enough to need company.
            return prevIsCandidate || nextIsCandidate
        }
        if value >= 0xE000 && value <= 0xF8FF { return false }
        if value < 0x80 { return false }  // overlong forms are never meant
        let properties = decoded.properties
        switch properties.generalCategory {
        case .unassigned, .surrogate, .privateUse, .format, .control: return false
        default: break
        }
        // Symbols, punctuation and spaces (quotes, dashes, ©, €, ❤, emoji) fit anywhere.
        if !properties.isAlphabetic && !isMark(decoded) {
            if value >= 0x2B0 && value < 0x300 {
                // Spacing modifiers (ˆ ˇ ˘ ˛ ˜ ˝) only inside a run of repaired sequences.
                return prevIsCandidate || nextIsCandidate
            }
            if value == 0xA0 || value == 0xAD {
                return true
            }
            let first = line[candidate.start].value
            if candidate.byteCount == 2 && !(first == 0xC2 || first == 0xC3) {
                // Two-byte sequences from other leads (`É…`, `×”`) decode to rare letters or
                // to symbols only by accident; they need a repaired neighbour.
                return prevIsCandidate || nextIsCandidate || candidate.strong
            }
            return true
        }
        if isMark(decoded) {
            guard let previous, previous != " " else { return false }
            return true
        }
        // Latin letters: the accented letters of European languages and Vietnamese.
        if isCommonLatin(value) {
            if candidate.byteCount == 2, !(line[candidate.start].value == 0xC3 || line[candidate.start].value == 0xC2),
               isCommonTrailingPunctuation(line[candidate.start + 1]) {
                // `MARQUÉ…`: a capital and a trailing ellipsis or quote at the end of a word.
                return letterAfter || prevIsCandidate || nextIsCandidate
            }
            return true
        }
        if Script(decoded) == .latin || (value >= 0x250 && value < 0x300) {
            return false  // IPA and rare Latin letters (`É’` → `ɒ`, `É¡` → `ɡ`)
        }
        // Letters of other scripts: next to a letter of the same script, or standing alone
        // when the sequence is long enough not to be an accident.
        let family = scriptFamily(decoded)
        let sameBefore = previous.map { ($0.properties.isAlphabetic || isMark($0)) && scriptFamily($0) == family } ?? false
        let sameAfter = next.map { ($0.properties.isAlphabetic || isMark($0)) && scriptFamily($0) == family } ?? false
        if sameBefore || sameAfter { return true }
        let letterBefore = previous.map { $0.properties.isAlphabetic } ?? false
        if letterBefore || letterAfter { return false }
        return candidate.byteCount >= 3
    }

    /// Evidence from a two-byte sequence of a less common lead: an accented Latin letter whose
    /// second character is not punctuation that often ends a word, a combining mark on a
    /// character, or a letter of another script next to letters of the same script.
    static func isStrongInContext(_ candidates: [Candidate], _ index: Int, in line: [Unicode.Scalar]) -> Bool {
        let candidate = candidates[index]
        guard candidate.byteCount == 2, let decoded = candidate.decoded.first else { return false }
        let first = line[candidate.start]
        let second = line[candidate.start + 1]
        if isCommonLatin(decoded.value) || isMark(decoded) {
            // Two letters (`ÅØ` in `HÅØYA`) are a plausible spelling; a letter and a symbol are not.
            if first.properties.isAlphabetic && second.properties.isAlphabetic { return false }
            return !isCommonTrailingPunctuation(second) && second != " "
        }
        guard decoded.properties.isAlphabetic, Script(decoded) != .latin else { return false }
        let family = scriptFamily(decoded)
        let before = index > 0 && candidates[index - 1].end == candidate.start
            && candidates[index - 1].decoded.last.map { scriptFamily($0) == family } == true
        let after = index + 1 < candidates.count && candidates[index + 1].start == candidate.end
            && candidates[index + 1].decoded.first.map { scriptFamily($0) == family } == true
        return before || after
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    static func isCommonLatin(_ value: UInt32) -> Bool {
        switch value {
        case 0xC0...0xFF: value != 0xD7 && value != 0xF7
        case 0x100...0x17F: value != 0x13F && value != 0x140
        case 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1CD...0x1DC, 0x218...0x21B: true
        case 0x1E00...0x1EFF: true
        default: false
        }
    }

    static func isCommonTrailingPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2026, 0x2019, 0x201D, 0x201C, 0x2018, 0xBB, 0xAB, 0x2013, 0x2014, 0xB4, 0xA0, 0x2122: true
        default: false
        }
    }

    /// A coarse script family, good enough to tell whether two letters belong together.
    static func scriptFamily(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        switch value {
        case 0x370...0x3FF, 0x1F00...0x1FFF: return 0x10_0000
        case 0x400...0x52F: return 0x10_0001
        case 0x590...0x5FF: return 0x10_0002
        case 0x600...0x6FF, 0x750...0x77F: return 0x10_0003
        default:
            let script = Script(scalar)
            if script == .han || script == .hiragana || script == .katakana { return 0x10_0004 }
            if script == .hangul { return 0x10_0005 }
            if script == .latin { return 0x10_0006 }
            return value >> 7
        }
    }
}
