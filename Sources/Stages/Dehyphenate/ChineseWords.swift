import Foundation
import GalleyText
import Synchronization

/// A Chinese word list with frequencies (jieba's `dict.txt`: `word frequency tag` a line, from
/// Debian's `python3-jieba`), asked whether a break between two characters falls inside a word:
/// the characters around the break are segmented by the most probable sequence of words (a
/// unigram model over the list, as jieba does), and the break is inside a word when no word of
/// that segmentation ends there (`公 | 里` in `万公里金刚线`, `主 | 任` in `名誉主任`).
///
/// The file is read when the stage is set up (a missing or unreadable list, or one without a
/// single `word frequency` line, is a configuration error then), but its 349,000 lines are
/// parsed into a ``WordTable`` (about 30 ms) only when the first question comes: a run with no
/// break between CJK paragraphs to judge never pays for them. Loaded once per process for each path (``shared(path:)``); the table is
/// read-only once built, so workers share it.
final class ChineseWords: Sendable {
    let path: String
    /// The file's bytes until the first question, then the table parsed from them.
    private let state: Mutex<State>
    /// How long reading the file took, in seconds.
    private let readSeconds: Double

    private enum State {
        case read(Data)
        case parsed(WordTable)
    }

    init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DictionaryError("the Chinese word list \(path) does not exist or cannot be read "
                + "(Debian: apt-get install python3-jieba; or name another with `cjk_words:`)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        self.path = path
        readSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if data.withUnsafeBytes({ WordTable.hasAWord($0.bindMemory(to: UInt8.self)) }) {
            state = Mutex(.read(data))
        } else {
            // Parsed now only to give the same error the table would.
            state = Mutex(.parsed(try WordTable(data, path: path)))
        }
    }

    /// The table, parsed from the file at the first call.
    private var table: WordTable {
        state.withLock { state in
            switch state {
            case .parsed(let table):
                return table
            case .read(let data):
                // `hasAWord` held when reading, so parsing cannot fail.
                let table = try! WordTable(data, path: path)
                state = .parsed(table)
                return table
            }
        }
    }

    /// How long reading the file took, and parsing it if that has happened, in seconds.
    var loadSeconds: Double {
        state.withLock { state in
            if case .parsed(let table) = state { return readSeconds + table.parseSeconds }
            return readSeconds
        }
    }

    /// The longest word considered, in characters (at most 8).
    var longest: Int { table.longest }

    /// The natural logarithm of `word`'s probability, or nil when the list does not hold it
    /// (words are equal when canonically equivalent, as Swift strings are).
    func logProbability(of word: String) -> Float? {
        table.logProbability(of: Array(word.unicodeScalars)[...])
    }

    /// Whether the most probable segmentation of `left` + `right` (a few CJK characters on each
    /// side of a break) puts a word across the break.
    func breaksAWord(left: ArraySlice<Unicode.Scalar>, right: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !left.isEmpty, !right.isEmpty else { return false }
        let breakAt = left.count
        return segment(Array(left) + Array(right)).contains { $0.start < breakAt && $0.end > breakAt }
    }

    /// A word of a segmentation: where it stands in the text, and its class (nil: a character
    /// that is no word of the list).
    struct Segment: Equatable {
        var start: Int
        var end: Int
        var wordClass: WordClass?
    }

    /// The most probable segmentation of `text` into words of the list (a unigram model over its
    /// frequencies, as jieba segments without its model of unknown words); a character that is
    /// in no word of the list is a segment of its own.
    func segment(_ text: [Unicode.Scalar]) -> [Segment] {
        let table = table
        let count = text.count
        guard count > 0 else { return [] }
        // The UTF-8 of `text`, and where each character's bytes start: the key of a word of
        // own-form characters (all but the rarest) is a slice of it.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(count * 3)
        var offsets = [0]
        offsets.reserveCapacity(count + 1)
        for scalar in text {
            utf8.append(contentsOf: UTF8.encode(scalar)!)
            offsets.append(utf8.count)
        }
        // best[i]: the best log probability of text[..<i]; from[i]: where its last word starts,
        // and its class.
        var best = [Float](repeating: -.infinity, count: count + 1)
        var from = [Int](repeating: 0, count: count + 1)
        var classes = [WordClass?](repeating: nil, count: count + 1)
        best[0] = 0
        utf8.withUnsafeBufferPointer { utf8 in
            for start in 0..<count where best[start] > -.infinity {
                var hash = WordTable.hashSeed
                var ownForm = true
                for end in (start + 1)...min(count, start + table.longest) {
                    ownForm = ownForm && WordTable.isOwnNormalForm(text[end - 1].value)
                    let found: (probability: Float, wordClass: WordClass)?
                    if ownForm {
                        for byte in utf8[offsets[end - 1]..<offsets[end]] { hash = WordTable.hash(hash, byte) }
                        found = table.findWord(UnsafeBufferPointer(rebasing: utf8[offsets[start]..<offsets[end]]), hash: hash)
                    } else {
                        found = table.word(text[start..<end])
                    }
                    let score: Float
                    if let found {
                        score = found.probability
                    } else if end == start + 1 {
                        score = table.unknown
                    } else {
                        continue
                    }
                    if best[start] + score > best[end] {
                        best[end] = best[start] + score
                        from[end] = start
                        classes[end] = found?.wordClass
                    }
                }
            }
        }
        var segments: [Segment] = []
        var end = count
        while end > 0 {
            let start = from[end]
            segments.append(Segment(start: start, end: end, wordClass: classes[end]))
            end = start
        }
        return segments.reversed()
    }

    /// Whether `block` (a short block without clause punctuation) names something but says
    /// nothing of it: two words of the list or more and not one verb, adjective, idiom or set
    /// phrase (`董建华一行`, `达拉特电厂的规划发电容量`) — a subject still waiting for its
    /// predicate, where a headline says what happened (`技术开发是生命线`, `江苏乡村来了服务队`). A
    /// verbal noun that opens the block is its verb (`建设美丽家园`: a slogan).
    func lacksPredicate(_ block: [Unicode.Scalar]) -> Bool {
        var words = 0
        for segment in segment(block) {
            guard let wordClass = segment.wordClass else { continue }
            if wordClass == .predicate || (wordClass == .verbalNoun && words == 0) { return false }
            words += 1
        }
        return words >= 2
    }

    /// Whether `text` opens with a predicate: a verb, an adjective used as an adverb, a
    /// preposition or an adverb of the list (`来到军营`, `为５００万千瓦`, `正在向…`), the way the rest
    /// of a sentence goes on after its subject.
    func opensWithPredicate(_ text: [Unicode.Scalar]) -> Bool {
        var end = 0
        while end < text.count && end < 8 && text[end].isCJKLetter { end += 1 }
        guard end > 0, let first = segment(Array(text[..<end])).first, let wordClass = first.wordClass else { return false }
        return wordClass == .predicate || wordClass == .preposition || wordClass == .adverb
    }

    /// The CJK letters just before and after a break, at most `span` on each side.
    static func window(_ before: [Unicode.Scalar], _ after: [Unicode.Scalar], span: Int = 6)
        -> (ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>) {
        var start = before.count
        while start > 0 && before.count - start < span && before[start - 1].isCJKLetter { start -= 1 }
        var end = 0
        while end < after.count && end < span && after[end].isCJKLetter { end += 1 }
        return (before[start...], after[..<end])
    }

    // MARK: - Loaded once per process

    private static let loaded = Mutex<[String: ChineseWords]>([:])

    static func shared(path: String) throws -> ChineseWords {
        if let words = loaded.withLock({ $0[path] }) { return words }
        let words = try ChineseWords(path: path)
        return loaded.withLock { table in
            if let existing = table[path] { return existing }
            table[path] = words
            return words
        }
    }
}

/// The words of a `word frequency [tag]` list and their log probabilities, in one open-addressing
/// hash table keyed by each word's UTF-8 bytes in normalization form C (NFC): no `String` per
/// word, so parsing the 5 MB of jieba's list is one pass over its bytes.
///
/// Swift strings are equal when canonically equivalent, and a `[String: Float]` keyed by the
/// words answered that way; NFC bytes keep that. A word made only of ASCII and CJK unified
/// ideographs (all but one of jieba's words) is its own NFC form and is hashed as it is; any
/// other word, in the list or asked about, is normalized first (`豈` U+F900 and `豈` U+8C48 are
/// one word).
final class WordTable: Sendable {
    /// The list's bytes, in which its words stand, then the NFC bytes of the words that are
    /// not their own NFC form.
    private let keys: [UInt8]
    /// Open addressing with linear probing; a slot of length 0 is empty.
    private let slots: [Slot]
    private let mask: Int
    /// The log probability given to a character that is no word of the list.
    let unknown: Float
    /// The longest word considered, in characters (at most 8).
    let longest: Int
    let parseSeconds: Double

    private struct Slot {
        var offset: UInt32 = 0
        /// The key's length in bytes (the low 12 bits) and the word's ``WordClass`` (the high 4).
        var lengthAndClass: UInt16 = 0
        var length: Int { Int(lengthAndClass & 0x0FFF) }
        var wordClass: WordClass { WordClass(rawValue: UInt8(lengthAndClass >> 12)) ?? .other }
        /// Bits of the hash that the slot's index does not use: most mismatches end here.
        var tag: UInt16 = 0
        /// The frequency while parsing, then the natural logarithm of the word's probability.
        var value: Float = 0
    }

    /// Whether some line of `bytes` is a `word frequency` line: the table parsed from them is
    /// not empty.
    static func hasAWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var found = false
        forEachWord(bytes) { _, _, _, _ in
            found = true
            return false
        }
        return found
    }

    /// A word of the list on its way into the table: where its NFC bytes are in `keys`, its
    /// slot and tag, and its frequency.
    private struct Entry {
        var slot: UInt32
        var offset: UInt32
        var lengthAndClass: UInt16
        var tag: UInt16
        var frequency: Float
        var length: Int { Int(lengthAndClass & 0x0FFF) }
    }

    init(_ data: Data, path: String) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        // The file's bytes are the keys of its own-form words, where they stand; the NFC forms
        // of the other words are appended.
        var keys = [UInt8](data)
        var total: Double = 0
        var longest = 1
        var count = 0
        let fileSize = keys.count
        var lines = 1
        keys.withUnsafeBufferPointer { bytes in
            guard var next = bytes.baseAddress else { return }
            let end = next + bytes.count
            while let newline = memchr(next, 0x0A, end - next) {
                lines += 1
                next = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
        }
        var capacity = 16
        while capacity < lines + lines / 2 { capacity *= 2 }
        let mask = capacity - 1
        var entries: [Entry] = []
        entries.reserveCapacity(lines)
        var appended: [UInt8] = []
        keys.withUnsafeBufferPointer { bytes in
            Self.forEachWord(bytes) { start, end, frequency, wordClass in
                total += Double(frequency)
                count += 1
                var characters = 0
                var ownForm = true
                var hash = Self.hashSeed
                var index = start
                while ownForm && index < end {
                    let (scalar, width) = Self.decode(bytes, at: index, end: end)
                    ownForm = scalar.map(Self.isOwnNormalForm) ?? false
                    for byte in bytes[index..<index + width] { hash = Self.hash(hash, byte) }
                    characters += 1
                    index += width
                }
                var offset = start
                var length = end - start
                if ownForm {
                    longest = max(longest, characters)
                } else {
                    let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    longest = max(longest, string.unicodeScalars.count)
                    let normalized = Array(string.precomposedStringWithCanonicalMapping.utf8)
                    hash = Self.hashSeed
                    for byte in normalized { hash = Self.hash(hash, byte) }
                    offset = fileSize + appended.count
                    length = normalized.count
                    appended.append(contentsOf: normalized)
                }
                // A word this long (over 4,000 bytes) is never asked about: questions are at
                // most `longest` (8) characters.
                if length <= 0x0FFF {
                    let (slot, tag) = Self.slotAndTag(hash, mask: mask)
                    entries.append(Entry(slot: UInt32(slot), offset: UInt32(offset),
                                         lengthAndClass: UInt16(length) | UInt16(wordClass.rawValue) << 12,
                                         tag: tag, frequency: Float(frequency)))
                }
                return true
            }
        }
        keys.append(contentsOf: appended)
        guard count > 0 else { throw DictionaryError("the Chinese word list \(path) holds no `word frequency` lines") }

        // The words go in by the region of the table their slot is in (a stable counting sort,
        // so a word's lines keep their order and the last one wins): the writes of one region
        // stay in the cache, where words in file order would miss it at almost every one.
        let regionShift = max(0, capacity.trailingZeroBitCount - 8)
        var starts = [Int](repeating: 0, count: (capacity >> regionShift) + 1)
        for entry in entries { starts[Int(entry.slot) >> regionShift + 1] += 1 }
        for region in 1..<starts.count { starts[region] += starts[region - 1] }
        var ordered = [Entry](repeating: Entry(slot: 0, offset: 0, lengthAndClass: 0, tag: 0, frequency: 0), count: entries.count)
        for entry in entries {
            let region = Int(entry.slot) >> regionShift
            ordered[starts[region]] = entry
            starts[region] += 1
        }
        entries = []
        var slots = [Slot](repeating: Slot(), count: capacity)
        keys.withUnsafeBufferPointer { keys in
            slots.withUnsafeMutableBufferPointer { slots in
                for entry in ordered { Self.insert(entry, slots: slots, mask: mask, keys: keys) }
            }
        }
        let logTotal = Float(log(total))
        for index in slots.indices where slots[index].lengthAndClass != 0 {
            slots[index].value = log(slots[index].value) - logTotal
        }
        self.keys = keys
        self.slots = slots
        self.mask = mask
        unknown = log(1) - logTotal - 2
        self.longest = min(longest, 8)
        parseSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// The log probability of the word made of `characters`, or nil when the list does not hold it.
    func logProbability(of characters: ArraySlice<Unicode.Scalar>) -> Float? {
        word(characters)?.probability
    }

    /// The log probability and class of the word made of `characters`, or nil when the list
    /// does not hold it.
    func word(_ characters: ArraySlice<Unicode.Scalar>) -> (probability: Float, wordClass: WordClass)? {
        var word = String.UnicodeScalarView()
        word.append(contentsOf: characters)
        let bytes = Array(String(word).precomposedStringWithCanonicalMapping.utf8)
        var hash = Self.hashSeed
        for byte in bytes { hash = Self.hash(hash, byte) }
        return bytes.withUnsafeBufferPointer { findWord($0, hash: hash) }
    }

    /// The log probability of the word whose NFC bytes are `word` and their hash (FNV-1a from
    /// ``hashSeed``), or nil when the list does not hold it.
    func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Float? {
        findWord(word, hash: hash)?.probability
    }

    /// The log probability and the class of the word whose NFC bytes are `word` and their hash,
    /// or nil when the list does not hold it.
    func findWord(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (probability: Float, wordClass: WordClass)? {
        let (start, tag) = Self.slotAndTag(hash, mask: mask)
        return keys.withUnsafeBufferPointer { keys in
            slots.withUnsafeBufferPointer { slots in
                var index = start
                while true {
                    let slot = slots[index]
                    if slot.lengthAndClass == 0 { return nil }
                    if slot.tag == tag, slot.length == word.count,
                       memcmp(keys.baseAddress! + Int(slot.offset), word.baseAddress!, word.count) == 0 {
                        return (slot.value, slot.wordClass)
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// Puts a word in the table, or gives a word already there its new frequency (the last
    /// line of a word counts, as in a dictionary filled line by line).
    private static func insert(_ entry: Entry, slots: UnsafeMutableBufferPointer<Slot>, mask: Int,
                               keys: UnsafeBufferPointer<UInt8>) {
        var index = Int(entry.slot)
        while slots[index].lengthAndClass != 0 {
            let slot = slots[index]
            if slot.tag == entry.tag, slot.length == entry.length,
               memcmp(keys.baseAddress! + Int(slot.offset), keys.baseAddress! + Int(entry.offset), entry.length) == 0 {
                slots[index].value = entry.frequency
                slots[index].lengthAndClass = entry.lengthAndClass
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(offset: entry.offset, lengthAndClass: entry.lengthAndClass, tag: entry.tag, value: entry.frequency)
    }

    /// Calls `body` with the byte range of the word, the frequency and the class of its tag of
    /// every line that has a word followed by a space and a frequency above 0, until `body`
    /// returns false.
    private static func forEachWord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, Int, WordClass) -> Bool) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            // `word frequency [tag]`
            var space = start
            while space < end && bytes[space] != 0x20 { space += 1 }
            if space > start && space < end {
                var frequency = 0
                var index = space + 1
                while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    frequency = frequency * 10 + Int(bytes[index] - 0x30)
                    index += 1
                }
                while index < end && bytes[index] == 0x20 { index += 1 }
                let wordClass = WordClass(tag: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                if frequency > 0, !body(start, space, frequency, wordClass) { return }
            }
            start = end + 1
        }
    }

    /// The scalar whose UTF-8 encoding starts at `index` (nil when the bytes there are not
    /// well-formed UTF-8) and how many bytes to step over.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (UInt32?, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard lead >= 0xC2, lead <= 0xF4, index + width <= end else { return (nil, 1) }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for offset in 1..<width {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let smallest: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x1_0000
        guard value >= smallest, value <= 0x10_FFFF, !(0xD800...0xDFFF).contains(value) else { return (nil, 1) }
        return (value, width)
    }

    /// Whether a string of such scalars is in NFC and stays so whatever such scalars it is
    /// joined with: ASCII and the CJK unified ideographs (main block, extensions A to F; not the
    /// compatibility ideographs, which normalize to unified ones).
    static func isOwnNormalForm(_ value: UInt32) -> Bool {
        switch value {
        case 0x00...0x7F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x2_0000...0x2_A6DF, 0x2_A700...0x2_EBEF: true
        default: false
        }
    }

    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a, a byte at a time.
    static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    private static func slotAndTag(_ hash: UInt64, mask: Int) -> (Int, UInt16) {
        let mixed = (hash ^ (hash >> 32)) &* 0x9E37_79B9_7F4A_7C15
        return (Int(truncatingIfNeeded: mixed >> 20) & mask, UInt16(truncatingIfNeeded: mixed >> 48))
    }
}

/// What a word of the list can do in a sentence, from its part-of-speech tag (jieba's tag set,
/// that of the Peking University corpus).
enum WordClass: UInt8, Sendable {
    /// Nouns, names, numerals, measure words, pronouns, particles…
    case other = 0
    /// A verb, an adjective, an idiom or a set phrase (`v` `vg` `vi` `vd` `vq` `a` `ag` `ad` `z` `i` `l`):
    /// what can say something of a subject.
    case predicate = 1
    /// A preposition (`p`: `为`, `对`, `从`).
    case preposition = 2
    /// An adverb (`d`, `dg`, `df`).
    case adverb = 3
    /// A verb or an adjective used as a noun (`vn` `an`: `建设`, `发电`): a noun inside a noun
    /// phrase (`规划发电容量`), a verb when it opens a headline (`建设美丽家园`).
    case verbalNoun = 4

    init(tag: UnsafeBufferPointer<UInt8>) {
        var length = 0
        while length < tag.count && tag[length] > 0x20 { length += 1 }
        guard length > 0 else { self = .other; return }
        let first = tag[0]
        let second: UInt8 = length > 1 ? tag[1] : 0
        switch (first, second) {
        case (UInt8(ascii: "v"), UInt8(ascii: "n")), (UInt8(ascii: "a"), UInt8(ascii: "n")):
            self = .verbalNoun
        case (UInt8(ascii: "v"), _), (UInt8(ascii: "a"), _), (UInt8(ascii: "z"), _),
             (UInt8(ascii: "i"), 0), (UInt8(ascii: "l"), 0):
            self = .predicate
        case (UInt8(ascii: "p"), 0):
            self = .preposition
        case (UInt8(ascii: "d"), _):
            self = .adverb
        default:
            self = .other
        }
    }
}
