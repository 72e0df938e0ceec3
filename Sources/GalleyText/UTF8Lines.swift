/// Line scanning over UTF-8 bytes, beside ``UTF8Scalars/decode(_:at:)``.
extension UTF8Scalars {
    /// Calls `body` with the start and end offset and the scalar count of every line of `bytes`
    /// (lines end at `\n`; the last line runs to the end, empty after a final `\n`).
    ///
    /// Reads eight bytes at a time: a line break is found and the continuation bytes are
    /// counted on whole words instead of byte by byte.
    @inlinable @inline(__always)
    public static func forEachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int, _ end: Int, _ scalars: Int) -> Void) {
        let count = bytes.count
        guard let base = bytes.baseAddress else {
            body(0, 0, 0)
            return
        }
        let raw = UnsafeRawPointer(base)
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var start = 0
        var offset = 0
        var continuations = 0
        while true {
            var found = -1
            while offset + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                // Bytes 10xxxxxx continue a sequence.
                let continuing = word & ~(word << 1) & highBits
                let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
                let breaks = (x &- 0x0101_0101_0101_0101) & ~x & highBits
                if breaks != 0 {
                    // The lowest flagged byte is the first `\n` (flags above it may be false).
                    let position = breaks.trailingZeroBitCount >> 3
                    if position > 0 {
                        continuations += (continuing & (UInt64.max >> (64 - 8 * position))).nonzeroBitCount
                    }
                    found = offset + position
                    break
                }
                continuations += continuing.nonzeroBitCount
                offset += 8
            }
            if found < 0 {
                while offset < count {
                    let byte = bytes[offset]
                    if byte == 0x0A {
                        found = offset
                        break
                    }
                    if byte & 0xC0 == 0x80 { continuations += 1 }
                    offset += 1
                }
            }
            guard found >= 0 else {
                body(start, count, count - start - continuations)
                return
            }
            body(start, found, found - start - continuations)
            start = found + 1
            offset = start
            continuations = 0
        }
    }

    /// Eight bytes from `offset` of `bytes` (which must have them), the first in the low byte.
    @inlinable @inline(__always)
    public static func word(_ bytes: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self))
    }

    /// How many of the eight bytes of `word` start a scalar (are not 10xxxxxx).
    @inlinable @inline(__always)
    public static func scalarStarts(in word: UInt64) -> Int {
        8 - (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
    }

    /// Where the last `count` scalars of the valid UTF-8 `bytes[start..<end]` begin (`start` when
    /// there are fewer): stepping back eight bytes at a time while a whole word holds fewer scalar
    /// starts than are still wanted, then byte by byte.
    @inlinable
    public static func startOfLast(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var offset = end
        var found = 0
        if let base = bytes.baseAddress {
            while offset - 8 >= start {
                let starts = scalarStarts(in: word(base, at: offset - 8))
                if found + starts >= count { break }
                found += starts
                offset -= 8
            }
        }
        while offset > start, found < count {
            offset -= 1
            if bytes[offset] & 0xC0 != 0x80 { found += 1 }
        }
        return offset
    }
}
