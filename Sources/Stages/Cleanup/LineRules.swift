import GalleyText

/// The line-level rules of `cleanup`: spaces, letter-spaced headings and blank lines.
enum LineRules {
    /// Spaces that collapse into one: the ASCII space and the ideographic space U+3000.
    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar.value == 0x3000
    }

    /// Whether `collapseSpaces` could change the line.
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

    /// Trims a line and collapses its gaps of running text to one ASCII space; returns how many
    /// scalars were dropped or changed.
    /// - Parameter innerGaps: whether gaps inside the line may be collapsed at all (false for a
    ///   row of aligned columns, ``TextLayout``), asked only of a line with gaps to collapse.
    static func collapseSpaces(_ line: ArraySlice<Unicode.Scalar>, innerGaps: () -> Bool = { true },
                               into output: inout [Unicode.Scalar]) -> Int {
        var changes = 0
        var start = line.startIndex
        var end = line.endIndex
        while start < end && (isSpace(line[start]) || line[start] == "\t") { start += 1 }
        // A line that opens with a drawn character (`( o.o )`, `/\_/\`, `│ box │`) is placed by
        // its spaces, at both ends: they stay. Indentation before text is layout, and goes.
        if start < end && isDrawn(line[start], in: line) {
            start = line.startIndex
        } else {
            changes += start - line.startIndex
            while end > start && (isSpace(line[end - 1]) || line[end - 1] == "\t") { end -= 1; changes += 1 }
        }
        // A justified or extracted line spreads its slack over several gaps; one wide gap in a
        // line is the writer's own (or a column), and stays.
        let collapsing = collapsibleGaps(line[start..<end]) >= 2 && innerGaps()
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
                if collapsing && isCollapsibleGap(line, index, runEnd) {
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

    /// Whether `scalar`, opening `line`, draws rather than writes: a symbol (box drawing, block
    /// elements, arrows, signs), or one of the ASCII characters that ASCII art is made of in a
    /// line without a word of three letters or a digit (`( o.o )`, but not `(a) The first item`
    /// nor an equation number `(3)`).
    static func isDrawn(_ scalar: Unicode.Scalar, in line: ArraySlice<Unicode.Scalar>) -> Bool {
        if scalar.value < 0x80 {
            return "/\\|_<>^~*+=#()[]{}".unicodeScalars.contains(scalar) && !hasWord(line, letters: 3)
                && !line.contains { $0.value >= 0x30 && $0.value <= 0x39 }
        }
        switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Whether the line holds `letters` letters in a row.
    static func hasWord(_ line: ArraySlice<Unicode.Scalar>, letters: Int) -> Bool {
        var run = 0
        for scalar in line {
            run = scalar.properties.isAlphabetic ? run + 1 : 0
            if run >= letters { return true }
        }
        return false
    }

    /// Whether the run of spaces `line[start..<end]` is a gap of running text that collapses: two
    /// spaces or more between prose characters, and not two after a full stop.
    static func isCollapsibleGap(_ line: ArraySlice<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        guard end - start > 1, start > line.startIndex, end < line.endIndex else { return false }
        guard isProse(line[start - 1]) && isProse(line[end]) else { return false }
        return !(end - start == 2 && line[start] == " " && line[start + 1] == " " && endsSentence(line[line.startIndex..<start]))
    }

    /// How many collapsible gaps (``isCollapsibleGap(_:_:_:)``) the trimmed line holds.
    static func collapsibleGaps(_ line: ArraySlice<Unicode.Scalar>) -> Int {
        var gaps = 0
        var index = line.startIndex
        while index < line.endIndex {
            guard isSpace(line[index]) else {
                index += 1
                continue
            }
            var runEnd = index + 1
            while runEnd < line.endIndex && isSpace(line[runEnd]) { runEnd += 1 }
            if isCollapsibleGap(line, index, runEnd) { gaps += 1 }
            index = runEnd
        }
        return gaps
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
    /// (`CHAPTER`, `Figure`, not `a B c D`, nor small letters alone: `a b c d e f g h` are the
    /// files of a chess board). A run that reaches an end of its line is a heading only in a text
    /// with other lines for it to head (`wholeLine`): `Q W E R T Y` alone is no heading.
    /// Returns the number of runs joined.
    static func joinLetterSpacing(_ line: inout [Unicode.Scalar], wholeLine: Bool = true) -> Int {
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
                if letters >= 4 && standsApart(line, from: index, through: end, lineEnds: wholeLine)
                    && casedAsOneWord(line, from: index, through: end) {
                    // The gaps around a spaced word are its word spaces: one space each.
                    if output.count >= 2 && output[output.count - 1] == " " && output[output.count - 2] == " " {
                        while output.count >= 2 && output[output.count - 2] == " " { output.removeLast() }
                    }
                    for position in stride(from: index, through: end, by: 2) { output.append(line[position]) }
                    joined += 1
                    index = end + 1
                    if index + 1 < count && line[index] == " " && line[index + 1] == " " {
                        var gapEnd = index
                        while gapEnd < count && line[gapEnd] == " " { gapEnd += 1 }
                        if gapEnd < count {
                            output.append(" ")
                            index = gapEnd
                        }
                    }
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
    /// With `lineEnds` false, only gaps count.
    static func standsApart(_ line: [Unicode.Scalar], from start: Int, through end: Int, lineEnds: Bool = true) -> Bool {
        func single(_ position: Int) -> Bool {
            line[position] != " " && (position == 0 || line[position - 1] == " ")
                && (position + 1 == line.count || line[position + 1] == " ")
        }
        var first = start
        while first >= 2 && line[first - 1] == " " && single(first - 2) { first -= 2 }
        var last = end
        while last + 2 < line.count && line[last + 1] == " " && single(last + 2) { last += 2 }
        // A section number may stand before a spaced heading (`1.2 I n t r o d u c t i o n`).
        // A gap is two spaces or more between characters; indentation is no gap.
        let leftOpen = (lineEnds && line[..<first].allSatisfy { $0 == " " || $0 == "." || ("0"..."9").contains($0) })
            || (first >= 2 && line[first - 2] == " " && line[..<(first - 2)].contains { $0 != " " })
        let rightOpen = (lineEnds && line[(last + 1)...].allSatisfy { $0 == " " })
            || (last + 2 < line.count && line[last + 2] == " " && line[(last + 2)...].contains { $0 != " " })
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
        return upper > 0 && !lowerThenUpper && (upper <= 1 || lower == 0)
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
