import GalleyText

/// Decides whether a word hyphenated at a line end is a broken word (`Colling-\nwood` →
/// `Collingwood`) or a real compound (`north-\neast` → `north-east`).
///
/// Evidence, strongest first: the shape of the break (digits, a capital after a lower-case
/// letter, a compound already hyphenated), the same word elsewhere in the document (solid or
/// hyphenated), number words and compass points, compound prefixes (`non-`, `self-`, `well-`)
/// before a real word, and the word list. A break that nothing marks as a compound is a
/// broken word: in print, line-end hyphens are mostly breaks.
struct HyphenJudge: Sendable {
    let lexicon: WordList?
    let prefixes: Set<String>

    static let defaultPrefixes = ["non", "self", "ex", "well", "ill", "vice", "quasi", "great", "cross"]
    /// Prefixes that keep their hyphen even when the solid word exists (`non-committal`).
    static let alwaysHyphenated: Set<String> = ["non", "self", "vice", "quasi"]

    static let tens: Set<String> = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    static let units: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ]
    static let smallNumbers: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ]
    static let fractions: Set<String> = [
        "half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths", "fifth", "fifths",
        "sixth", "sixths", "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths",
    ]
    /// Street names of nineteenth-century newspapers: `Oxford-street`, `George-street`.
    static let streetWords: Set<String> = ["street", "road", "lane", "place", "square", "terrace", "parade", "quay", "avenue"]
    static let compass: Set<String> = ["north", "south"]
    /// Every first part that the number and compass rules look at.
    static let specialFirstParts: Set<String> = tens.union(smallNumbers).union(compass)
    static let compassSecond: Set<String> = ["east", "west", "eastern", "western", "easterly", "westerly", "eastward", "westward"]

    /// What the document itself says: how often each word appears solid, and each pair hyphenated.
    struct Evidence {
        var solid: [String: Int] = [:]
        var hyphenated: [String: Int] = [:]
        /// How many street names are written with a hyphen inside a line (`George-street`).
        var hyphenatedStreets = 0
    }

    enum Decision: Equatable {
        /// Join without the hyphen.
        case join
        /// Keep the hyphen and join without a space.
        case keep
    }

    /// - Parameters:
    ///   - left: the letters before the hyphen (`Colling`), as written.
    ///   - right: the letters after the line break (`wood`), as written.
    ///   - compoundBefore: the left part is itself the end of a hyphenated compound (`three-year-`).
    func decide(left: String, right: String, compoundBefore: Bool, evidence: Evidence) -> Decision {
        guard let rightFirst = right.unicodeScalars.first else { return .keep }
        let leftHasLower = left.unicodeScalars.contains {
            $0.value < 0x80 ? ($0.value >= 0x61 && $0.value <= 0x7A) : $0.properties.isLowercase
        }
        if rightFirst.properties.isUppercase && leftHasLower { return .keep }  // Anglo-\nJapanese
        let leftLower = left.lowercased()
        let rightLower = right.lowercased()
        let joined = leftLower + rightLower
        // The word list is asked only where it decides.
        func joinedIsWord() -> Bool { lexicon?.contains(lowercased: joined) ?? false }
        // The document's own spelling of the same word, solid or hyphenated, comes first: also
        // inside a compound (`being-Park-\ngrove` where the text writes `Parkgrove`).
        let solid = evidence.solid.isEmpty ? 0 : evidence.solid[joined, default: 0]
        let hyphenated = evidence.hyphenated.isEmpty ? 0 : evidence.hyphenated[leftLower + "-" + rightLower, default: 0]
        if hyphenated > solid { return .keep }
        if solid > hyphenated { return .join }
        // `three-year-\nold` is a compound; `sick-head-\nache` a compound with a broken word.
        if compoundBefore { return joinedIsWord() ? .join : .keep }

        // Number words and compass points first (one lookup rules them out for most words).
        if Self.specialFirstParts.contains(leftLower) {
            if Self.tens.contains(leftLower) && Self.units.contains(rightLower) { return .keep }
            if (Self.smallNumbers.contains(leftLower) || Self.tens.contains(leftLower))
                && Self.fractions.contains(rightLower) { return .keep }
            if Self.compass.contains(leftLower) && Self.compassSecond.contains(rightLower) { return .keep }
        }
        // `Kent-\nstreet` where the document writes its other street names `George-street`.
        if evidence.hyphenatedStreets > 0, Self.streetWords.contains(rightLower),
           let initial = left.unicodeScalars.first, initial.properties.isUppercase, leftHasLower { return .keep }

        if prefixes.contains(leftLower) && isWord(rightLower) {
            if !joinedIsWord() || (Self.alwaysHyphenated.contains(leftLower) && rightLower.count >= 4) {
                return .keep
            }
        }
        return .join
    }

    /// Whether `word` stands on its own: in the word list, or without one, long enough not to be a suffix.
    func isWord(_ word: String) -> Bool {
        if let lexicon { return lexicon.contains(lowercased: word) }
        return word.count >= 4 && !["ness", "ment", "ship", "less", "able", "ible", "tion", "sion", "ing"].contains { word.hasPrefix($0) && word.count <= $0.count + 1 }
    }

    /// Collects the evidence of one document: how often the words that a line-end hyphen could
    /// form are written solid, and how often each `a-b` pair is written with a hyphen inside a
    /// line. Documents without line-end hyphens skip the scan; otherwise one pass over the text,
    /// building strings only for words that could matter.
    static func evidence(in lines: [[Unicode.Scalar]]) -> Evidence {
        var evidence = Evidence()
        // The shapes (first letter, length) of the solid words a line-end hyphen could form.
        var shapes = Set<UInt64>()
        for (number, line) in lines.enumerated()
        where line.count >= 2 && isHyphen(line[line.count - 1]) && isWordLetter(line[line.count - 2]) {
            var start = line.count - 2
            while start > 0 && isWordLetter(line[start - 1]) { start -= 1 }
            var next = number + 1
            while next < lines.count && lines[next].isEmpty { next += 1 }
            guard next < lines.count else { continue }
            var end = 0
            while end < lines[next].count && isWordLetter(lines[next][end]) { end += 1 }
            shapes.insert(shape(lowercaseFirst(line[start]), (line.count - 1 - start) + end))
        }
        guard !shapes.isEmpty else { return evidence }
        // The same shapes as a table for ASCII first letters and lengths below 64: the lookup
        // made for every word of the document.
        var shapeTable = [Bool](repeating: false, count: 128 * 64)
        var otherShapes = Set<UInt64>()
        for shape in shapes {
            let first = shape >> 32
            let length = shape & 0xFFFF_FFFF
            if first < 128 && length < 64 { shapeTable[Int(first) * 64 + Int(length)] = true } else { otherShapes.insert(shape) }
        }
        func isWanted(_ first: UInt32, _ length: Int) -> Bool {
            if first < 128 && length < 64 { return shapeTable[Int(first) * 64 + length] }
            return !otherShapes.isEmpty && otherShapes.contains(shape(first, length))
        }
        for number in lines.indices where !lines[number].isEmpty {
            lines[number].withUnsafeBufferPointer { collect(in: $0, into: &evidence) }
        }
        return evidence

        func collect(in line: UnsafeBufferPointer<Unicode.Scalar>, into evidence: inout Evidence) {
            var index = 0
            var previousWord: String?
            var previousEndedWithHyphen = false
            while index < line.count {
                guard isWordLetter(line[index]) else {
                    previousEndedWithHyphen = isHyphen(line[index]) && previousWord != nil
                        && index + 1 < line.count && isWordLetter(line[index + 1])
                    if !previousEndedWithHyphen { previousWord = nil }
                    index += 1
                    continue
                }
                let wordStart = index
                while index < line.count && isWordLetter(line[index]) { index += 1 }
                let wanted = isWanted(lowercaseFirst(line[wordStart]), index - wordStart)
                guard wanted || previousEndedWithHyphen || (index < line.count && isHyphen(line[index])) else {
                    previousWord = nil
                    previousEndedWithHyphen = false
                    continue
                }
                let lower = String(scalars: line[wordStart..<index]).lowercased()
                // A word hyphenated at the very end of a line is not evidence of anything.
                let atLineEndHyphen = index < line.count && isHyphen(line[index]) && index + 1 == line.count
                if !atLineEndHyphen { evidence.solid[lower, default: 0] += 1 }
                if previousEndedWithHyphen, let previous = previousWord {
                    evidence.hyphenated[previous + "-" + lower, default: 0] += 1
                    if streetWords.contains(lower) { evidence.hyphenatedStreets += 1 }
                }
                previousWord = lower
                previousEndedWithHyphen = false
            }
        }
    }

    @inline(__always) static func shape(_ first: UInt32, _ length: Int) -> UInt64 {
        UInt64(first) << 32 | UInt64(length)
    }

    /// The first letter lower-cased, cheaply for ASCII.
    @inline(__always) static func lowercaseFirst(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if value >= 0x41 && value <= 0x5A { return value + 0x20 }
        if value < 0x80 { return value }
        return String(scalar).lowercased().unicodeScalars.first?.value ?? value
    }

    @inline(__always) static func isWordLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) }
        if value >= 0x2E80 && value <= 0xD7AF { return false }  // CJK, kana, hangul
        // Full-width forms: only the letters (the punctuation of CJK text is common here).
        if value >= 0xFF01 && value <= 0xFF65 {
            return (value >= 0xFF21 && value <= 0xFF3A) || (value >= 0xFF41 && value <= 0xFF5A)
        }
        if value >= 0x2000 && value <= 0x206F { return false }  // general punctuation: dashes, quotes
        return scalar.properties.isAlphabetic && !Script(scalar).isCJK
    }

    /// A digit or another character with a numeric value (`３`, `Ⅻ`, `五`), cheaply for ASCII.
    @inline(__always) static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x30 && value <= 0x39 }
        return scalar.properties.numericType != nil
    }

    /// `-`, the Unicode hyphen U+2010 and `¬` (the mark some transcriptions use for a line-end break).
    @inline(__always) static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar.value == 0x2010 || scalar == "¬"
    }
}
