/// The features of a page's lines that the line-role model reads, computed by the same code at
/// training time (`galley-line-roles features`) and at run time, so the two never drift apart.
///
/// Every feature is a template and a small integer value. A line has its own features and those of
/// the lines before and after it (the templates ``LineFeature/isReadOnNeighbours`` names, under
/// `-1:` and `+1:`). In the model file a feature is written `name=value`
/// (`len=3`, `-1:last=0`).
public enum LineFeature: Int, CaseIterable, Sendable {
    /// Scalars, in buckets: 1–3, 4–8, 9–15, 16–25, 26–40, 41–60, 61–90, 91–150, more (0…8).
    case length
    /// Script of the letters: 0 none, 1 CJK, 2 Latin, 3 both.
    case script
    /// First scalar: 0 upper-case, 1 lower-case, 2 digit, 3 CJK letter, 4 opening bracket, 5 dash,
    /// 6 bullet or decoration (`□■●`), 7 quote, 8 other.
    case first
    /// Last scalar: 0 sentence end (`.!?。！？…`), 1 comma (`,，、`), 2 colon, 3 semicolon, 4 lower-case,
    /// 5 upper-case, 6 digit, 7 CJK letter, 8 closing bracket, 9 hyphen, 10 other.
    case last
    /// Latin case pattern: 1 ALL CAPS, 2 Title Case, 3 initial capital, 4 lower-case start (absent
    /// with fewer than three Latin letters).
    case casing
    /// Words (runs between spaces): 1, 2, 3, 4–6, 7–10, 11–16, more (0…6).
    case words
    /// Numbering: 1 `2.1 `, `3 `, 2 Roman `IV.`, 3 letter `A.`, 4 `一、`, 5 `（一）`, 6 `第…`, 7 `1、`, `１．`.
    case numbering
    /// Opens like a byline: `By `, a reporter word (`记者`, `本报记者`), `文/`, `作者：`, decoration then a name.
    case bylineWord
    /// A photo credit on its own line (`陆新 摄`, `（新华社记者兰红光摄）`, `Photo: …`).
    case creditLine
    /// Opens with a caption label or opening (`Figure 2:`, `图为`, `Table 1`).
    case captionLabel
    /// A paper's section name alone (`Abstract`, `References`).
    case sectionName
    /// Opens with a news dateline: `本报讯`, `…电（`, `…消息（`; or `WASHINGTON —`.
    case dateline
    /// Page furniture words: `第3版`, `版`, `Page 3`, `VOL.`, a line of digits alone.
    case furnitureWord
    /// An e-mail address or a web address.
    case address
    /// Front-matter words: `Proceedings`, `University`, `Department`, `Institute`, `Conference`, `©`, `pages`.
    case venueWord
    /// Ends with a picture marker: `（图片）`, `（附图片１张）`.
    case pictureMarker
    /// Opens with a dash (`——`, `—`, `--`): a subtitle in Chinese papers.
    case dashOpening
    /// Share of digits among the non-space scalars: 0 none, 1 under 10%, 2 under 30%, 3 under 60%, 4 more.
    case digits
    /// Two or more spaces inside the line (columns of a table): 1.
    case gaps
    /// A sentence ends inside the line (`。` or `. ` before the end): 1.
    case innerSentence
    /// A CJK line with `：`, `，`, `—` or a space inside: 1.
    case innerPunctuation
    /// Indented: 1 one to three spaces, 2 more.
    case indent
    /// Length against the page's median line: 0 under 0.3, 1 under 0.6, 2 under 0.9, 3 under 1.1,
    /// 4 under 1.5, 5 more.
    case relativeLength
    /// The same text occurs on another line of the page: 1.
    case repeated
    /// A blank line before it: 1 (own line only).
    case blankBefore
    /// A blank line after it: 1 (own line only).
    case blankAfter
    /// Place among the page's lines: 0…3 the first four, 4 in the first tenth, 5 the middle, 6 the
    /// last tenth, 7 the last line; plus 8 × the page's size (0: 1–3 lines, 1: 4–10, 2: 11–40, 3: more)
    /// (own line only).
    case position
    /// The line's shape, a conjunction: first scalar class, last scalar class, length bucket and
    /// case pattern in one value (so a short capitalized line that ends a sentence differs from a
    /// short capitalized line that does not).
    case shape
    /// A Latin line that ends with a function word (`of`, `the`, `on`, `and`): the start of a sentence
    /// that goes on below, not a headline: 1.
    case smallWordEnd
    /// Bias: always 1 (own line only).
    case bias

    /// The name written in the model file.
    public var name: String {
        switch self {
        case .length: "len"
        case .script: "script"
        case .first: "first"
        case .last: "last"
        case .casing: "case"
        case .words: "words"
        case .numbering: "num"
        case .bylineWord: "byline"
        case .creditLine: "credit"
        case .captionLabel: "caption"
        case .sectionName: "section"
        case .dateline: "dateline"
        case .furnitureWord: "furniture"
        case .address: "address"
        case .venueWord: "venue"
        case .pictureMarker: "picture"
        case .dashOpening: "dash"
        case .digits: "digits"
        case .gaps: "gaps"
        case .innerSentence: "inner"
        case .innerPunctuation: "innerpunct"
        case .indent: "indent"
        case .relativeLength: "rel"
        case .repeated: "repeated"
        case .blankBefore: "blank-"
        case .blankAfter: "blank+"
        case .position: "pos"
        case .bias: "bias"
        case .shape: "shape"
        case .smallWordEnd: "smallend"
        }
    }

    /// Whether the feature is also read off the lines before and after (`-1:`, `+1:`): the ones
    /// that tell a headline, deck, caption or byline from the text around it.
    public var isReadOnNeighbours: Bool {
        switch self {
        case .length, .first, .last, .casing, .shape, .captionLabel, .creditLine, .bylineWord, .relativeLength, .dashOpening: true
        default: false
        }
    }

    /// Features that describe the line's place rather than its text: not copied to its neighbours.
    public var isOwnOnly: Bool {
        switch self {
        case .blankBefore, .blankAfter, .position, .bias: true
        default: false
        }
    }

    /// Offsets at which a line's features are read: the line itself, the one before, the one after.
    public static let offsets = [0, -1, 1]

    /// The key of a feature: its template, the offset of the line it describes, its value.
    @inlinable
    public static func key(_ feature: LineFeature, offset: Int, value: Int) -> UInt64 {
        UInt64(feature.rawValue) << 40 | UInt64(offset + 8) << 32 | UInt64(UInt32(truncatingIfNeeded: value))
    }

    /// The key of a feature written `name=value` or `-1:name=value`; nil for an unknown name.
    public static func key(named text: Substring) -> UInt64? {
        var rest = text
        var offset = 0
        if rest.hasPrefix("-1:") { offset = -1; rest = rest.dropFirst(3) } else if rest.hasPrefix("+1:") { offset = 1; rest = rest.dropFirst(3) }
        guard let equals = rest.lastIndex(of: "="), let value = Int(rest[rest.index(after: equals)...]) else { return nil }
        let name = rest[..<equals]
        guard let feature = byName[String(name)] else { return nil }
        return key(feature, offset: offset, value: value)
    }

    static let byName: [String: LineFeature] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    /// `name=value` with its offset prefix, as the model file writes it.
    public static func name(_ feature: LineFeature, offset: Int, value: Int) -> String {
        let prefix = offset == 0 ? "" : (offset < 0 ? "-1:" : "+1:")
        return "\(prefix)\(feature.name)=\(value)"
    }
}

/// The text features of one line (template, value), without its neighbours'.
public struct LineFeatureValues: Sendable {
    /// (feature, value) pairs, at most one per template.
    public var values: [(LineFeature, Int)] = []
}

/// Computes ``LineFeature``s for every line of a page.
public enum LineFeatureExtractor {
    /// Scalars decoded at the start of a line and at its end.
    static let repeatLimit = 120
    static let headLimit = 64
    static let tailLimit = 12

    /// Calls `emit(line, key)` for every feature of every line, where `key` is ``LineFeature/key(_:offset:value:)``
    /// and `name` its `name=value` text (made only when `names` is true, for the training dump).
    public static func features(of bytes: UnsafeBufferPointer<UInt8>, lines: [PageLine], names: Bool = false,
                                _ emit: (_ line: Int, _ key: UInt64, _ name: String?) -> Void) {
        forEachFeature(of: bytes, lines: lines) { line, feature, offset, value in
            emit(line, LineFeature.key(feature, offset: offset, value: value), names ? LineFeature.name(feature, offset: offset, value: value) : nil)
        }
    }

    /// Calls `put(line, feature, offset, value)` for every feature of every line, in the order the
    /// model adds their weights (the order matters to the last bit of the scores).
    @inline(__always)
    static func forEachFeature(of bytes: UnsafeBufferPointer<UInt8>, lines: [PageLine],
                               _ emit: (_ line: Int, _ feature: LineFeature, _ offset: Int, _ value: Int) -> Void) {
        // Every line's own features in one flat array (`starts[i]..<starts[i + 1]`), decoded
        // through two scratch buffers: no allocation per line.
        var own: [(LineFeature, Int)] = []
        own.reserveCapacity(lines.count * 24)
        var starts: [Int] = [0]
        starts.reserveCapacity(lines.count + 1)
        let scratch = UnsafeMutablePointer<Unicode.Scalar>.allocate(capacity: scratchSize)
        defer { scratch.deallocate() }
        for line in lines {
            textFeatures(bytes, line, scratch: scratch, into: &own)
            starts.append(own.count)
        }
        let lengths = lines.map(\.scalars).sorted()
        let median = max(1, lengths.isEmpty ? 1 : lengths[lengths.count / 2])
        // Repeated lines (running heads, page furniture) are short: only lines of at most
        // `repeatLimit` bytes are hashed (FNV-1a); a hash that two lines share marks both
        // (found by sorting the lines by hash: no hash table).
        let hashes = lines.map { line -> UInt64 in
            guard line.end - line.start <= Self.repeatLimit else { return 0 }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for offset in line.start..<line.end { hash = (hash ^ UInt64(bytes[offset])) &* 0x100_0000_01B3 }
            return hash
        }
        var repeated = [Bool](repeating: false, count: lines.count)
        let byHash = lines.indices.filter { hashes[$0] != 0 }.sorted { hashes[$0] < hashes[$1] }
        for (position, line) in byHash.enumerated() where position > 0 && hashes[byHash[position - 1]] == hashes[line] {
            repeated[line] = true
            repeated[byHash[position - 1]] = true
        }
        let count = lines.count
        for (index, line) in lines.enumerated() {
            func put(_ feature: LineFeature, _ offset: Int, _ value: Int) { emit(index, feature, offset, value) }
            put(.bias, 0, 1)
            if line.blankBefore { put(.blankBefore, 0, 1) }
            if line.blankAfter { put(.blankAfter, 0, 1) }
            let position: Int
            if index < 4 { position = index } else if index == count - 1 { position = 7 } else if index * 10 < count { position = 4 }
            else if index * 10 >= count * 9 { position = 6 } else { position = 5 }
            let size = count <= 3 ? 0 : count <= 10 ? 1 : count <= 40 ? 2 : 3
            put(.position, 0, position + 8 * size)
            for offset in LineFeature.offsets {
                let other = index + offset
                guard other >= 0, other < count else {
                    put(.bias, offset, 2)   // no line there: the page's edge
                    continue
                }
                // (By index: a slice of `own` would retain its storage for every line and offset.)
                for position in starts[other]..<starts[other + 1] {
                    let (feature, value) = own[position]
                    if offset == 0 || feature.isReadOnNeighbours { put(feature, offset, value) }
                }
                let ratio = Double(lines[other].scalars) / Double(median)
                let relative = ratio < 0.3 ? 0 : ratio < 0.6 ? 1 : ratio < 0.9 ? 2 : ratio < 1.1 ? 3 : ratio < 1.5 ? 4 : 5
                put(.relativeLength, offset, relative)
                if offset == 0, repeated[other] { put(.repeated, offset, 1) }
            }
        }
    }

    /// The features of one line read from its text alone.
    static func textFeatures(_ bytes: UnsafeBufferPointer<UInt8>, _ line: PageLine) -> LineFeatureValues {
        let scratch = UnsafeMutablePointer<Unicode.Scalar>.allocate(capacity: scratchSize)
        defer { scratch.deallocate() }
        var result = LineFeatureValues()
        textFeatures(bytes, line, scratch: scratch, into: &result.values)
        return result
    }

    /// Scalars of the scratch memory ``textFeatures(_:_:scratch:into:)`` decodes a line into.
    static let scratchSize = headLimit + tailLimit

    /// Appends the features of one line read from its text alone to `values`. The line's first
    /// ``headLimit`` scalars (its head) and, when it is longer, its last ``tailLimit`` (its tail)
    /// are decoded into `scratch` (``scratchSize`` scalars, the caller's: nothing is allocated a
    /// line); the tail of a shorter line is the end of its head.
    static func textFeatures(_ bytes: UnsafeBufferPointer<UInt8>, _ line: PageLine, scratch: UnsafeMutablePointer<Unicode.Scalar>,
                             into values: inout [(LineFeature, Int)]) {
        var decoded = 0
        var offset = line.start
        while offset < line.end, decoded < headLimit {
            let (scalar, length) = UTF8Scalars.decode(bytes, at: offset)
            scratch[decoded] = scalar
            decoded += 1
            offset += length
        }
        let head = UnsafeBufferPointer(start: scratch, count: decoded)
        let whole = offset >= line.end
        let tail: UnsafeBufferPointer<Unicode.Scalar>
        if whole {
            let kept = min(decoded, tailLimit)
            tail = UnsafeBufferPointer(start: scratch + decoded - kept, count: kept)
        } else {
            let tailStart = scratch + headLimit
            var kept = 0
            var position = UTF8Scalars.startOfLast(tailLimit, in: bytes, from: offset, to: line.end)
            while position < line.end, kept < tailLimit {
                let (scalar, length) = UTF8Scalars.decode(bytes, at: position)
                tailStart[kept] = scalar
                kept += 1
                position += length
            }
            tail = UnsafeBufferPointer(start: tailStart, count: kept)
        }
        func put(_ feature: LineFeature, _ value: Int) { values.append((feature, value)) }

        let n = line.scalars
        let lengthBucket = n <= 3 ? 0 : n <= 8 ? 1 : n <= 15 ? 2 : n <= 25 ? 3 : n <= 40 ? 4 : n <= 60 ? 5 : n <= 90 ? 6 : n <= 150 ? 7 : 8
        put(.length, lengthBucket)

        var cjk = 0, latin = 0, upper = 0, digits = 0, nonSpace = 0, words = 0, capitalizedWords = 0, gaps = false
        var inWord = false, spaces = 0
        var innerSentence = false, innerPunctuation = false
        let count = head.count
        for position in 0..<count {
            let scalar = head[position]
            let value = scalar.value
            if value == 0x20 || value == 0x09 || value == 0x3000 {     // space, tab, ideographic space
                spaces += 1
                if spaces >= 2, inWord == false, position > 0 { gaps = true }
                inWord = false
                continue
            }
            // ASCII first: its letters, digits and punctuation by their values (the same answers
            // as the general case below).
            if value < 0x80 {
                spaces = 0
                nonSpace += 1
                let isUpper = value &- 0x41 < 26
                if !inWord {
                    inWord = true
                    words += 1
                    if isUpper { capitalizedWords += 1 }
                }
                if isUpper {
                    latin += 1
                    upper += 1
                } else if value &- 0x61 < 26 {
                    latin += 1
                } else if value &- 0x30 < 10 {
                    digits += 1
                } else if position + 1 < count || !whole {
                    if value == 0x2E || value == 0x3F || value == 0x21 {   // . ? !
                        if position + 1 < count, head[position + 1] == " " { innerSentence = true }
                    } else if value == 0x3A || value == 0x2C {               // : ,
                        innerPunctuation = true
                    }
                }
                continue
            }
            spaces = 0
            nonSpace += 1
            // Latin letters are ASCII or below U+0250; everything else is CJK or punctuation (no
            // Unicode property lookups for them).
            let isLatinRange = value < 0x250
            if !inWord {
                inWord = true
                words += 1
                if isLatinRange && LatinLetters.isUppercase(value) { capitalizedWords += 1 }
            }
            if isLatinRange {
                if LatinLetters.isAlphabetic(value) { latin += 1; if LatinLetters.isUppercase(value) { upper += 1 } }
            } else if value >= 0x3040, (0x4E00...0x9FFF).contains(value) || scalar.isCJKLetter {
                cjk += 1
            }
            if ("\u{FF10}"..."\u{FF19}").contains(scalar) { digits += 1 }
            if position + 1 < count || !whole {
                if scalar == "\u{3002}" || scalar == "\u{FF01}" || scalar == "\u{FF1F}" { innerSentence = true }
                if scalar == "\u{FF1A}" || scalar == "\u{FF0C}" || scalar == "\u{2014}" { innerPunctuation = true }
            }
        }
        if !whole { words += (n - head.count) / 6 }
        put(.script, cjk > 0 && latin > 0 ? (cjk * 3 >= latin ? 1 : latin > cjk * 3 ? 2 : 3) : cjk > 0 ? 1 : latin > 0 ? 2 : 0)
        guard let firstScalar = head.first else { return }
        put(.first, firstClass(firstScalar))
        let lastScalar = tail.last ?? firstScalar
        put(.last, lastClass(lastScalar))
        var casing = 0
        if latin >= 3, cjk == 0 || latin > cjk {
            if upper * 10 >= latin * 8 { casing = 1 } else if words >= 2, capitalizedWords * 10 >= words * 7 { casing = 2 }
            else if firstScalar.isUppercase { casing = 3 } else { casing = 4 }
            put(.casing, casing)
        }
        put(.words, words <= 1 ? 0 : words == 2 ? 1 : words == 3 ? 2 : words <= 6 ? 3 : words <= 10 ? 4 : words <= 16 ? 5 : 6)
        put(.shape, ((firstClass(firstScalar) * 11 + lastClass(lastScalar)) * 9 + lengthBucket) * 5 + casing)
        if let numbering = numbering(head) { put(.numbering, numbering) }
        if opensByline(head) { put(.bylineWord, 1) }
        if n <= 60, CaptionSignals.isCreditLine(head, isShort: whole) { put(.creditLine, 1) }
        if CaptionSignals.startsCaption(head) { put(.captionLabel, 1) }
        if n <= 40, isSectionName(head) { put(.sectionName, 1) }
        // (A dateline needs a CJK letter, `讯`, `电`, `消息`, or three capitals before its dash.)
        if cjk > 0 || upper >= 3, opensDateline(head) { put(.dateline, 1) }
        if n <= 40, isFurniture(head, digits: digits, nonSpace: nonSpace) { put(.furnitureWord, 1) }
        if hasAddress(head) { put(.address, 1) }
        if n <= 160, hasVenueWord(head) { put(.venueWord, 1) }
        if n <= 80, endsWithPictureMarker(tail) { put(.pictureMarker, 1) }
        if firstScalar == "\u{2014}" || firstScalar == "\u{2015}" || (firstScalar == "-" && head.count > 1 && head[1] == "-") { put(.dashOpening, 1) }
        put(.digits, digits == 0 ? 0 : digits * 10 < nonSpace ? 1 : digits * 10 < nonSpace * 3 ? 2 : digits * 10 < nonSpace * 6 ? 3 : 4)
        if gaps { put(.gaps, 1) }
        if innerSentence { put(.innerSentence, 1) }
        if cjk > 0, cjk >= latin, innerPunctuation || head.dropFirst().dropLast().contains(" ") { put(.innerPunctuation, 1) }
        if line.indent > 0 { put(.indent, line.indent <= 3 ? 1 : 2) }
        if latin > cjk, endsWithSmallWord(tail) { put(.smallWordEnd, 1) }
    }

    static let smallWords: Set<String> = ["a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
                                          "from", "as", "into", "that", "which", "is", "are", "was", "were", "be", "its", "their"]

    /// The small words packed as ASCII bytes into an integer, lower-case.
    static let smallWordKeys: Set<UInt64> = Set(smallWords.map { $0.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })

    static func endsWithSmallWord<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ tail: Scalars) -> Bool where Scalars.Index == Int {
        guard let space = tail.lastIndex(of: " "), tail.count - space - 1 <= 5, space + 1 < tail.count else { return false }
        var key: UInt64 = 0
        for scalar in tail[(space + 1)...] {
            // (Every ASCII scalar passes: no Unicode property lookup.)
            guard scalar.isASCII else { return false }
            let value = scalar.value
            key = key << 8 | UInt64((0x41...0x5A).contains(value) ? value | 0x20 : value)
        }
        return smallWordKeys.contains(key)
    }

    /// Whether a line shows a sign of page furniture by itself: a furniture word (`第3版`, `Page 3`,
    /// `VOL.`), digits only. The layout takes out only lines the model reads as furniture that show one.
    public static func hasFurnitureSignal(_ bytes: UnsafeBufferPointer<UInt8>, _ line: PageLine) -> Bool {
        textFeatures(bytes, line).values.contains { $0.0 == .furnitureWord }
    }

    static let http = Array("http".unicodeScalars)
    static let www = Array("www.".unicodeScalars)

    /// An `@`; or `http` or `www.` in a line that holds a `/` or a `w`. (A first walk looks for
    /// the three scalars only, with values; the words are looked for only where one is.)
    static func hasAddress<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars) -> Bool where Scalars.Index == Int {
        var slashOrW = false
        for index in head.indices {
            let value = head[index].value
            if value == 0x40 { return true }                             // @
            if value == 0x2F || value == 0x77 { slashOrW = true }        // / w
        }
        guard slashOrW else { return false }
        for index in head.indices {
            let value = head[index].value
            if value == 0x68, head.hasScalars(http, at: index) { return true }   // h
            if value == 0x77, head.hasScalars(www, at: index) { return true }    // w
        }
        return false
    }

    static func firstClass(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x250 {
            if LatinLetters.isUppercase(scalar.value) { return 0 }
            if LatinLetters.isLowercase(scalar.value) { return 1 }
        }
        if CaptionSignals.isDigit(scalar) { return 2 }
        if scalar.isCJKLetter { return 3 }
        switch scalar {
        case "(", "[", "{", "\u{FF08}", "\u{3010}", "\u{300A}", "\u{3014}", "\u{300C}": return 4
        case "\u{2014}", "\u{2013}", "\u{2015}", "-", "\u{2500}": return 5
        case "\u{25A1}", "\u{25A0}", "\u{25CE}", "\u{25CB}", "\u{25CF}", "\u{25C7}", "\u{25C6}", "\u{2605}", "\u{2606}",
             "\u{25B2}", "\u{25B3}", "\u{25BC}", "\u{3013}", "\u{2022}", "\u{00B7}", "*", "\u{25AA}": return 6
        case "\"", "'", "\u{201C}", "\u{2018}", "\u{300E}": return 7
        default: return 8
        }
    }

    static func lastClass(_ scalar: Unicode.Scalar) -> Int {
        switch scalar {
        case ".", "!", "?", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{2026}", "\u{FF0E}": return 0
        case ",", "\u{FF0C}", "\u{3001}": return 1
        case ":", "\u{FF1A}": return 2
        case ";", "\u{FF1B}": return 3
        case ")", "]", "}", "\u{FF09}", "\u{3011}", "\u{300B}", "\u{3015}", "\u{300D}", "\u{201D}", "\"", "'", "\u{2019}": return 8
        case "-", "\u{00AC}", "\u{2010}": return 9
        default: break
        }
        if scalar.value < 0x250, LatinLetters.isLowercase(scalar.value) { return 4 }
        if scalar.value < 0x250, LatinLetters.isUppercase(scalar.value) { return 5 }
        if CaptionSignals.isDigit(scalar) { return 6 }
        if scalar.isCJKLetter { return 7 }
        return 10
    }

    /// One of 一二三四五六七八九十 (a switch: no walk over a string's scalars for every line).
    @inline(__always)
    static func isCJKNumeral(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\u{4E00}", "\u{4E8C}", "\u{4E09}", "\u{56DB}", "\u{4E94}", "\u{516D}", "\u{4E03}", "\u{516B}", "\u{4E5D}", "\u{5341}": true
        default: false
        }
    }

    static func numbering<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars) -> Int? where Scalars.Index == Int {
        guard let first = head.first else { return nil }
        let second: Unicode.Scalar? = head.count > 1 ? head[1] : nil
        if isCJKNumeral(first) {
            if second == "\u{3001}" || second == "\u{FF0E}" || second == "." { return 4 }
            if let second, isCJKNumeral(second), head.count > 2, head[2] == "\u{3001}" { return 4 }
            return nil
        }
        if (first == "\u{FF08}" || first == "("), let second, isCJKNumeral(second) { return 5 }
        if first == "\u{7B2C}", let second, isCJKNumeral(second) || CaptionSignals.isDigit(second) { return 6 }
        if CaptionSignals.isDigit(first) {
            var index = 0
            var dots = 0
            while index < head.count, CaptionSignals.isDigit(head[index]) || head[index] == "." || head[index] == "\u{FF0E}" {
                if head[index] == "." || head[index] == "\u{FF0E}" { dots += 1 }
                index += 1
            }
            guard index <= 8, index < head.count else { return nil }
            if head[index] == "\u{3001}" || (head[index - 1] == "\u{FF0E}") { return 7 }
            if head[index] == " ", index + 1 < head.count, head[index + 1].isUppercase { return 1 }
            if dots > 0, head[index].isUppercase { return 1 }
            return nil
        }
        var roman = 0
        while roman < head.count, head[roman] == "I" || head[roman] == "V" || head[roman] == "X" { roman += 1 }
        if roman >= 1, roman <= 4, roman + 1 < head.count, head[roman] == ".", head[roman + 1] == " " { return 2 }
        if head.count > 3, ("A"..."H").contains(first), second == ".", head[2] == " " { return 3 }
        return nil
    }

    static let bylineOpeners: [[Unicode.Scalar]] = ["By ", "BY ", "文/", "文／", "作者：", "作者:", "本报记者", "记者", "本报特约记者",
                                                    "特约记者", "通讯员", "本报通讯员", "实习生"].map { Array($0.unicodeScalars) }

    static func opensByline<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars) -> Bool where Scalars.Index == Int {
        var start = 0
        while start < head.count, firstClass(head[start]) == 6 || head[start] == " " || head[start] == "\u{3000}" { start += 1 }
        guard start < head.count, mayStartByline(head[start]) else { return false }
        return bylineOpeners.contains { head.hasScalars($0, at: start) }
    }

    /// Whether a byline opener may start with `scalar` (every word of ``bylineOpeners`` does with
    /// its first scalar; a test checks it).
    @inline(__always)
    static func mayStartByline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "B", "\u{6587}", "\u{4F5C}", "\u{672C}", "\u{8BB0}", "\u{7279}", "\u{901A}", "\u{5B9E}": true   // 文 作 本 记 特 通 实
        default: false
        }
    }

    static func opensDateline<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars) -> Bool where Scalars.Index == Int {
        // 本报讯, …电（, …消息（ within the first 32 scalars, before any comma.
        for index in 0..<min(head.count, 32) {
            let scalar = head[index]
            if scalar == "\u{FF0C}" || scalar == "\u{3002}" || scalar == "," { break }
            if scalar == "\u{8BAF}" || scalar == "\u{7535}" {   // 讯 电
                if index + 1 < head.count, head[index + 1] == "\u{FF08}" || head[index + 1] == "(" || index >= 2 { return true }
            }
            if scalar == "\u{6D88}", index + 1 < head.count, head[index + 1] == "\u{606F}" { return true }   // 消息
        }
        // WASHINGTON — / LONDON, Jan. 3 —
        var capitals = 0
        for index in 0..<min(head.count, 40) {
            let scalar = head[index]
            if ("A"..."Z").contains(scalar) { capitals += 1 }
            if scalar == "\u{2014}" || (scalar == "-" && index > 0 && head[index - 1] == " ") { return capitals >= 3 }
            if scalar == "." && index + 1 < head.count && head[index + 1] == "-" { return capitals >= 3 }
        }
        return false
    }

    static let sectionNames: Set<String> = [
        "abstract", "introduction", "background", "methods", "method", "materials and methods", "methodology", "results",
        "discussion", "results and discussion", "conclusion", "conclusions", "references", "bibliography", "acknowledgements",
        "acknowledgments", "acknowledgement", "acknowledgment", "appendix", "summary", "keywords", "key words", "related work",
        "future work", "evaluation", "experiments", "limitations", "funding", "摘要", "引言", "参考文献", "结论", "致谢", "前言", "目录",
    ]

    static func isSectionName<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars) -> Bool where Scalars.Index == Int {
        var end = head.count
        while end > 0, head[end - 1] == "." || head[end - 1] == ":" || head[end - 1] == " " { end -= 1 }
        var start = 0
        // A number before the name (`1 Introduction`, `2. Related Work`).
        while start < end, CaptionSignals.isDigit(head[start]) || head[start] == "." || head[start] == " " { start += 1 }
        guard start < end, end - start <= 24 else { return false }
        // Every name opens with one of these (a String is made only then).
        guard "aAiIbBmMrRdDcCsSkKfFeElL\u{6458}\u{5F15}\u{53C2}\u{7ED3}\u{81F4}\u{524D}\u{76EE}".unicodeScalars.contains(head[start]) else { return false }
        // ASCII text is compared with the ASCII names, upper case folded, without making a String.
        if head[start..<end].allSatisfy(\.isASCII) {
            let length = end - start
            return sectionNamesASCII.contains { name in
                name.count == length && name.indices.allSatisfy { offset in
                    let value = head[start + offset].value
                    return UInt8(value &- 0x41 < 26 ? value | 0x20 : value) == name[offset]
                }
            }
        }
        return sectionNames.contains(String(String.UnicodeScalarView(head[start..<end])).lowercased())
    }

    /// The ASCII ``sectionNames``, as bytes.
    static let sectionNamesASCII: [[UInt8]] = sectionNames.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }

    static let furnitureWords: [[Unicode.Scalar]] = ["版", "Page ", "PAGE ", "VOL", "Vol.", "No.", "NO.", "当前", "上一", "下一", "返回",
                                                     "首页", "目录", "Copyright"].map { Array($0.unicodeScalars) }

    static func isFurniture<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars, digits: Int, nonSpace: Int) -> Bool where Scalars.Index == Int {
        if nonSpace > 0, digits * 10 >= nonSpace * 8 { return true }
        // (One walk over `head`: only positions where a word may start are compared with the words.)
        for index in head.indices where mayStartFurnitureWord(head[index]) {
            for word in furnitureWords where head.hasScalars(word, at: index) { return true }
        }
        return false
    }

    /// Whether a furniture word may start with `scalar` (every word of ``furnitureWords`` does with
    /// its first scalar; a test checks it).
    @inline(__always)
    static func mayStartFurnitureWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\u{7248}", "P", "V", "N", "\u{5F53}", "\u{4E0A}", "\u{4E0B}", "\u{8FD4}", "\u{9996}", "\u{76EE}", "C": true   // 版 当 上 下 返 首 目
        default: false
        }
    }

    static let venueWords: [[Unicode.Scalar]] = ["Proceedings", "University", "Department", "Institute", "Conference", "Journal",
                                                 "\u{00A9}", "pages ", "Laboratory", "School of", "College", "Universit", "大学", "学院",
                                                 "研究所", "Email", "E-mail", "arXiv", "doi", "DOI"].map { Array($0.unicodeScalars) }

    /// Whether a venue word may start with `scalar` followed by `next` (" " past the end): a position
    /// is compared with the words only then. Every word of ``venueWords`` passes with its own first
    /// two scalars (a test checks it); most positions of a line, even its `a`, `d` and `p`, do not.
    @inline(__always)
    static func mayStartVenueWord(_ scalar: Unicode.Scalar, _ next: Unicode.Scalar) -> Bool {
        switch scalar {
        case "P": next == "r"
        case "U": next == "n"
        case "D": next == "e" || next == "O"
        case "I": next == "n"
        case "C": next == "o"
        case "J": next == "o"
        case "\u{00A9}": true
        case "p": next == "a"
        case "L": next == "a"
        case "S": next == "c"
        case "E": next == "m" || next == "-"
        case "a": next == "r"
        case "d": next == "o"
        case "\u{5927}": next == "\u{5B66}"   // 大学
        case "\u{5B66}": next == "\u{9662}"   // 学院
        case "\u{7814}": next == "\u{7A76}"   // 研究所
        default: false
        }
    }

    /// The pairs of ASCII scalars at which ``mayStartVenueWord(_:_:)`` holds, one bit each at
    /// `first << 7 | next`: a position of a line is ruled out by one load and test, with no branch
    /// that the letters of a line make hard to predict (most positions, even those of an `a`, `d`
    /// or `p`, are ruled out).
    static let venuePairsASCII: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 128 * 128 / 64)
        for first in 0..<128 {
            for next in 0..<128 where mayStartVenueWord(Unicode.Scalar(UInt8(first)), Unicode.Scalar(UInt8(next))) {
                let bit = first << 7 | next
                bits[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        return bits
    }()

    /// The scalars beyond ASCII a venue word opens with (`©`, `大`, `学`, `研`): a CJK line's
    /// scalars are compared with these few before ``mayStartVenueWord(_:_:)``.
    static let venueOpenersBeyondASCII: [Unicode.Scalar] = Array(Set(venueWords.map { $0[0] }.filter { !$0.isASCII })).sorted { $0.value < $1.value }

    static func hasVenueWord<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ head: Scalars) -> Bool where Scalars.Index == Int {
        // (Compared scalar by scalar: no slice of `head` and no closure per position.)
        let openersBeyondASCII = venueOpenersBeyondASCII
        return venuePairsASCII.withUnsafeBufferPointer { pairs in
            let count = head.count
            for index in 0..<count {
                let scalar = head[index]
                let next: Unicode.Scalar = index + 1 < count ? head[index + 1] : " "
                if scalar.value < 0x80 {
                    // (Every venue word that opens with an ASCII scalar goes on with one.)
                    guard next.value < 0x80 else { continue }
                    let bit = Int(scalar.value << 7 | next.value)
                    if pairs[bit >> 6] >> UInt64(bit & 63) & 1 == 0 { continue }
                } else if !openersBeyondASCII.contains(scalar) || !mayStartVenueWord(scalar, next) {
                    continue
                }
                for word in venueWords where head.hasScalars(word, at: index) { return true }
            }
            return false
        }
    }

    static func endsWithPictureMarker<Scalars: RandomAccessCollection<Unicode.Scalar>>(_ tail: Scalars) -> Bool where Scalars.Index == Int {
        guard let last = tail.last, last == "\u{FF09}" || last == ")" else { return false }
        return tail.contains("\u{56FE}")   // 图
    }
}

extension RandomAccessCollection where Element == Unicode.Scalar, Index == Int {
    /// Whether `word` occurs in the scalars at `index`, whole (scalar for scalar, no slice).
    @inline(__always)
    func hasScalars(_ word: [Unicode.Scalar], at index: Int) -> Bool {
        guard word.count <= count - index else { return false }
        for offset in word.indices where self[index + offset] != word[offset] { return false }
        return true
    }
}

/// Whether a scalar below U+0250 (ASCII and the Latin supplements and extensions, where the line
/// features read letters and their case) is a letter, upper-case or lower-case: the Unicode
/// properties, read once into a table (a property lookup costs a search of the Unicode tables;
/// an accented letter of a European line asks for one or two).
enum LatinLetters {
    /// The scalars the table covers.
    static let end: UInt32 = 0x250

    private static let alphabetic: UInt8 = 1, uppercase: UInt8 = 2, lowercase: UInt8 = 4

    private static let table: [UInt8] = (0..<end).map { value in
        let properties = Unicode.Scalar(value)!.properties
        return (properties.isAlphabetic ? alphabetic : 0) | (properties.isUppercase ? uppercase : 0)
            | (properties.isLowercase ? lowercase : 0)
    }

    /// `properties.isAlphabetic` of the scalar `value` (below ``end``).
    @inline(__always)
    static func isAlphabetic(_ value: UInt32) -> Bool { table[Int(value)] & alphabetic != 0 }

    /// `properties.isUppercase` of the scalar `value` (below ``end``).
    @inline(__always)
    static func isUppercase(_ value: UInt32) -> Bool { table[Int(value)] & uppercase != 0 }

    /// `properties.isLowercase` of the scalar `value` (below ``end``).
    @inline(__always)
    static func isLowercase(_ value: UInt32) -> Bool { table[Int(value)] & lowercase != 0 }
}
