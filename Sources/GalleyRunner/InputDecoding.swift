import Foundation
import GalleyCore

/// Turns the bytes of an input file into text, or says clearly why they are not text.
///
/// UTF-8 with or without a byte-order mark and UTF-16 with one are decoded. A file with NUL
/// bytes or many control characters is binary; a file whose non-ASCII bytes are mostly not
/// UTF-8 is in a legacy encoding. Both fail with a message. A few stray invalid bytes in
/// otherwise good UTF-8 become U+FFFD and are counted in `input.invalid_utf8`.
public enum InputDecoding {
    public struct Decoded: Sendable {
        public var text: String
        public var invalidSequences: Int
    }

    public static func decode(_ data: Data) throws(StageError) -> Decoded {
        // Read in place: a copy of the bytes would be one more whole document in memory.
        let decoded = data.withUnsafeBytes { raw in
            Result { () throws(StageError) in try decode(raw.assumingMemoryBound(to: UInt8.self)) }
        }
        return try decoded.get()
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(StageError) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try decodeUTF8(bytes[3...])
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            guard (bytes.count - 2) % 2 == 0 else {
                throw StageError("broken UTF-16: odd number of bytes after the byte-order mark")
            }
            var units: [UInt16] = []
            units.reserveCapacity((bytes.count - 2) / 2)
            var index = 2
            while index + 1 < bytes.count {
                units.append(littleEndian
                             ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
                             : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            var invalid = 0
            var text = String.UnicodeScalarView()
            var decoder = UTF16()
            var iterator = units.makeIterator()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): text.append(scalar)
                case .emptyInput: break loop
                case .error:
                    invalid += 1
                    text.append("\u{FFFD}")
                }
            }
            if invalid * 20 > max(units.count, 1) {
                throw StageError("not text: \(invalid) of \(units.count) UTF-16 code units are invalid")
            }
            return try checkedText(String(text), invalid: invalid)
        }
        return try decodeUTF8(bytes[...])
    }

    static func decodeUTF8(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(StageError) -> Decoded {
        let counts = ByteCounts(UnsafeBufferPointer(rebasing: bytes))
        if counts.hasNUL {
            throw StageError("not text: the file contains NUL bytes (a binary file, or UTF-16 without a byte-order mark)")
        }
        // Valid UTF-8, nearly every input: the standard library validates and copies it in one
        // go (building the text a scalar at a time cost more than all the stages' reading), and
        // the control-character check uses the counts of the bytes — in valid UTF-8 the
        // characters are the bytes that do not continue a sequence.
        if let text = String(validating: bytes, as: UTF8.self) {
            if counts.characters > 0 && counts.controls * 10 > counts.characters {
                throw StageError(
                    "not text: \(counts.controls) of \(counts.characters) characters are control characters (a binary file?)")
            }
            return Decoded(text: text, invalidSequences: 0)
        }
        var invalid = 0
        var nonASCII = 0
        var text = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value >= 0x80 { nonASCII += 1 }
                text.append(scalar)
            case .emptyInput: break loop
            case .error:
                invalid += 1
                text.append("\u{FFFD}")
            }
        }
        if invalid > 0 && invalid >= 8 && invalid * 2 > invalid + nonASCII {
            throw StageError(
                "not UTF-8: \(invalid) invalid byte sequences and only \(nonASCII) valid non-ASCII characters; "
                + "the file is probably in a legacy encoding (GBK, Big5, Latin-1…): convert it with iconv first")
        }
        return try checkedText(String(text), invalid: invalid)
    }

    static func checkedText(_ text: String, invalid: Int) throws(StageError) -> Decoded {
        var controls = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" && scalar != "\u{0C}" {
                controls += 1
            }
        }
        if total > 0 && controls * 10 > total {
            throw StageError("not text: \(controls) of \(total) characters are control characters (a binary file?)")
        }
        return Decoded(text: text, invalidSequences: invalid)
    }
}

/// What the decoding of UTF-8 needs to know of its bytes, found 8 bytes at a time: whether one
/// is NUL, how many start a character (do not continue a sequence) and how many are control
/// characters other than tab, line feed, form feed and carriage return.
struct ByteCounts {
    var hasNUL = false
    var characters = 0
    var controls = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        let highs: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        var continuing = 0
        var index = 0
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // A continuation byte is 10xxxxxx: its high bit set and the next one clear.
            continuing &+= (word & ~(word << 1) & highs).nonzeroBitCount
            // Any byte below 0x20 flags the word (and maybe a byte above it); those 8 are then
            // looked at one by one.
            if (word &- 0x20 &* ones) & ~word & highs != 0 {
                for offset in 0..<8 { look(at: base[index &+ offset]) }
            }
            index &+= 8
        }
        while index < count {
            let byte = base[index]
            if byte & 0xC0 == 0x80 { continuing &+= 1 }
            look(at: byte)
            index &+= 1
        }
        characters = count &- continuing
    }

    @inline(__always)
    private mutating func look(at byte: UInt8) {
        guard byte < 0x20 else { return }
        if byte == 0 { hasNUL = true }
        if byte != 0x0A && byte != 0x09 && byte != 0x0D && byte != 0x0C { controls &+= 1 }
    }
}
