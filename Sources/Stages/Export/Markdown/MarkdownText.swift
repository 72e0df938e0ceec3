/// Escapes document text so that Markdown shows it as it is, not as markup.
///
/// Inline: backslash, `*`, `_`, `` ` ``, `[`, `]` and `<` get a backslash. At the start of a
/// line: `#`, `>`, `-`, `+`, `=`, `|`, `~` and ordered-list numbers (`1.`), which would start a
/// heading, a quote, a list or a table. Leading spaces, which would start a code block, are
/// dropped.
///
/// Every character Markdown reads as markup is ASCII, and in UTF-8 an ASCII byte is never part
/// of another character, so the escaping works on bytes. (It used to walk `Character`s, which
/// breaks graphemes for every character of the text: a 20 MB page took 9 s to export.)
enum MarkdownText {
    /// One line of text inside a heading, emphasis or quote. Line breaks (`\n`, `\r\n`, `\r`,
    /// vertical tab, form feed, U+0085, U+2028, U+2029) become one space each.
    static func inline(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + bytes.count / 16)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if let width = lineBreakWidth(bytes, at: index) {
                    escaped.append(UInt8(ascii: " "))
                    index += width
                    continue
                }
                if isInlineSpecial(byte) { escaped.append(UInt8(ascii: "\\")) }
                escaped.append(byte)
                index += 1
            }
            return String(decoding: escaped, as: UTF8.self)
        }
    }

    /// A paragraph of body text: inline escapes, and escapes at the start of each line.
    static func paragraph(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + bytes.count / 16)
            var lineStart = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                if lineStart > 0 { escaped.append(UInt8(ascii: "\n")) }
                appendLine(bytes[lineStart..<lineEnd], to: &escaped)
                lineStart = lineEnd + 1
            }
            return String(decoding: escaped, as: UTF8.self)
        }
    }

    /// One line of a paragraph, without its line break.
    private static func appendLine(_ line: Slice<UnsafeBufferPointer<UInt8>>, to escaped: inout [UInt8]) {
        var start = line.startIndex
        while start < line.endIndex, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") {
            start += 1
        }
        let line = line[start...]
        if let first = line.first, isLineStart(first) {
            escaped.append(UInt8(ascii: "\\"))
        } else if let marker = orderedListMarker(line) {
            // `2020. ` would become a list item numbered 2020: escape its dot.
            escaped.append(contentsOf: line[..<marker])
            escaped.append(UInt8(ascii: "\\"))
            start = marker
        }
        for byte in line[start...] {
            if isInlineSpecial(byte) { escaped.append(UInt8(ascii: "\\")) }
            escaped.append(byte)
        }
    }

    /// Where the `.` or `)` of an ordered-list marker (`12. ` / `3) `) at the start of `line` is.
    static func orderedListMarker(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        let digits = line.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let marker = digits.endIndex
        guard marker < line.endIndex, line[marker] == UInt8(ascii: ".") || line[marker] == UInt8(ascii: ")") else {
            return nil
        }
        let after = marker + 1
        guard after == line.endIndex || line[after] == UInt8(ascii: " ") || line[after] == UInt8(ascii: "\t") else {
            return nil
        }
        return marker
    }

    static func isInlineSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"): true
        default: false
        }
    }

    static func isLineStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"),
             UInt8(ascii: "="), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// The byte length of the line break at `index`, or nil when there is none.
    static func lineBreakWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        switch bytes[index] {
        case 0x0A, 0x0B, 0x0C: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : nil
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80,
                  bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else { return nil }
            return 3
        default: return nil
        }
    }
}
