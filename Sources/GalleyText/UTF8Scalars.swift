/// Reading Unicode scalars straight out of UTF-8 bytes, for hot loops that scan a string's
/// storage (`withUTF8`) instead of its scalar view.
public enum UTF8Scalars {
    /// The scalar at `offset` of valid UTF-8 and its length in bytes.
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let (value, length) = value(bytes.baseAddress!, at: offset)
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar value at `offset` of valid UTF-8 and its length in bytes.
    @inlinable @inline(__always)
    public static func value(_ bytes: UnsafePointer<UInt8>, at offset: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
                    | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F), 4)
    }

    /// The scalars of the valid UTF-8 bytes from `start` to `end`.
    public static func scalars(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(end - start)
        var index = start
        while index < end {
            let (value, length) = value(bytes, at: index)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            index += length
        }
        return scalars
    }

    /// Writes the UTF-8 of the scalar value `value` at `index` of memory with room for it;
    /// returns the index after it.
    @inlinable @inline(__always)
    public static func encode(_ value: UInt32, into buffer: UnsafeMutablePointer<UInt8>, at index: Int) -> Int {
        if value < 0x80 {
            buffer[index] = UInt8(value)
            return index + 1
        } else if value < 0x800 {
            buffer[index] = UInt8(0xC0 | (value >> 6))
            buffer[index + 1] = UInt8(0x80 | (value & 0x3F))
            return index + 2
        } else if value < 0x10000 {
            buffer[index] = UInt8(0xE0 | (value >> 12))
            buffer[index + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
            buffer[index + 2] = UInt8(0x80 | (value & 0x3F))
            return index + 3
        }
        buffer[index] = UInt8(0xF0 | (value >> 18))
        buffer[index + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
        buffer[index + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
        buffer[index + 3] = UInt8(0x80 | (value & 0x3F))
        return index + 4
    }

    /// The byte length of the layout space (``Unicode/Scalar/isLayoutSpace``) at `offset`, if any.
    @inlinable @inline(__always)
    public static func layoutSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        switch bytes[offset] {
        case 0x20, 0x09, 0x0D: return 1
        case 0xC2: return offset + 1 < bytes.count && bytes[offset + 1] == 0xA0 ? 2 : nil
        case 0xE3: return offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && bytes[offset + 2] == 0x80 ? 3 : nil
        case 0xE2:
            return offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && (0x82...0x8B).contains(bytes[offset + 2]) ? 3 : nil
        case 0xEF: return offset + 2 < bytes.count && bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF ? 3 : nil
        default: return nil
        }
    }

    /// The byte length of the layout space that ends just before `end`, if any.
    @inlinable @inline(__always)
    public static func layoutSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int? {
        let last = bytes[end - 1]
        if last == 0x20 || last == 0x09 || last == 0x0D { return 1 }
        if last == 0xA0, end >= 2, bytes[end - 2] == 0xC2 { return 2 }
        if end >= 3, let length = layoutSpaceLength(bytes, at: end - 3), length == 3 { return 3 }
        return nil
    }
}
