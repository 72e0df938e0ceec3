import Foundation

/// What the whole text says about its layout, for the line rules that would otherwise act on one
/// line without evidence: whether a line of spaced letters can be a heading (there is other text
/// for it to head), and which lines are rows of aligned columns, whose gaps are part of the
/// table and stay.
///
/// Found only when a rule could use it: the column scan runs when a line first has gaps to
/// collapse.
struct TextLayout {
    /// Whether the text has two lines or more with characters, one of them with a written word
    /// (two letters in a row): a line of spaced letters alone (`Q W E R T Y`), or among other
    /// such lines (the rows of a keyboard), heads nothing.
    private(set) var hasTextToHead = true
    /// The rows of aligned columns, found when first asked.
    let columns: ColumnIndex

    init(_ bytes: UnsafeBufferPointer<UInt8>, letterSpacing: Bool) {
        columns = ColumnIndex(bytes)
        guard !bytes.isEmpty else { return }
        if letterSpacing { hasTextToHead = Self.hasWrittenWord(bytes) && Self.countLinesWithText(bytes, upTo: 2) >= 2 }
    }

    func context(ofLine number: Int) -> LineContext {
        LineContext(spacedHeadingLines: hasTextToHead, columns: columns, lineNumber: number)
    }

    /// Whether two letters stand in a row somewhere (ASCII letters, or characters beyond ASCII).
    static func hasWrittenWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousLetter = false
        for byte in bytes where byte & 0xC0 != 0x80 {
            let letter = byte >= 0xC0 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            if letter && previousLetter { return true }
            previousLetter = letter
        }
        return false
    }

    /// How many lines hold something other than spaces, tabs and `\r`, counting up to `limit`.
    static func countLinesWithText(_ bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        var found = 0
        var lineHasText = false
        for byte in bytes {
            if byte == 0x0A {
                if lineHasText { found += 1 }
                if found >= limit { return found }
                lineHasText = false
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                lineHasText = true
            }
        }
        return found + (lineHasText ? 1 : 0)
    }

    /// The lines whose inner gaps (two spaces or more after a character) end at the same column
    /// as a gap of the line before or after: the rows of a table or of aligned text. Columns are
    /// counted in scalars.
    static func alignedLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Set<Int> {
        var aligned = Set<Int>()
        var previousGaps: [Int] = []
        var gaps: [Int] = []
        var lineNumber = 0
        var column = 0
        var spaces = 0
        var seenText = false
        func finishLine() {
            if !gaps.isEmpty && !previousGaps.isEmpty && gaps.contains(where: { previousGaps.contains($0) }) {
                aligned.insert(lineNumber)
                aligned.insert(lineNumber - 1)
            }
            previousGaps = gaps
            gaps.removeAll(keepingCapacity: true)
            lineNumber += 1
            column = 0
            spaces = 0
            seenText = false
        }
        for byte in bytes {
            if byte == 0x0A {
                finishLine()
                continue
            }
            if byte & 0xC0 == 0x80 { continue }  // inside a scalar
            if byte == 0x20 {
                spaces += 1
            } else {
                if spaces >= 2 && seenText { gaps.append(column) }
                spaces = 0
                seenText = true
            }
            column += 1
        }
        finishLine()
        return aligned
    }
}

/// The raw lines (numbered from 0 at each `\n`) whose gaps line up with a neighbour's
/// (``TextLayout/alignedLines(_:)``), scanned once, when a line first has gaps to collapse.
final class ColumnIndex {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var rows: Set<Int>?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func isColumnRow(_ line: Int) -> Bool {
        if rows == nil { rows = TextLayout.alignedLines(bytes) }
        return rows?.contains(line) ?? false
    }
}

/// What the text's layout allows the line rules to do on one line.
struct LineContext {
    /// A line of spaced letters may be a heading (``TextLayout/hasTextToHead``).
    var spacedHeadingLines = true
    var columns: ColumnIndex?
    var lineNumber = 0

    /// Whether the line's inner gaps may be collapsed: it is no row of aligned columns.
    func mayCollapseGaps() -> Bool {
        !(columns?.isColumnRow(lineNumber) ?? false)
    }
}
