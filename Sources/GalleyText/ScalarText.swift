extension String {
    /// A string made from pieces of scalars laid end to end, encoded without joining them first.
    @inlinable
    public init(scalarPieces pieces: [ArraySlice<Unicode.Scalar>]) {
        var byteCount = 0
        for piece in pieces {
            for scalar in piece {
                let value = scalar.value
                byteCount += value < 0x80 ? 1 : (value < 0x800 ? 2 : (value < 0x10000 ? 3 : 4))
            }
        }
        self.init(unsafeUninitializedCapacity: byteCount) { buffer in
            var index = 0
            for piece in pieces {
                for scalar in piece { index = String.encodeUTF8(scalar, into: buffer, at: index) }
            }
            return index
        }
    }

    /// Writes the UTF-8 of `scalar` at `index` of a buffer with room for it; returns the index
    /// after it.
    @inlinable @inline(__always)
    public static func encodeUTF8(_ scalar: Unicode.Scalar, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        assert(index + UTF8.width(scalar) <= buffer.count, "no room for the scalar")
        return UTF8Scalars.encode(scalar.value, into: buffer.baseAddress!, at: index)
    }

    /// A string made from Unicode scalars, encoded to UTF-8 in one pass.
    ///
    /// Text stages work on arrays of scalars; appending those to a `String.UnicodeScalarView`
    /// one collection at a time goes through a slow generic path, so build the whole output as
    /// scalars and make the string once with this.
    @inlinable
    public init<C: Collection>(scalars: C) where C.Element == Unicode.Scalar {
        var byteCount = 0
        for scalar in scalars {
            let value = scalar.value
            byteCount += value < 0x80 ? 1 : (value < 0x800 ? 2 : (value < 0x10000 ? 3 : 4))
        }
        self.init(unsafeUninitializedCapacity: byteCount) { buffer in
            var index = 0
            for scalar in scalars { index = String.encodeUTF8(scalar, into: buffer, at: index) }
            return index
        }
    }
}

extension String {
    /// The string's Unicode scalars as an array, decoded from its UTF-8 in one pass (about twice
    /// as fast as `Array(unicodeScalars)`, which counts before it copies).
    @inlinable
    public var scalarArray: [Unicode.Scalar] {
        var text = self
        return text.withUTF8 { bytes in
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(bytes.count)
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = UInt32(bytes[index])
                var value: UInt32
                if lead < 0x80 {
                    value = lead
                    index += 1
                } else if lead < 0xE0 {
                    value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    index += 2
                } else if lead < 0xF0 {
                    value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    index += 3
                } else {
                    value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                    index += 4
                }
                // A String's UTF-8 is always valid, so every value is a scalar.
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            }
            return scalars
        }
    }
}

extension String {
    /// The text from UTF-8 offset `start` to `end` (both at scalar boundaries) as a substring of
    /// its scalars: no rounding to character boundaries, which subscripting the string does.
    @inlinable
    public func substring(utf8 start: Int, _ end: Int) -> Substring {
        let utf8 = self.utf8
        return Substring(unicodeScalars[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
    }
}
