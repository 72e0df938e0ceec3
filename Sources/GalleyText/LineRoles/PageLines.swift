/// The non-blank lines of a page: where each is in the text's UTF-8, whether a blank line stands
/// before and after it, and a bounded decoded prefix and suffix (what the features read).
public struct PageLine: Sendable {
    /// UTF-8 offsets of the line in the text, without its line break and layout spaces at both ends.
    public var start: Int
    public var end: Int
    /// The number of scalars (trimmed).
    public var scalars: Int
    /// Leading layout spaces before the text.
    public var indent: Int
    public var blankBefore: Bool
    public var blankAfter: Bool
    /// Where the line starts, its indentation included.
    public var rawStart: Int
}

/// Splits a page into ``PageLine``s in one pass over its bytes.
public enum PageLines {
    /// The non-blank lines of `bytes`.
    public static func lines(of bytes: UnsafeBufferPointer<UInt8>) -> [PageLine] {
        var lines: [PageLine] = []
        var blankPending = true
        UTF8Scalars.forEachLine(bytes) { start, end, scalars in
            var first = start, last = end
            var indent = 0
            while first < last, let length = UTF8Scalars.layoutSpaceLength(bytes, at: first) { first += length; indent += 1 }
            var trailing = 0
            while last > first {
                if bytes[last - 1] == 0x0D { last -= 1 } else if let length = UTF8Scalars.layoutSpaceLength(bytes, endingAt: last) {
                    last -= length
                } else { break }
                trailing += 1
            }
            if first == last {
                if !lines.isEmpty { lines[lines.count - 1].blankAfter = true }
                blankPending = true
                return
            }
            lines.append(PageLine(start: first, end: last, scalars: max(1, scalars - indent - trailing),
                                  indent: indent, blankBefore: blankPending, blankAfter: false, rawStart: start))
            blankPending = false
        }
        if !lines.isEmpty { lines[lines.count - 1].blankAfter = true }
        return lines
    }
}
