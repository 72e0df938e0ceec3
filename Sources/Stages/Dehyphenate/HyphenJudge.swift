import GalleyText

/// Decides whether a word hyphenated at a line end is a broken word (`Colling-\nwood` →
/// `Collingwood`) or a real compound (`north-\neast` → `north-east`), and whether two halves
/// of a line break without a hyphen are one word that old OCR lost the hyphen of
/// (`legis\nlature` → `legislature`).
///
/// Evidence, strongest first: the shape of the break (digits, a capital after a lower-case
/// letter, a compound already hyphenated), the document itself (the same word written solid or
/// hyphenated inside a line), number words and compass points, and then the spelling
/// dictionary: a joined form that is a word is joined; two halves that are each a word and do
/// not make one together are a compound (`rule-\nbased`, `trade-\noff`). A break that nothing
/// marks as a compound is a broken word: in print, line-end hyphens are mostly breaks.
struct HyphenJudge: Sendable {
    let lexicon: Lexicon
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
        /// How often each word stands alone inside a line (neither first nor last, nor part of
        /// a hyphenated compound): a word the document uses on its own.
        var standalone: [String: Int] = [:]
        /// How many street names are written with a hyphen inside a line (`George-street`).
        var hyphenatedStreets = 0
        /// How often each word is a half of a line break without a hyphen that may have cut a word
        /// (`com | bination`, `Com | mission`): counted among `solid`, but no use on its own.
        var halvesAtBreaks: [String: Int] = [:]
        /// How often each pair of words asked about at a line break without a hyphen
        /// (`fairy land` for `fairy | land`) is written apart inside a line, by the pair's
        /// lower-case words with a space between.
        var apart: [String: Int] = [:]
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
        let leftHasLower = left.unicodeScalars.contains { Self.isLowercase($0) }
        if Self.isUppercase(rightFirst) && leftHasLower { return .keep }  // Anglo-\nJapanese
        let leftLower = left.lowercased()
        let rightLower = right.lowercased()
        let joined = leftLower + rightLower
        // The dictionary is asked only where it decides.
        func joinedIsWord() -> Bool { lexicon.isWord(left + right) }
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
           let initial = left.unicodeScalars.first, Self.isUppercase(initial), leftHasLower { return .keep }

        let alwaysHyphenated = Self.alwaysHyphenated.contains(leftLower) && rightLower.count >= 4
        if lexicon.knowsWords {
            // Hunspell is asked about the word as written (`Sydney` yes, `sydney` no).
            if lexicon.isWord(left + right) {
                return prefixes.contains(leftLower) && alwaysHyphenated && isWord(right) ? .keep : .join
            }
            // A capitalised first part (`Banks-\ntown`, `Shoo-\nsmith`) is a name cut in two: names
            // are not in the dictionary, so its halves being words says nothing.
            if leftIsTitlecase(left) { return .join }
            // Two words that do not make one: `rule-based`, `long-term`, `trade-off` — unless the
            // solid form is in common use all the same, a word the dictionary lacks (`cancel-\nled`,
            // `english-\nman`; not after a compound prefix: `well-\nbeing`).
            if left.count >= 2 && isWord(left) && isWord(right) {
                return !prefixes.contains(leftLower) && lexicon.isCommon(joined) ? .join : .keep
            }
            if prefixes.contains(leftLower) && isWord(right) { return .keep }
            return .join
        }
        if prefixes.contains(leftLower) && isWord(rightLower) { return .keep }
        return .join
    }

    /// Whether the two halves of a line break without a hyphen (`legis` / `lature`) are one word
    /// whose hyphen the OCR lost. The joined form must be a word: in the dictionary, or written
    /// solid by the document. Halves that are both words (`pro` / `vision`) are joined only when
    /// the break falls at a legal hyphenation point, as a typesetter's would, and the document
    /// uses neither of them on its own elsewhere: a word that stands apart in the document
    /// (`be` / `held`, `some` / `time`) stays apart, whatever it makes with its neighbour — unless
    /// the joined form is a name of the dictionary (`Spring` / `field`, `Springfield`).
    func joinsWithoutHyphen(left: String, right: String, evidence: Evidence) -> Bool {
        guard lexicon.knowsWords else { return false }
        let joined = left + right
        let writtenSolid = !evidence.solid.isEmpty && evidence.solid[joined.lowercased(), default: 0] > 0
        guard isWord(left) && isWord(right) else {
            return lexicon.isWord(joined) || writtenSolid
        }
        guard lexicon.isWord(joined) else {
            // A name the document writes solid elsewhere (`Creek | side`, `Creekside`).
            return leftIsTitlecase(left) && writtenSolid
        }
        // Used on its own elsewhere: inside a line, or anywhere else than as a half of such a
        // break (this one, or the same word cut the same way again: `Com | mission` twice).
        func usedAlone(_ half: String) -> Bool {
            let lower = half.lowercased()
            let atBreaks = max(1, evidence.halvesAtBreaks[lower, default: 0])
            return evidence.standalone[lower, default: 0] > 0 || evidence.solid[lower, default: 0] > atBreaks
        }
        // The document's own spelling first: the two words written apart inside a line
        // (`fairy land`) stay apart; the word written solid elsewhere (`fairyland`) is joined when
        // the document does not also use a half on its own (`SOMETIME since…` and `some` alone:
        // the document has both, and the rest of the evidence decides).
        let apart = evidence.apart.isEmpty ? 0 : evidence.apart[left.lowercased() + " " + right.lowercased(), default: 0]
        if apart > 0 { return evidence.solid[joined.lowercased(), default: 0] > apart }
        let halfUsedAlone = usedAlone(left) || usedAlone(right)
        if writtenSolid && !halfUsedAlone { return true }
        // A name the dictionary knows only capitalised, cut in two (`Spring | field`): no two
        // words of running text make a name.
        if leftIsTitlecase(left) && !lexicon.isWord(joined.lowercased()) { return true }
        // How common the word is against the two words side by side: far more likely as one word
        // (`elect | ed`, `be | fore`: whatever the document does with `be`, and whether or not
        // the patterns would break there), or not likely enough (`blue | stone`, `fairy | land`).
        if let odds = lexicon.oneWordOdds(left: left, right: right) {
            if odds >= Self.oneWordOdds { return true }
            if odds < Self.twoWordOdds { return false }
        }
        if halfUsedAlone { return false }
        return lexicon.allowsBreak(left: left, right: right)
    }

    /// Above this (a base-10 logarithm, ``Lexicon/oneWordOdds(left:right:)``), two halves that
    /// are both words are one word cut in two, whatever else is said of them: 30,000 times likelier
    /// than the two words side by side.
    static let oneWordOdds = 4.5
    /// Below this, two halves that are both words stay apart: the joined form is less than 300
    /// times likelier than the two words side by side, too little against the many line breaks
    /// that fall between words (a line ends between words far more often than inside one).
    static let twoWordOdds = 2.5

    /// `Banks`: a capital, then lower-case letters only.
    func leftIsTitlecase(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, Self.isUppercase(first), word.unicodeScalars.count >= 2 else { return false }
        return word.unicodeScalars.dropFirst().allSatisfy { Self.isLowercase($0) }
    }

    /// Letter case, cheaply for ASCII.
    @inline(__always) static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x80 ? (value >= 0x61 && value <= 0x7A) : scalar.properties.isLowercase
    }

    @inline(__always) static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x80 ? (value >= 0x41 && value <= 0x5A) : scalar.properties.isUppercase
    }

    /// Whether `word` stands on its own: in the dictionary, or without one, long enough not to be a suffix.
    func isWord(_ word: String) -> Bool {
        if lexicon.knowsWords { return lexicon.isWord(word) }
        return word.count >= 4 && !["ness", "ment", "ship", "less", "able", "ible", "tion", "sion", "ing"].contains { word.hasPrefix($0) && word.count <= $0.count + 1 }
    }

    /// Collects the evidence of one document: how often the words that a line-end hyphen could
    /// form are written solid, and how often each `a-b` pair is written with a hyphen inside a
    /// line. Documents without line-end hyphens skip the scan; otherwise one pass over the text,
    /// building strings only for words that could matter.
    /// `unhyphenated`: the line breaks without a hyphen that may have lost one, as (first
    /// letter, length) shapes of the words they would form (``shape(_:_:)``).
    /// `pairs`: the pairs of words (lower-cased, a space between) whose writing apart inside a line
    /// is counted in ``Evidence/apart``.
    static func evidence(in lines: DocumentLines, unhyphenated: Set<UInt64> = [], pairs: Set<String> = []) -> Evidence {
        var evidence = Evidence()
        // The shapes (first letter, length) of the solid words a line-end hyphen could form.
        var shapes = unhyphenated
        var line: [Unicode.Scalar] = []
        var nextLine: [Unicode.Scalar] = []
        for number in lines.indices where lines.length(number) >= 2 && lines.last(number).map(isHyphen) == true {
            lines.decode(number, into: &line)
            guard isWordLetter(line[line.count - 2]) else { continue }
            var start = line.count - 2
            while start > 0 && isWordLetter(line[start - 1]) { start -= 1 }
            var next = number + 1
            while next < lines.count && lines.isEmpty(next) { next += 1 }
            guard next < lines.count else { continue }
            lines.decode(next, into: &nextLine)
            var end = 0
            while end < nextLine.count && isWordLetter(nextLine[end]) { end += 1 }
            shapes.insert(shape(lowercaseFirst(line[start]), (line.count - 1 - start) + end))
        }
        guard !shapes.isEmpty else { return evidence }
        // The first words of the pairs: a pair string is built only after one of them.
        let pairStarts = Set(pairs.compactMap { $0.split(separator: " ").first.map(String.init) })
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
        for number in lines.indices where !lines.isEmpty(number) {
            lines.decode(number, into: &line)
            line.withUnsafeBufferPointer { collect(in: $0, into: &evidence) }
        }
        return evidence

        func collect(in line: UnsafeBufferPointer<Unicode.Scalar>, into evidence: inout Evidence) {
            var index = 0
            var previousWord: String?
            var previousEndedWithHyphen = false
            // The last wanted word and where it ended, for the pairs written apart.
            var lastWanted: String?
            var lastWantedEnd = -2
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
                let lower = lowercasedWord(line[wordStart..<index])
                // A word hyphenated at the very end of a line is not evidence of anything.
                let atLineEndHyphen = index < line.count && isHyphen(line[index]) && index + 1 == line.count
                if !atLineEndHyphen { evidence.solid[lower, default: 0] += 1 }
                // A word standing alone away from the line's ends, where a break could have cut it.
                if wanted && wordStart > 0 && index < line.count && !isHyphen(line[index]) && !isHyphen(line[wordStart - 1]) {
                    evidence.standalone[lower, default: 0] += 1
                }
                if !pairs.isEmpty, wanted {
                    if let last = lastWanted, lastWantedEnd + 1 == wordStart, line[lastWantedEnd] == " ", pairStarts.contains(last) {
                        let pair = last + " " + lower
                        if pairs.contains(pair) { evidence.apart[pair, default: 0] += 1 }
                    }
                    lastWanted = lower
                    lastWantedEnd = index
                }
                if previousEndedWithHyphen, let previous = previousWord {
                    evidence.hyphenated[previous + "-" + lower, default: 0] += 1
                    if streetWords.contains(lower) { evidence.hyphenatedStreets += 1 }
                }
                previousWord = lower
                previousEndedWithHyphen = false
            }
        }
    }

    /// `String(scalars: word).lowercased()`, without the detour through Unicode case mapping
    /// for a word of ASCII letters (the commonest, and the same result).
    static func lowercasedWord(_ word: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> String {
        guard word.allSatisfy({ $0.value < 0x80 }) else { return String(scalars: word).lowercased() }
        return String(unsafeUninitializedCapacity: word.count) { buffer in
            for (offset, scalar) in word.enumerated() {
                let value = UInt8(scalar.value)
                buffer[offset] = value >= 0x41 && value <= 0x5A ? value + 0x20 : value
            }
            return word.count
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
