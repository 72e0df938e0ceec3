import Foundation

/// Escapes document text so that Markdown shows it as it is, not as markup.
///
/// Inline: backslash, `*`, `_`, `` ` ``, `[`, `]` and `<` get a backslash. At the start of a
/// line: `#`, `>`, `-`, `+`, `=`, `|`, `~` and ordered-list numbers (`1.`), which would start a
/// heading, a quote, a list or a table. Leading spaces, which would start a code block, are
/// dropped.
enum MarkdownText {
    static let inlineSpecials: Set<Character> = ["\\", "*", "_", "`", "[", "]", "<"]
    static let lineStarts: Set<Character> = ["#", ">", "-", "+", "=", "|", "~"]

    /// One line of text inside a heading, emphasis or quote.
    static func inline(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character.isNewline {
                escaped.append(" ")
                continue
            }
            if inlineSpecials.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// A paragraph of body text: inline escapes, and escapes at the start of each line.
    static func paragraph(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line.drop { $0 == " " || $0 == "\t" })
            var prefix = ""
            if let first = line.first, lineStarts.contains(first) {
                prefix = "\\"
            } else if let marker = orderedListMarker(line) {
                // `2020. ` would become a list item numbered 2020: escape its dot.
                prefix = String(line[..<marker]) + "\\"
                line = line[marker...]
            }
            var escaped = ""
            for character in line {
                if inlineSpecials.contains(character) { escaped.append("\\") }
                escaped.append(character)
            }
            return prefix + escaped
        }.joined(separator: "\n")
    }

    /// Where the `.` or `)` of an ordered-list marker (`12. ` / `3) `) at the start of `line` is.
    static func orderedListMarker(_ line: Substring) -> Substring.Index? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let marker = digits.endIndex
        guard marker < line.endIndex, line[marker] == "." || line[marker] == ")" else { return nil }
        let after = line.index(after: marker)
        guard after == line.endIndex || line[after] == " " || line[after] == "\t" else { return nil }
        return marker
    }
}
