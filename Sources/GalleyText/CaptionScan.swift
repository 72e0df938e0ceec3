/// Byte-level tests that tell, eight bytes at a time, that a paragraph cannot hold what
/// ``CaptionSignals`` looks for, so that the captions stage decodes only the paragraphs that may.
///
/// The tests are conservative: they may answer "may hold" for a paragraph that holds nothing,
/// never the other way round.
public enum CaptionScan {
    @usableFromInline static let lowBits: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of every byte of `word` that equals `byte`, and no other bit (no false
    /// positives, unlike the usual has-zero-byte trick).
    @inlinable @inline(__always)
    static func matching(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (lowBits &* UInt64(byte))
        // A byte of `x` is zero exactly when neither its low seven bits nor its high bit are set.
        let low = (x & ~highBits) &+ ~highBits
        return ~(low | x) & highBits
    }

    /// Whether `bytes[start..<end]` holds a scalar or a word that a credit or a picture sentence at
    /// the end of a paragraph needs (``CaptionSignals/trailingCredit(_:)`` and
    /// ``CaptionSignals/endsWithPictureSentence(_:)``): `摄`, `供`, `图`, `Photo` or `Credit`.
    /// Sequences that begin before `start` are seen when `bytes` holds them.
    @inlinable
    public static func mayHoldCreditWord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard let base = bytes.baseAddress, start < end else { return false }
        // 摄 E6 91 84, 供 E4 BE 9B, 图 E5 9B BE: one of 91 BE 9B is the second byte of each;
        // P and C open the words.
        var offset = start
        while offset + 8 <= end {
            let word = UTF8Scalars.word(base, at: offset)
            var hits = matching(word, 0x91) | matching(word, 0xBE) | matching(word, 0x9B)
                | matching(word, 0x50) | matching(word, 0x43)
            while hits != 0 {
                if holdsCreditWord(bytes, at: offset + hits.trailingZeroBitCount >> 3) { return true }
                hits &= hits &- 1
            }
            offset += 8
        }
        while offset < end {
            switch bytes[offset] {
            case 0x91, 0xBE, 0x9B, 0x50, 0x43: if holdsCreditWord(bytes, at: offset) { return true }
            default: break
            }
            offset += 1
        }
        return false
    }

    /// Whether the byte at `offset` is the second byte of `摄`, `供` or `图`, or opens `Photo` or `Credit`.
    @inlinable
    static func holdsCreditWord(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        @inline(__always) func byte(_ index: Int) -> UInt8 { index >= 0 && index < bytes.count ? bytes[index] : 0 }
        switch bytes[offset] {
        case 0x91: return byte(offset - 1) == 0xE6 && byte(offset + 1) == 0x84       // 摄
        case 0xBE: return byte(offset - 1) == 0xE4 && byte(offset + 1) == 0x9B       // 供
        case 0x9B: return byte(offset - 1) == 0xE5 && byte(offset + 1) == 0xBE       // 图
        case 0x50:                                                                    // Photo
            return byte(offset + 1) == 0x68 && byte(offset + 2) == 0x6F && byte(offset + 3) == 0x74 && byte(offset + 4) == 0x6F
        case 0x43:                                                                    // Credit
            return byte(offset + 1) == 0x72 && byte(offset + 2) == 0x65 && byte(offset + 3) == 0x64
                && byte(offset + 4) == 0x69 && byte(offset + 5) == 0x74
        default: return false
        }
    }

    /// Whether a line of `bytes[start..<end]` after the first may open with what `opens` accepts:
    /// it is given the two bytes after each `\n` (0 for a byte at or past `end`).
    @inlinable
    public static func hasLineOpening(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                      where opens: (UInt8, UInt8) -> Bool) -> Bool {
        guard let base = bytes.baseAddress, start < end else { return false }
        func opensLine(after offset: Int) -> Bool {
            opens(offset + 1 < end ? bytes[offset + 1] : 0, offset + 2 < end ? bytes[offset + 2] : 0)
        }
        var offset = start
        while offset + 8 <= end {
            var breaks = matching(UTF8Scalars.word(base, at: offset), 0x0A)
            while breaks != 0 {
                if opensLine(after: offset + breaks.trailingZeroBitCount >> 3) { return true }
                breaks &= breaks &- 1
            }
            offset += 8
        }
        while offset < end {
            if bytes[offset] == 0x0A, opensLine(after: offset) { return true }
            offset += 1
        }
        return false
    }

    /// Whether `bytes[start..<end]` holds a digit right before a colon (`Figure 2:`).
    @inlinable
    public static func hasDigitColon(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard let base = bytes.baseAddress, start < end else { return false }
        var offset = start + 1
        // Colons found eight bytes at a time; the byte before each is tested.
        while offset + 8 <= end {
            var hits = matching(UTF8Scalars.word(base, at: offset), 0x3A)
            while hits != 0 {
                let colon = offset + hits.trailingZeroBitCount >> 3
                if bytes[colon - 1] &- 0x30 < 10 { return true }
                hits &= hits &- 1
            }
            offset += 8
        }
        while offset < end {
            if bytes[offset] == 0x3A, bytes[offset - 1] &- 0x30 < 10 { return true }
            offset += 1
        }
        return false
    }
}
