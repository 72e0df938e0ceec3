import GalleyText

/// A candidate term of one section and how often it occurs there.
struct TermCount: Hashable, Sendable {
    var term: String
    var count: Int
    /// Position of the first occurrence, in terms seen, for stable tie-breaking.
    var firstOffset: Int
}

/// Cuts text into candidate terms: words for alphabetic scripts, character n-grams for CJK.
///
/// It reads the UTF-8 bytes, and counts CJK n-grams under packed scalar keys (`NGram`): only
/// the n-grams that become candidates are ever made into strings. (Hashing a `String` per
/// n-gram, and Foundation's `contains` between every pair of candidates, held the stage at about
/// 1 MB/s.) A scalar that extends the character before it (a combining mark, a variation
/// selector, a joiner, an emoji modifier) belongs to that character, as in a Swift `Character`:
/// it stays in a word, goes with a separator, and is left out of a CJK run, whose n-grams keep
/// the base ideograph.
struct TermExtractor: Sendable {
    let maximumNGram: Int
    let minimumCJKCount: Int
    let extraStopWords: Set<String>
    /// The extra stop words, as n-gram keys, to test CJK n-grams against without making strings.
    private let stopGrams: Set<NGram>

    init(maximumNGram: Int, minimumCJKCount: Int, extraStopWords: Set<String>) {
        precondition(maximumNGram >= 2 && maximumNGram <= NGram.capacity, "max_ngram is checked to be 2…8")
        self.maximumNGram = maximumNGram
        self.minimumCJKCount = minimumCJKCount
        self.extraStopWords = extraStopWords
        stopGrams = Set(extraStopWords.compactMap { NGram($0.unicodeScalars.map(\.value)) })
    }

    /// The candidate terms of `texts` (title, subtitle and body of one section), counted, in the
    /// order they first occur.
    func terms(in texts: [String]) -> [TermCount] {
        var words: [String: TermCount] = [:]
        var grams = NGramTable(expected: texts.reduce(0) { $0 + $1.utf8.count })
        var offset = 0
        for text in texts {
            Self.scan(text) { word, isASCII in
                guard isUsefulWord(word, isASCII: isASCII) else { return }
                offset += 1
                words[word, default: TermCount(term: word, count: 0, firstOffset: offset)].count += 1
            } cjk: { run in
                countNGrams(of: run, into: &grams, offset: &offset)
            }
        }
        return (Array(words.values) + reduceSubstrings(&grams)).sorted { $0.firstOffset < $1.firstOffset }
    }

    /// A lower-cased word is a candidate when it has three characters or more, is not a number
    /// and is no stop word.
    func isUsefulWord(_ word: String, isASCII: Bool) -> Bool {
        if isASCII {
            guard word.utf8.count >= 3, !word.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return false }
        } else {
            guard word.count >= 3, !word.allSatisfy(\.isNumber) else { return false }
        }
        return !StopWords.latin.contains(word) && !extraStopWords.contains(word)
    }

    /// Counts every n-gram of 2…`maximumNGram` scalars of `run` that neither starts nor ends
    /// with a function character (的, 了, 是, …) and is no extra stop word; `offset` advances by
    /// one per n-gram, starting n-grams in order and shorter ones first.
    func countNGrams(of run: UnsafeBufferPointer<UInt32>, into grams: inout NGramTable, offset: inout Int) {
        guard run.count >= 2 else { return }
        for start in run.indices where !StopWords.isCJKBoundary(run[start]) {
            var gram = NGram()
            gram.append(run[start])
            for end in (start + 1)..<min(start + maximumNGram, run.count) {
                gram.append(run[end])
                if StopWords.isCJKBoundary(run[end]) || (!stopGrams.isEmpty && stopGrams.contains(gram)) { continue }
                offset += 1
                grams.count(gram, offset: offset)
            }
        }
    }

    /// The n-grams that occur `minimumCJKCount` times or more, as terms, leaving out one that
    /// only ever occurs inside one longer kept n-gram (`外资总` when `利用外资总` occurs as
    /// often): the longer one says more.
    ///
    /// Longest first, each kept n-gram marks its shorter pieces in the table with its count, so
    /// a piece is left out when a longer kept n-gram holding it occurs at least as often.
    func reduceSubstrings(_ grams: inout NGramTable) -> [TermCount] {
        let byLength = grams.entries.indices
            .filter { grams.entries[$0].count >= minimumCJKCount }
            .sorted { grams.entries[$0].gram.count > grams.entries[$1].gram.count }
        var kept: [TermCount] = []
        for index in byLength where grams.entries[index].cover < grams.entries[index].count {
            let entry = grams.entries[index]
            kept.append(TermCount(term: entry.gram.string, count: entry.count, firstOffset: entry.firstOffset))
            let scalars = entry.gram.scalars
            for start in 0..<(scalars.count - 1) {
                var piece = NGram()
                piece.append(scalars[start])
                for end in (start + 1)..<scalars.count where end - start + 1 < scalars.count {
                    piece.append(scalars[end])
                    // A piece that was never counted is no candidate, and needs no mark.
                    if let found = grams.index(of: piece) {
                        grams.entries[found].cover = max(grams.entries[found].cover, entry.count)
                    }
                }
            }
        }
        return kept
    }

    enum Run: Equatable {
        case word(String)
        case cjk([UInt32])
    }

    /// Words (lower-cased letters and digits of non-CJK scripts) and runs of CJK characters,
    /// as `scan` finds them.
    static func runs(of text: String) -> [Run] {
        var runs: [Run] = []
        scan(text) { word, _ in runs.append(.word(word)) } cjk: { run in runs.append(.cjk(Array(run))) }
        return runs
    }

    /// Calls `word` with every word of `text` (lower-cased; whether it is all ASCII) and `cjk`
    /// with every run of CJK scalars, in order. Hiragana breaks a run: in Japanese it is mostly
    /// particles and endings. `'` and `’` inside a word stay in it as `'` ("don't"); one that
    /// ends a word is dropped.
    static func scan(_ text: String, word: (String, Bool) -> Void, cjk: (UnsafeBufferPointer<UInt32>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var scanner = RunScanner()
            var index = 0
            while index < bytes.count {
                let (value, length) = UTF8Scalars.value(bytes.baseAddress!, at: index)
                scanner.take(value, bytes: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]),
                             word: word, cjk: cjk)
                index += length
            }
            scanner.finish(word: word, cjk: cjk)
        }
    }
}

/// The n-grams of one section with how often they occur: open addressing over the packed
/// keys, with a multiplicative hash of their three words instead of SipHash (`Hasher` was a
/// fifth of the stage's time).
struct NGramTable {
    struct Entry {
        var gram: NGram
        var count: Int
        /// Where the n-gram first occurs, in terms seen.
        var firstOffset: Int
        /// The count of the most frequent longer kept n-gram holding this one (`reduceSubstrings`).
        var cover = 0
    }

    /// The n-grams in the order they were first counted.
    var entries: [Entry] = []
    /// Index + 1 into `entries`, 0 for an empty slot; the count is a power of two.
    private var slots: [Int32]
    private var shift: UInt64

    /// A table sized for a text of `expected` bytes (a CJK character takes three, and starts up
    /// to `max_ngram - 1` n-grams, most of them repeats).
    init(expected bytes: Int) {
        let bits = max(6, Int.bitWidth - (bytes / 2).leadingZeroBitCount)
        slots = Array(repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// Counts one occurrence of `gram`, the `offset`-th term seen.
    mutating func count(_ gram: NGram, offset: Int) {
        var slot = fibonacciSlot(gram.mixed, shift: shift)
        let mask = slots.count - 1
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if entries[index].gram == gram {
                entries[index].count += 1
                return
            }
            slot = (slot + 1) & mask
        }
        entries.append(Entry(gram: gram, count: 1, firstOffset: offset))
        slots[slot] = Int32(truncatingIfNeeded: entries.count)
        if entries.count * 2 > slots.count { grow() }
    }

    /// The index in `entries` of `gram`, or nil when it was never counted.
    func index(of gram: NGram) -> Int? {
        var slot = fibonacciSlot(gram.mixed, shift: shift)
        let mask = slots.count - 1
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if entries[index].gram == gram { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = fibonacciSlot(entry.gram.mixed, shift: shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: index + 1)
        }
    }
}

/// Up to nine scalars packed 21 bits each, three to a word. Unused fields are 0, which is no
/// CJK scalar, so a key also tells its length.
struct NGram: Hashable, Sendable {
    static let capacity = 9
    private var low: UInt64 = 0
    private var middle: UInt64 = 0
    private var high: UInt64 = 0
    private(set) var count = 0

    /// The three words folded into one for `fibonacciSlot`.
    var mixed: UInt64 { low ^ (middle &* 0xFF51_AFD7_ED55_8CCD) ^ (high &* 0xC4CE_B9FE_1A85_EC53) }

    init() {}

    /// The key of `scalars`, or nil when they are empty, too many or hold a 0.
    init?(_ scalars: [UInt32]) {
        guard !scalars.isEmpty, scalars.count <= Self.capacity, !scalars.contains(0) else { return nil }
        for scalar in scalars { append(scalar) }
    }

    mutating func append(_ scalar: UInt32) {
        let field = UInt64(scalar) << UInt64(count % 3 * 21)
        switch count / 3 {
        case 0: low |= field
        case 1: middle |= field
        default: high |= field
        }
        count += 1
    }

    var scalars: [UInt32] {
        (0..<count).map { position in
            let word = position < 3 ? low : position < 6 ? middle : high
            return UInt32(truncatingIfNeeded: word >> UInt64(position % 3 * 21)) & 0x1F_FFFF
        }
    }

    var string: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * Self.capacity) { buffer in
            var length = 0
            for scalar in scalars { length = UTF8Scalars.encode(scalar, into: buffer.baseAddress!, at: length) }
            return String(decoding: buffer[..<length], as: UTF8.self)
        }
    }
}

/// The state of `TermExtractor.scan`: the word or CJK run being read, and what the last
/// character was.
private struct RunScanner {
    enum Kind { case word, apostrophe, cjk, separator }

    var word: [UInt8] = []
    var wordIsASCII = true
    var run: [UInt32] = []
    var last = Kind.separator

    mutating func take(_ value: UInt32, bytes: UnsafeBufferPointer<UInt8>,
                       word emitWord: (String, Bool) -> Void, cjk emitRun: (UnsafeBufferPointer<UInt32>) -> Void) {
        switch Self.kind(of: value) {
        case .letter:
            if !run.isEmpty { flushRun(emitRun) }
            word.append(contentsOf: bytes)
            if value >= 0x80 { wordIsASCII = false }
            last = .word
        case .cjk:
            if !word.isEmpty { flushWord(emitWord) }
            run.append(value)
            last = .cjk
        case .apostrophe where !word.isEmpty:
            word.append(0x27)
            last = .apostrophe
        case .mark:
            switch last {
            case .word:
                word.append(contentsOf: bytes)
                wordIsASCII = false
            case .apostrophe:
                // `'` with a mark on it is no apostrophe: the character separates.
                word.removeLast()
                separate(emitWord, emitRun)
            case .cjk, .separator:
                break
            }
        case .apostrophe, .separator:
            separate(emitWord, emitRun)
        }
    }

    enum ScalarKind { case letter, cjk, apostrophe, mark, separator }

    /// What the scalar `value` is to a word: a letter or digit of an alphabetic script, a CJK
    /// character (not hiragana), an apostrophe (`'`, `’`), a mark extending the character
    /// before it, or anything else.
    static func kind(of value: UInt32) -> ScalarKind {
        if value < 0x80 {
            if (value | 0x20) &- 0x61 < 26 || value &- 0x30 < 10 { return .letter }
            return value == 0x27 ? .apostrophe : .separator
        }
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        let script = Script(scalar)
        switch script {
        case .han, .hangul, .katakana:
            return .cjk
        case .hiragana:
            // Hiragana breaks a run, and its voicing marks belong to it.
            return extendsCharacter(scalar) ? .mark : .separator
        default:
            if extendsCharacter(scalar) { return .mark }
            if !scalar.isCJKPunctuation && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                return .letter
            }
            return value == 0x2019 ? .apostrophe : .separator
        }
    }

    mutating func finish(word emitWord: (String, Bool) -> Void, cjk emitRun: (UnsafeBufferPointer<UInt32>) -> Void) {
        separate(emitWord, emitRun)
    }

    /// A character that is neither a letter, a digit nor an apostrophe inside a word.
    private mutating func separate(_ emitWord: (String, Bool) -> Void, _ emitRun: (UnsafeBufferPointer<UInt32>) -> Void) {
        if word.last == 0x27 { word.removeLast() }
        if !word.isEmpty { flushWord(emitWord) }
        if !run.isEmpty { flushRun(emitRun) }
        last = .separator
    }

    private mutating func flushWord(_ emit: (String, Bool) -> Void) {
        if wordIsASCII {
            for index in word.indices where word[index] &- 0x41 < 26 { word[index] |= 0x20 }
            emit(String(decoding: word, as: UTF8.self), true)
        } else {
            emit(String(decoding: word, as: UTF8.self).lowercased(), false)
        }
        word.removeAll(keepingCapacity: true)
        wordIsASCII = true
    }

    private mutating func flushRun(_ emit: (UnsafeBufferPointer<UInt32>) -> Void) {
        run.withUnsafeBufferPointer(emit)
        run.removeAll(keepingCapacity: true)
    }

    /// Whether `scalar` belongs to the character before it: a combining or spacing mark, a
    /// variation selector, a zero-width joiner or an emoji skin-tone modifier.
    static func extendsCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case ..<0x300, 0x2010...0x2027, 0x3000...0x3029, 0x3030...0x3098, 0xFF01...0xFF9D:
            // Latin letters, and the punctuation of CJK text: none extends, and the property
            // tables need not be read.
            return false
        default:
            break
        }
        let properties = scalar.properties
        return properties.isGraphemeExtend || properties.generalCategory == .spacingMark
            || scalar.value == 0x200D || properties.isEmojiModifier
    }
}
