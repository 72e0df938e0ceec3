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
            if scalar == " " {
                if previousSpace { return true }
                previousSpace = true
            } else {
                if scalar.value == 0x3000 { return true }
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
                if runEnd - index > 1 || scalar != " " { changes += 1 }
                output.append(" ")
                index = runEnd
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return changes
    }

    /// Letter-spaced words from PDF headings (`F i g u r e 1` → `Figure 1`): a run of at least
    /// four single letters separated by single spaces is one word; two or more spaces separate
    /// words. Returns the number of runs joined.
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
                if letters >= 4 {
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
