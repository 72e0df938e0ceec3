import GalleyText

/// A growable buffer of UTF-8 bytes that the cleaner writes its lines into. Hot loops copy
/// `base` and `count` into locals and write through the pointer; whoever grows the buffer
/// (`reserve`) must be followed by reading `base` again.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Room for `extra` more bytes after `count`.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends the UTF-8 of `scalars`.
    mutating func append<C: Collection>(scalars: C) where C.Element == Unicode.Scalar {
        var length = 0
        for scalar in scalars { length += UTF8.width(scalar) }
        reserve(length)
        var index = count
        let base = self.base
        for scalar in scalars { index = UTF8Scalars.encode(scalar.value, into: base, at: index) }
        count = index
    }

    func deallocate() { base.deallocate() }
}

/// The lines of the cleaned text as byte ranges of one buffer, with the page each is on.
struct ByteLines {
    struct Line {
        var start: Int
        var end: Int
        var page: Int
    }

    var lines: [Line] = []
    /// The page of the line being read (a form feed starts a new one).
    var page = 0
    /// Where the line being read starts in the buffer.
    var lineStart = 0
    /// Whether the character before the line being read was a newline.
    private var afterNewline = false
    /// A newline right after a form feed belongs to the form feed.
    private var afterFormFeed = false

    /// What `rollBack` needs to forget the lines of a raw line read again another way.
    struct Mark {
        var count: Int
        var page: Int
        var lineStart: Int
        var afterNewline: Bool
        var afterFormFeed: Bool
    }

    var mark: Mark { Mark(count: lines.count, page: page, lineStart: lineStart, afterNewline: afterNewline, afterFormFeed: afterFormFeed) }

    mutating func rollBack(to mark: Mark) {
        if lines.count > mark.count { lines.removeLast(lines.count - mark.count) }
        page = mark.page
        lineStart = mark.lineStart
        afterNewline = mark.afterNewline
        afterFormFeed = mark.afterFormFeed
    }

    /// A newline at `position`; `hadText`: whether the line had characters before cleaning.
    mutating func newline(at position: Int, hadText: Bool) {
        if afterFormFeed && !hadText {
            afterFormFeed = false
        } else {
            lines.append(Line(start: lineStart, end: position, page: page))
            afterFormFeed = false
        }
        afterNewline = true
        lineStart = position
    }

    /// A form feed at `position`: a page break. An empty line right before it (`…\n\u{0C}`) is
    /// part of the break, not a blank line.
    mutating func formFeed(at position: Int, hadText: Bool) {
        if hadText || !afterNewline {
            lines.append(Line(start: lineStart, end: position, page: page))
        }
        page += 1
        afterFormFeed = true
        afterNewline = false
        lineStart = position
    }

    mutating func finish(at position: Int) {
        lines.append(Line(start: lineStart, end: position, page: page))
    }
}

/// Read access to the lines of a buffer.
struct LineView {
    let base: UnsafePointer<UInt8>
    let lines: [ByteLines.Line]

    var count: Int { lines.count }

    @inline(__always) func isEmpty(_ index: Int) -> Bool { lines[index].start == lines[index].end }

    /// The number of scalars of a line, counted only as far as `limit` needs.
    func scalarCount(_ index: Int, atMost limit: Int) -> Int {
        let line = lines[index]
        let bytes = line.end - line.start
        if bytes <= limit { return bytes }  // at most one scalar a byte
        var count = 0
        for position in line.start..<line.end where base[position] & 0xC0 != 0x80 {
            count += 1
            if count > limit { return count }
        }
        return count
    }

    func scalars(_ index: Int) -> [Unicode.Scalar] {
        UTF8Scalars.scalars(base, from: lines[index].start, to: lines[index].end)
    }
}
