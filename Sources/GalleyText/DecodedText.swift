/// A text decoded once into Unicode scalars, with the UTF-8 offset of each, so that
/// ``SentenceSplitter`` and ``Tokenizer`` can share one decoding of it and work by plain integer
/// indices (`SentenceSplitter.sentenceRanges(in:)`, `Tokenizer.forEachToken(in:scalars:_:)`).
///
/// ```swift
/// let decoded = DecodedText("Profits rose. Costs fell.")
/// for sentence in SentenceSplitter().sentenceRanges(in: decoded) {
///     Tokenizer().forEachToken(in: decoded, scalars: sentence.scalars) { kind, bytes, offsets in … }
///     print(decoded.string(sentence.scalars))   // "Profits rose.", "Costs fell."
/// }
/// ```
public struct DecodedText: Sendable {
    /// The text itself.
    public let text: String
    /// Its Unicode scalars.
    public let scalars: [Unicode.Scalar]
    /// The UTF-8 offset of every scalar, and of the end of the text (`scalars.count + 1` entries).
    public let utf8Offsets: [Int]

    /// Decodes `text` in one pass over its UTF-8.
    public init(_ text: String) {
        self.text = text
        var storage = text
        let decoded = storage.withUTF8 { Self.decode($0) }
        scalars = decoded.scalars
        utf8Offsets = decoded.offsets
    }

    /// The text of the scalars `range`, verbatim.
    public func string(_ range: Range<Int>) -> String {
        // Through the scalar view: a `String` subscript would round the range to characters.
        String(text.unicodeScalars[stringRange(range)])
    }

    /// The string range of the scalars `range` (constant time, through the UTF-8 offsets).
    public func stringRange(_ range: Range<Int>) -> Range<String.Index> {
        let utf8 = text.utf8
        return utf8.index(utf8.startIndex, offsetBy: utf8Offsets[range.lowerBound])
            ..< utf8.index(utf8.startIndex, offsetBy: utf8Offsets[range.upperBound])
    }

    /// The index of the scalar that starts at the UTF-8 offset `offset` (the scalar count for the
    /// end of the text).
    public func scalarIndex(ofUTF8Offset offset: Int) -> Int {
        var low = 0
        var high = utf8Offsets.count - 1
        while low < high {
            let middle = (low + high) / 2
            if utf8Offsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The scalars of valid UTF-8 and the offset of each (and of the end).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (scalars: [Unicode.Scalar], offsets: [Int]) {
        let count = bytes.count
        var offsets: [Int] = []
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: count) { scalarBuffer, scalarCount in
            offsets = [Int](unsafeUninitializedCapacity: count + 1) { offsetBuffer, offsetCount in
                var index = 0
                var written = 0
                let raw = UnsafeRawPointer(bytes.baseAddress)
                while index < count {
                    // Eight ASCII bytes at a time (most of a Latin-script text): each is a scalar
                    // of one byte.
                    if index + 8 <= count, let raw,
                       raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        for lane in 0..<8 {
                            offsetBuffer[written + lane] = index + lane
                            scalarBuffer[written + lane] = Unicode.Scalar(bytes[index + lane])
                        }
                        index += 8
                        written += 8
                        continue
                    }
                    offsetBuffer[written] = index
                    let lead = UInt32(bytes[index])
                    if lead < 0x80 {
                        scalarBuffer[written] = Unicode.Scalar(UInt8(truncatingIfNeeded: lead))
                        index += 1
                    } else {
                        let value: UInt32
                        if lead < 0xE0 {
                            value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                            index += 2
                        } else if lead < 0xF0 {
                            value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                                | UInt32(bytes[index + 2] & 0x3F)
                            index += 3
                        } else {
                            value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                            index += 4
                        }
                        // A String's UTF-8 is always valid, so every value is a scalar.
                        scalarBuffer[written] = Unicode.Scalar(value) ?? "\u{FFFD}"
                    }
                    written += 1
                }
                offsetBuffer[written] = count
                offsetCount = written + 1
                scalarCount = written
            }
        }
        return (scalars, offsets)
    }
}
