import Foundation
import GalleyText

/// The lines of a document as ranges of its UTF-8 bytes: 24 bytes a line instead of its
/// scalars (four bytes a character and an array a line), so that the whole document's lines
/// take about its own size or less. A line's scalars are decoded only when a decision needs
/// them: its first or last character, or the line itself while it is joined.
///
/// Each line has its trailing spaces, tabs, `\r` and ideographic spaces trimmed, and any `\r`
/// inside it is skipped when it is decoded. The bytes must stay valid while the lines are read
/// (the joiner reads them inside `String.withUTF8`).
struct DocumentLines {
    struct Line {
        /// The line's bytes, trimmed: `start..<end` of the text's UTF-8.
        var start: Int
        var end: Int
        /// How many scalars the line has, `\r` not counted.
        var count: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var lines: [Line]

    /// Splits `bytes` (valid UTF-8) at `\n`. An empty text has one empty line.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            lines = [Line(start: 0, end: 0, count: 0)]
            return
        }
        let total = bytes.count
        var newlines = 0
        var scan = 0
        while let found = memchr(base + scan, 0x0A, total - scan) {
            newlines += 1
            scan = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        var lines: [Line] = []
        lines.reserveCapacity(newlines + 1)
        var start = 0
        while true {
            var end = total
            if let found = memchr(base + start, 0x0A, total - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            // Trailing spaces, tabs, `\r` and ideographic spaces (E3 80 80) go.
            var trimmed = end
            while trimmed > start {
                let byte = base[trimmed - 1]
                if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                    trimmed -= 1
                } else if byte == 0x80 && trimmed - start >= 3 && base[trimmed - 2] == 0x80 && base[trimmed - 3] == 0xE3 {
                    trimmed -= 3
                } else {
                    break
                }
            }
            // One scalar for each byte that starts one (the text is valid UTF-8), but no `\r`.
            var scalarCount = 0
            for index in start..<trimmed where base[index] & 0xC0 != 0x80 && base[index] != 0x0D { scalarCount += 1 }
            lines.append(Line(start: start, end: trimmed, count: scalarCount))
            guard end < total else { break }
            start = end + 1
        }
        self.lines = lines
    }

    var count: Int { lines.count }
    var indices: Range<Int> { lines.indices }

    @inline(__always) func isEmpty(_ index: Int) -> Bool { lines[index].count == 0 }

    /// The line's length in scalars.
    @inline(__always) func length(_ index: Int) -> Int { lines[index].count }

    /// The line's first scalar, nil for an empty line.
    func first(_ index: Int) -> Unicode.Scalar? {
        let line = lines[index]
        guard line.count > 0 else { return nil }
        var offset = line.start
        while bytes[offset] == 0x0D { offset += 1 }
        return UTF8Scalars.decode(bytes, at: offset).0
    }

    /// The line's last scalar, nil for an empty line (a trimmed line never ends with `\r`).
    func last(_ index: Int) -> Unicode.Scalar? {
        let line = lines[index]
        guard line.count > 0 else { return nil }
        var offset = line.end - 1
        while bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        return UTF8Scalars.decode(bytes, at: offset).0
    }

    /// The line's scalars, `\r` skipped.
    func scalars(_ index: Int) -> [Unicode.Scalar] {
        let line = lines[index]
        return [Unicode.Scalar](unsafeUninitializedCapacity: line.count) { scalars, initialized in
            initialized = fill(scalars, from: line)
        }
    }

    /// Replaces the contents of `scalars` with the line's scalars (`\r` skipped), keeping its
    /// storage: the scans over every line decode into one buffer.
    func decode(_ index: Int, into scalars: inout [Unicode.Scalar]) {
        let line = lines[index]
        // The buffer only grows: a shorter line is written over the start of a longer one.
        if scalars.count < line.count {
            scalars.append(contentsOf: repeatElement(Unicode.Scalar(0), count: line.count - scalars.count))
        }
        let count = scalars.withUnsafeMutableBufferPointer { fill($0, from: line) }
        scalars.removeLast(scalars.count - count)
    }

    /// Calls `body` with each two scalars side by side in the line (`\r` skipped), read
    /// straight from the bytes.
    @inline(__always) func forEachPair(_ index: Int, _ body: (Unicode.Scalar, Unicode.Scalar) -> Void) {
        let line = lines[index]
        var previous: Unicode.Scalar?
        var offset = line.start
        while offset < line.end {
            let (scalar, length) = UTF8Scalars.decode(bytes, at: offset)
            offset += length
            guard scalar != "\r" else { continue }
            if let previous { body(previous, scalar) }
            previous = scalar
        }
    }

    /// Writes the scalars of `line` to `scalars` (room for `line.count`), and returns how many.
    @inline(__always) private func fill(_ scalars: UnsafeMutableBufferPointer<Unicode.Scalar>, from line: Line) -> Int {
        if line.end - line.start == line.count {
            // ASCII only, and so no `\r` either (it takes a byte but is not counted).
            for offset in 0..<line.count { scalars[offset] = Unicode.Scalar(bytes[line.start + offset]) }
            return line.count
        }
        var count = 0
        var offset = line.start
        while offset < line.end {
            let (scalar, length) = UTF8Scalars.decode(bytes, at: offset)
            if scalar != "\r" {
                scalars[count] = scalar
                count += 1
            }
            offset += length
        }
        return count
    }

    /// Like ``decode(_:into:)``, but only from the line's last space (kept) to its end: its
    /// last word and the space before it, or the whole line when it has no space.
    func decodeFromLastSpace(_ index: Int, into scalars: inout [Unicode.Scalar]) {
        let line = lines[index]
        scalars.removeAll(keepingCapacity: true)
        var start = line.end
        while start > line.start && bytes[start - 1] != 0x20 { start -= 1 }
        if start > line.start { start -= 1 }
        decode(from: start, to: line.end, into: &scalars)
    }

    /// Like ``decode(_:into:)``, but only from the line's start to its first space (kept), or
    /// the whole line when it has no space.
    func decodeToFirstSpace(_ index: Int, into scalars: inout [Unicode.Scalar]) {
        let line = lines[index]
        scalars.removeAll(keepingCapacity: true)
        var end = line.start
        while end < line.end && bytes[end] != 0x20 { end += 1 }
        if end < line.end { end += 1 }
        decode(from: line.start, to: end, into: &scalars)
    }

    private func decode(from start: Int, to end: Int, into scalars: inout [Unicode.Scalar]) {
        var offset = start
        while offset < end {
            let (scalar, length) = UTF8Scalars.decode(bytes, at: offset)
            if scalar != "\r" { scalars.append(scalar) }
            offset += length
        }
    }
}
