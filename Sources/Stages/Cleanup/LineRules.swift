import GalleyText

/// The line-level rules of `cleanup`: spaces, letter-spaced headings and blank lines.
enum LineRules {
    /// Spaces that collapse into one: the ASCII space and the ideographic space U+3000.
    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar.value == 0x3000
    }

    /// Trims a line and collapses runs of spaces to one ASCII space; returns how many
    /// scalars were dropped or changed.
    /// Whether `collapseSpaces` would change the line.
    static func needsCollapsing(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = line.first, let last = line.last else { return false }
        if isSpace(first) || first == "\t" || isSpace(last) || last == "\t" { return true }
        var previousSpace = false
        for scalar in line {
            if isSpace(scalar) {
                if previousSpace { return true }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        return false
    }

    static func collapseSpaces(_ line: ArraySlice<Unicode.Scalar>, into output: inout [Unicode.Scalar]) -> Int {
        var changes = 0
        var start = line.startIndex
        var end = line.endIndex
        while start < end && (isSpace(line[start]) || line[start] == "\t") { start += 1; changes += 1 }
        while end > start && (isSpace(line[end - 1]) || line[end - 1] == "\t") { end -= 1; changes += 1 }
        var index = start
        while index < end {
            let scalar = line[index]
            if isSpace(scalar) {
                var runEnd = index + 1
                while runEnd < end && isSpace(line[runEnd]) { runEnd += 1 }
                // One space, ASCII or ideographic, is the text's own; a run of them is collapsed
                // only between characters of running text, where it is the gap a justified or
                // extracted line leaves. Next to a symbol (`(　´∀｀)`, box drawing, aligned art)
                // the spacing is part of what is drawn and stays.
                // Two spaces after a full stop are a typist's convention, also the text's own.
                if runEnd - index > 1 && isProse(line[index - 1]) && isProse(line[runEnd])
                    && !(runEnd - index == 2 && line[index] == " " && line[index + 1] == " "
                         && endsSentence(line[line.startIndex..<index])) {
                    changes += 1
                    output.append(" ")
                } else {
                    output.append(contentsOf: line[index..<runEnd])
                }
                index = runEnd
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return changes
    }

    /// Whether the text before a gap ends a sentence: `.`, `!` or `?`, perhaps inside a closing quote.
    static func endsSentence(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var end = text.endIndex
        while end > text.startIndex && "\"'”’)".unicodeScalars.contains(text[end - 1]) { end -= 1 }
        guard end > text.startIndex else { return false }
        return ".!?".unicodeScalars.contains(text[end - 1])
    }

    /// A character of running text: a letter, mark, digit or punctuation, not a symbol and not a
    /// bracket (`(  ´ ▽ ｀ )` and `（　　゚Д゚）` are drawn).
    static func isProse(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar.properties.isAlphabetic || (scalar.value >= 0x30 && scalar.value <= 0x39)
                || ".,;:!?'\"-/%&_".unicodeScalars.contains(scalar)
        }
        switch scalar.properties.generalCategory {
        case .openPunctuation, .closePunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
             .control, .format, .privateUse, .surrogate, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// Letter-spaced words from PDF headings (`F i g u r e 1` → `Figure 1`): a run of at least
    /// four single letters separated by single spaces is one word; two or more spaces separate
    /// words. Single-letter words in a row are ordinary text in many languages (`il y a à`,
    /// Polish `i w z`, Russian `а я и в`, variables `x y z w`), so a run is joined only on the
    /// evidence of a spaced line: the single characters around it (`F i g u r e 1`) reach the
    /// line's ends or a wider gap on both sides, and its letters are cased as one word is
    /// (`CHAPTER`, `Figure`, `figure`, not `a B c D`). Returns the number of runs joined.
    static func joinLetterSpacing(_ line: inout [Unicode.Scalar]) -> Int {
        let count = line.count
        guard count >= 7, hasSpacedLetterRun(line[...]) else { return 0 }
        var output: [Unicode.Scalar] = []
        var joined = 0
        var index = 0
        while index < count {
            // A run starts at a single letter standing alone: preceded by a space or the line start.
            if (index == 0 || line[index - 1] == " ") && (index + 1 == count || line[index + 1] == " ")
                && isSpacedLetter(line, index) {
                var end = index
                var letters = 1
                while end + 2 < count && line[end + 1] == " " && isSpacedLetter(line, end + 2) {
                    end += 2
                    letters += 1
                }
                if letters >= 4 && standsApart(line, from: index, through: end) && casedAsOneWord(line, from: index, through: end) {
                    for position in stride(from: index, through: end, by: 2) { output.append(line[position]) }
                    joined += 1
                    index = end + 1
                    continue
                }
            }
            output.append(line[index])
            index += 1
        }
        if joined > 0 { line = output }
        return joined
    }

    /// Whether the stretch of single characters holding `line[start...end]` is bounded on both
    /// sides by the line's end (spaces and a leading section number aside) or by two or more spaces.
    static func standsApart(_ line: [Unicode.Scalar], from start: Int, through end: Int) -> Bool {
        func single(_ position: Int) -> Bool {
            line[position] != " " && (position == 0 || line[position - 1] == " ")
                && (position + 1 == line.count || line[position + 1] == " ")
        }
        var first = start
        while first >= 2 && line[first - 1] == " " && single(first - 2) { first -= 2 }
        var last = end
        while last + 2 < line.count && line[last + 1] == " " && single(last + 2) { last += 2 }
        // A section number may stand before a spaced heading (`1.2 I n t r o d u c t i o n`).
        let leftOpen = line[..<first].allSatisfy { $0 == " " || $0 == "." || ("0"..."9").contains($0) }
            || (first >= 2 && line[first - 2] == " ")
        let rightOpen = line[(last + 1)...].allSatisfy { $0 == " " } || (last + 2 < line.count && line[last + 2] == " ")
        return leftOpen && rightOpen
    }

    /// Whether the letters at `start, start + 2, … end` are cased as one word: all capitals, all
    /// small letters, or a capital and then small letters. Letter spacing is a practice of the
    /// cased alphabets (Latin, Greek, Cyrillic): a letter without case (Arabic `و`, Thai) is a
    /// word of its own.
    static func casedAsOneWord(_ line: [Unicode.Scalar], from start: Int, through end: Int) -> Bool {
        var upper = 0
        var lower = 0
        var lowerThenUpper = false
        for position in stride(from: start, through: end, by: 2) {
            let properties = line[position].properties
            if properties.isUppercase {
                if lower > 0 { lowerThenUpper = true }
                upper += 1
            } else if properties.isLowercase {
                lower += 1
            } else {
                return false
            }
        }
        return !lowerThenUpper && (upper <= 1 || lower == 0)
    }

    /// Whether the line has four single characters in a row separated by single spaces (`a b c d`),
    /// the cheap test before the real one.
    static func hasSpacedLetterRun(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        var run = 0
        var index = line.startIndex
        let start = line.startIndex
        let count = line.endIndex
        guard line.count >= 7 else { return false }
        while index < count {
            let standsAlone = line[index] != " " && (index == start || line[index - 1] == " ")
                && (index + 1 == count || line[index + 1] == " ")
            if standsAlone {
                run += 1
                if run >= 4 { return true }
                index += 2
            } else {
                run = 0
                index += 1
            }
        }
        return false
    }

    /// A letter of an alphabetic script with a space or the line end after it.
    static func isSpacedLetter(_ line: [Unicode.Scalar], _ index: Int) -> Bool {
        let scalar = line[index]
        guard scalar.properties.isAlphabetic, !Script(scalar).isCJK else { return false }
        return index + 1 == line.count || line[index + 1] == " "
    }
}
