import GalleyText

/// A search over re-encodings of a line: for each single-byte code page that could have turned
/// UTF-8 into the line (Windows-1252 and Latin-1 with their sloppy variants, Windows-1250,
/// -1251, -1253, -1254, -1257, ISO-8859-2, MacRoman, CP437), encode the line's characters back
/// to bytes through that page and decode every well-formed UTF-8 sequence among them. A
/// candidate is taken only when it is clearly less unlikely as text (``Unlikelihood``) than
/// the line, and no other code page gives a different candidate as good: ambiguous text is left
/// as it is. Layers are undone one at a time (text mis-decoded twice or three times).
///
/// Lines that score zero are never searched, so text that is already right cannot be harmed.
enum CodePageSearch {
    struct Candidate {
        var line: [Unicode.Scalar]
        var fixed: Int
        /// Characters of the page's upper half left undecoded: inconsistent evidence.
        var stray: Bool
        /// Evidence enough to act on: two sequences or more, a sequence of three bytes or more,
        /// or one inside a word (`mÃ¡s`). A lone two-byte sequence among signs (`˜Â¯˘`) is not.
        var strong: Bool
    }

    /// The repaired line and the number of sequences decoded, or nil when it stays.
    static func repair(_ line: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], fixed: Int)? {
        var current = line
        var score = Unlikelihood.score(current)
        guard score > 0 else { return nil }
        var fixed = 0
        for _ in 0..<3 {
            let mask = MojibakeRepair.candidateMask(current)
            guard mask != 0 else { break }
            var best: (candidate: Candidate, score: Int)?
            var ambiguous = false
            for (number, charset) in MojibakeRepair.charsets.enumerated() where mask & (1 << UInt16(number)) != 0 {
                guard let candidate = decode(current, charset: charset) else { continue }
                let candidateScore = Unlikelihood.score(candidate.line)
                if let found = best {
                    if candidateScore < found.score {
                        best = (candidate, candidateScore)
                        ambiguous = false
                    } else if candidateScore == found.score && candidate.line != found.candidate.line {
                        ambiguous = true
                    }
                } else {
                    best = (candidate, candidateScore)
                }
            }
            guard let found = best, !ambiguous, found.candidate.strong else { break }
            // Clearly better: one point less; when the page leaves some of its characters
            // unexplained (inconsistent evidence), two points less and nothing unlikely left.
            guard score - found.score >= (found.candidate.stray ? 2 : 1),
                  !found.candidate.stray || found.score == 0 else { break }
            current = found.candidate.line
            score = found.score
            fixed += found.candidate.fixed
            if score == 0 { break }
        }
        return fixed > 0 ? (current, fixed) : nil
    }

    /// The line with every well-formed UTF-8 sequence among its bytes in `charset` decoded, or
    /// nil when there is none. A `�` where a continuation byte should be stands for a lost byte:
    /// the sequence decodes to `�`.
    static func decode(_ line: [Unicode.Scalar], charset: MojibakeRepair.Charset) -> Candidate? {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(line.count)
        var fixed = 0
        var stray = false
        var strong = false
        var index = 0
        let count = line.count
        while index < count {
            let scalar = line[index]
            let value = scalar.value
            if value < 0x80 {
                output.append(scalar)
                index += 1
                continue
            }
            if let lead = charset.upperByte(value), lead >= 0xC2, lead <= 0xF4,
               let (decoded, length) = sequence(line, at: index, lead: lead, charset: charset) {
                let letterBefore = index > 0 && line[index - 1].properties.isAlphabetic
                let letterAfter = index + length < count && line[index + length].properties.isAlphabetic
                if length >= 3 || (letterBefore && letterAfter) { strong = true }
                output.append(decoded)
                fixed += 1
                index += length
                continue
            }
            if value >= 0xA1 && value != 0xFFFD && charset.upperByte(value) != nil { stray = true }
            output.append(scalar)
            index += 1
        }
        return fixed > 0 ? Candidate(line: output, fixed: fixed, stray: stray, strong: strong || fixed >= 2) : nil
    }

    /// The scalar a sequence starting with `lead` at `start` decodes to, and how many
    /// characters of the line it spans.
    static func sequence(_ line: [Unicode.Scalar], at start: Int, lead: UInt8,
                         charset: MojibakeRepair.Charset) -> (Unicode.Scalar, Int)? {
        let needed = lead < 0xE0 ? 1 : (lead < 0xF0 ? 2 : 3)
        guard start + needed < line.count else { return nil }
        var value = UInt32(lead) & (needed == 1 ? 0x1F : (needed == 2 ? 0x0F : 0x07))
        var lossy = false
        var real = 0
        for offset in 1...needed {
            let scalar = line[start + offset]
            if scalar.value == 0xFFFD {
                lossy = true
                value <<= 6
                continue
            }
            guard scalar.value >= 0x80, let byte = charset.upperByte(scalar.value), byte >= 0x80, byte <= 0xBF else {
                return nil
            }
            if offset == 1 {
                // No overlong forms, no surrogates, nothing past U+10FFFF.
                switch lead {
                case 0xE0: if byte < 0xA0 { return nil }
                case 0xED: if byte > 0x9F { return nil }
                case 0xF0: if byte < 0x90 { return nil }
                case 0xF4: if byte > 0x8F { return nil }
                default: break
                }
            }
            real += 1
            value = value << 6 | UInt32(byte & 0x3F)
        }
        if lossy {
            return real > 0 || needed == 1 ? ("\u{FFFD}", needed + 1) : nil
        }
        guard let decoded = Unicode.Scalar(value) else { return nil }
        return (decoded, needed + 1)
    }
}
