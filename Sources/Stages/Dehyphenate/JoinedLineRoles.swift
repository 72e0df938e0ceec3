import GalleyText

/// Carries the line-role model's reading of a page over to the text the joiner wrote from it, for
/// `sections` (``PageRoles``): each paragraph of the output gets the role of the page's line it
/// begins with, a paragraph made only of furniture lines stays furniture, and a paragraph whose first
/// line came right after the line before it on the page (one block there, which the joiner split) is
/// marked so (``PageRoles/continued``).
///
/// The joiner writes each paragraph as the page's lines in order, one after another, with a space or
/// nothing between two of them and, where a hyphenated word is joined, the hyphen (a line's last
/// scalar) left out; paragraphs are separated by a blank line. The lines are followed through the
/// output by their bytes. Where a line is not found where it should be, nothing is handed on (nil),
/// and `sections` reads the page itself.
enum JoinedLineRoles {
    static func roles(of page: LineRoleLayout, joined: String) -> PageRoles? {
        guard !page.roles.isEmpty else { return nil }
        var source = page.text
        var output = joined
        return source.withUTF8 { sourceBytes in
            output.withUTF8 { outputBytes in
                follow(DocumentLines(sourceBytes), page: page, into: outputBytes)
            }
        }
    }

    private static func follow(_ lines: DocumentLines, page: LineRoleLayout, into output: UnsafeBufferPointer<UInt8>) -> PageRoles? {
        let source = lines.bytes
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        roles.reserveCapacity(page.roles.count)
        var furniture: Set<Int> = []
        var continued: Set<Int> = []
        var cursor = 0
        var blankBefore = true   // a blank line (or the page's start) before the line
        var paragraphKey: Int?   // where the current paragraph's text starts in the output
        var allFurniture = true

        func closeParagraph() {
            if let key = paragraphKey, allFurniture { furniture.insert(key) }
        }

        for index in lines.indices {
            if lines.isEmpty(index) {
                blankBefore = true
                continue
            }
            defer { blankBefore = false }
            let line = lines.lines[index]
            let sourceKey = textStart(source, from: line.start, to: line.end)
            let isFurniture = page.furniture.contains(sourceKey)
            var at = cursor
            if paragraphKey == nil || (at + 1 < output.count && output[at] == 0x0A && output[at + 1] == 0x0A) {
                // A new paragraph: the first line of the output, or after its blank line.
                if paragraphKey != nil { at += 2 }
                closeParagraph()
                guard let end = match(line, of: source, in: output, at: at) else { return nil }
                let key = textStart(output, from: at, to: output.count)
                if let role = page.roles[sourceKey] { roles[key] = role }
                if !blankBefore { continued.insert(key) }
                paragraphKey = key
                allFurniture = isFurniture
                cursor = end
            } else {
                // The line goes on the paragraph: after a space, or after nothing.
                if let end = match(line, of: source, in: output, at: at) {
                    cursor = end
                } else if at < output.count, output[at] == 0x20, let end = match(line, of: source, in: output, at: at + 1) {
                    cursor = end
                } else {
                    return nil
                }
                allFurniture = allFurniture && isFurniture
            }
        }
        closeParagraph()
        // Every byte of the output is accounted for.
        guard cursor == output.count else { return nil }
        return PageRoles(roles: roles, furniture: furniture, continued: continued)
    }

    /// Where the line's text starts after its layout spaces (as ``PageLines`` counts them).
    static func textStart(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var offset = start
        while offset < end, let length = UTF8Scalars.layoutSpaceLength(bytes, at: offset) { offset += length }
        return offset
    }

    /// The end in `output` of `line` written from `at` (its `\r`s left out, as the joiner leaves them
    /// out), or of the line without its last scalar when the output goes on with something else there
    /// (a hyphen left out of a joined word); nil when the line is not there.
    private static func match(_ line: DocumentLines.Line, of source: UnsafeBufferPointer<UInt8>,
                              in output: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var at = start
        var offset = line.start
        var lastScalarStart = (at, offset)
        while offset < line.end {
            let byte = source[offset]
            if byte == 0x0D {
                offset += 1
                continue
            }
            if byte & 0xC0 != 0x80 { lastScalarStart = (at, offset) }
            guard at < output.count, output[at] == byte else {
                // Only the line's last scalar may be missing.
                var next = lastScalarStart.1 + 1
                while next < line.end, source[next] & 0xC0 == 0x80 { next += 1 }
                return next >= line.end && lastScalarStart.0 > start ? lastScalarStart.0 : nil
            }
            at += 1
            offset += 1
        }
        return at
    }
}
