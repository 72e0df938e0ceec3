import Foundation
import GalleyText

/// The terms of a section's sentences as TF-IDF vectors, the units both rankers compare.
///
/// Latin-script words are lower-cased, stop words dropped and the rest stemmed with
/// ``LightStemmer``; numbers are kept; Han and kana become overlapping character bigrams, so no
/// dictionary is needed. Term weights are `tf × idf` with `idf = ln((n + 1) / df) + 1` over the
/// section's `n` sentences, and every vector has unit length, so a dot product is the cosine.
///
/// Term ids are numbered in order of first appearance. The vectors are stored end to end: the
/// terms of sentence `i` are `terms[starts[i]..<starts[i + 1]]`, in increasing id order, with
/// their weights at the same positions of `weights`.
struct SentenceTerms {
    /// Where each sentence's terms start in `terms` and `weights`, and the end of the last.
    var starts: [Int]
    /// Term ids, sentence after sentence, increasing within a sentence.
    var terms: [Int32]
    /// Term weights (each sentence's vector of unit length), at the positions of `terms`.
    var weights: [Float]
    /// Per sentence: how long it is in words (an ideograph bigram counts half).
    var lengths: [Double]
    /// How many distinct terms the section has (ids are `0..<termCount`).
    var termCount: Int

    /// The terms of `sentences`, each tokenized on its own.
    init(_ sentences: [String], tokenizer: Tokenizer = Tokenizer(cjk: .bigrams),
         workspace: TermWorkspace = TermWorkspace()) {
        let bytes = sentences.reduce(0) { $0 + $1.utf8.count }
        var builder = Builder(sentenceCount: sentences.count, tokenCount: bytes / 2, workspace: workspace)
        let tokens = workspace.tokens
        for sentence in sentences {
            tokens.removeAll()
            var sentence = sentence
            sentence.withUTF8 { tokenizer.tokenize($0, range: 0..<$0.count, into: tokens) }
            builder.reserve(tokens: tokens.count)
            for index in 0..<tokens.count { builder.add(tokens, index) }
            builder.endSentence()
        }
        self = builder.finish()
    }

    /// The terms of the sentences at `ranges` (byte ranges, in order) of the UTF-8 of a text.
    ///
    /// The sentences are tokenized a run at a time (runs of about ``tokenizedBytes`` bytes), from
    /// the first sentence of the run to the end of its last, and each token goes to the sentence
    /// it starts in: no token spans two sentences (see ``Tokenizer/tokenize(_:range:into:)``), and
    /// only spaces lie between them. Tokens are kept for one run only, so a long section never
    /// holds the tokens of its whole text at once.
    init(_ utf8: UnsafeBufferPointer<UInt8>, sentences ranges: [Range<Int>],
         tokenizer: Tokenizer = Tokenizer(cjk: .bigrams), workspace: TermWorkspace = TermWorkspace()) {
        let tokens = workspace.tokens
        let byteCount = ranges.last.map { $0.upperBound - ranges[0].lowerBound } ?? 0
        var builder = Builder(sentenceCount: ranges.count, tokenCount: byteCount / 2, workspace: workspace)
        var runStart = 0
        while runStart < ranges.count {
            var runEnd = runStart + 1
            while runEnd < ranges.count,
                  ranges[runEnd].upperBound - ranges[runStart].lowerBound <= Self.tokenizedBytes {
                runEnd += 1
            }
            tokens.removeAll()
            tokenizer.tokenize(utf8, range: ranges[runStart].lowerBound..<ranges[runEnd - 1].upperBound, into: tokens)
            let tokenCount = tokens.count
            builder.reserve(tokens: tokenCount)
            var token = 0
            for range in ranges[runStart..<runEnd] {
                while token < tokenCount, tokens[token].source.lowerBound < range.upperBound {
                    builder.add(tokens, token)
                    token &+= 1
                }
                builder.endSentence()
            }
            runStart = runEnd
        }
        self = builder.finish()
    }

    /// About how many bytes of text are tokenized at a time (a sentence longer than that is
    /// tokenized alone).
    static let tokenizedBytes = 1 << 16

    var count: Int { lengths.count }

    /// Whether sentence `index` has no terms.
    func isEmpty(_ index: Int) -> Bool { starts[index] == starts[index + 1] }

    /// How many terms sentence `index` has.
    func termCount(of index: Int) -> Int { starts[index + 1] - starts[index] }

    /// The dot product of the vectors of sentences `a` and `b` (their cosine): the products of
    /// the shared terms' weights, `a`'s first, summed in increasing term order.
    func dot(_ a: Int, _ b: Int) -> Float {
        var sum: Float = 0
        var left = starts[a]
        var right = starts[b]
        let leftEnd = starts[a + 1]
        let rightEnd = starts[b + 1]
        while left < leftEnd, right < rightEnd {
            let x = terms[left]
            let y = terms[right]
            if x == y {
                sum += weights[left] * weights[right]
                left += 1
                right += 1
            } else if x < y {
                left += 1
            } else {
                right += 1
            }
        }
        return sum
    }

    /// The key of a token or term: its UTF-8 itself, packed little-endian into 64 bits, when it
    /// has at most 8 bytes (a token never has a zero byte, so the packing tells every such token
    /// apart and takes no chain of multiplications); else the 64-bit FNV-1a hash of its UTF-8.
    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard bytes.count <= 8 else { return fnv1a(bytes) }
        var packed: UInt64 = 0
        for index in 0..<bytes.count { packed |= UInt64(bytes[index]) &<< UInt64(8 * index) }
        return packed
    }

    /// ``key(_:)`` of the normalized text of a token of a ``TokenList``, whose bytes can be read
    /// 8 at a time: one load, masked to the token's length, when it has at most 8 bytes.
    @inline(__always)
    static func key(_ tokens: TokenList, _ normalized: Range<Int>) -> UInt64 {
        let start = tokens.bytes + normalized.lowerBound
        let count = normalized.count
        guard count < 8 else {
            return count == 8
                ? UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
                : fnv1a(UnsafeBufferPointer(start: start, count: count))
        }
        let word = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        return word & ((1 &<< UInt64(8 * count)) &- 1)
    }

    /// The 64-bit FNV-1a hash of some UTF-8.
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The keys of the English stop words.
    static let stopWordKeys = KeySet(StopWords.english.map { word in
        var word = word
        return word.withUTF8 { key($0) }
    })

    /// Collects the term ids of the sentences one token at a time.
    ///
    /// A word's term is found through two tables: the key of the word as written (lower-cased)
    /// gives its term id directly once the word has been seen in the section; the key of its stem
    /// gives the term id, so that the forms of a word (`profits`, `profit's`) meet. Stop words are
    /// checked and words stemmed once per distinct word and workspace (``TermWorkspace/stems``).
    struct Builder {
        /// Term key (of a stem, a number or an ideograph bigram) → term id.
        let termIDs: KeyTable
        /// Key of a word as written → its term id, or −1 for a word that is no term.
        let wordIDs: KeyTable
        /// Key of a word as written → key of its stem, across sections.
        let stems: StemTable
        var starts: [Int] = [0]
        var lengths: [Double] = []
        /// In workspace memory (``TermWorkspace/reserveTerms(_:)``, room for one entry per token):
        /// the term ids of the sentences end to end, each sentence's in increasing order, with
        /// the count of each in the sentence at the same position; and each term's document
        /// frequency, by id.
        var terms: UnsafeMutablePointer<Int32>
        var counts: UnsafeMutablePointer<Int32>
        var termEntries = 0
        var documentFrequency: UnsafeMutablePointer<Int>
        var termCount = 0
        /// The term ids of the current sentence, in token order (``TermWorkspace/ids``, room for
        /// one per token of the sentence).
        var ids: UnsafeMutablePointer<Int32>
        var idCount = 0
        /// The current sentence's words and numbers, and its ideograph tokens (which count half).
        var wordCount = 0
        var ideographCount = 0
        let scratch: UnsafeMutableBufferPointer<UInt8>
        /// ``SentenceTerms/stopWordKeys``, read once per section rather than through the global
        /// for every new word.
        let stopWords = SentenceTerms.stopWordKeys

        /// Where `ids`, `terms`, `counts` and `documentFrequency` are.
        let workspace: TermWorkspace

        /// For a section of `sentenceCount` sentences and about `tokenCount` tokens; tokens are
        /// added after room is made for them (``reserve(tokens:)``).
        init(sentenceCount: Int, tokenCount: Int, workspace: TermWorkspace) {
            workspace.startSection(tokenCount: tokenCount)
            self.workspace = workspace
            termIDs = workspace.termIDs
            wordIDs = workspace.wordIDs
            stems = workspace.stems
            scratch = workspace.scratch
            ids = workspace.ids
            terms = workspace.terms
            counts = workspace.counts
            documentFrequency = workspace.documentFrequency
            starts.reserveCapacity(sentenceCount + 1)
            lengths.reserveCapacity(sentenceCount)
        }

        /// Makes room for `tokenCount` more tokens (each adds at most one term entry and one
        /// term), keeping what is there.
        mutating func reserve(tokens tokenCount: Int) {
            workspace.reserveIDs(tokenCount)
            workspace.reserveTerms(max(termEntries, termCount) + tokenCount, keeping: max(termEntries, termCount))
            ids = workspace.ids
            terms = workspace.terms
            counts = workspace.counts
            documentFrequency = workspace.documentFrequency
        }

        /// The id of the term `key`, numbering it when it is new.
        @inline(__always)
        mutating func termID(_ key: UInt64) -> Int32 {
            let (id, inserted) = termIDs.findOrInsert(key, value: Int32(truncatingIfNeeded: termCount))
            if inserted {
                documentFrequency[termCount] = 0
                termCount &+= 1
            }
            return id
        }

        /// Adds token `index` of `tokens` to the current sentence.
        @inline(__always)
        mutating func add(_ tokens: TokenList, _ index: Int) {
            let token = tokens[index]
            switch token.kind {
            case .ideograph, .number:
                if token.kind == .ideograph { ideographCount &+= 1 } else { wordCount &+= 1 }
                ids[idCount] = termID(SentenceTerms.key(tokens, token.normalized))
                idCount &+= 1
            case .word:
                wordCount &+= 1
                // One-letter words are no terms.
                guard token.normalized.count > 1 else { return }
                let key = SentenceTerms.key(tokens, token.normalized)
                // One probe: the word's term id, or the free slot it goes in (``wordTermID``
                // does not touch `wordIDs`, so the slot stays free until it is filled).
                let (known, slot) = wordIDs.valueOrSlot(for: key)
                if slot < 0 {
                    if known >= 0 {
                        ids[idCount] = known
                        idCount &+= 1
                    }
                    return
                }
                let id = wordTermID(tokens.normalized(index), key: key)
                wordIDs.insert(key, value: id, at: slot)
                if id >= 0 {
                    ids[idCount] = id
                    idCount &+= 1
                }
            }
        }

        /// The term id of a word not seen before in the section, or −1 for a stop word.
        mutating func wordTermID(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> Int32 {
            // A word stemming leaves as it is needs only the stop words (a small table, in cache)
            // and is not kept in `stems`, which stays smaller for it.
            guard LightStemmer.mayChange(bytes) else {
                return stopWords.contains(key) ? -1 : termID(key)
            }
            if let stem = stems.stem(of: key) {
                return stem == StemTable.stopWord ? -1 : termID(stem)
            }
            if stopWords.contains(key) {
                stems.insert(key, stem: StemTable.stopWord)
                return -1
            }
            let stem: UInt64
            if bytes.count <= scratch.count {
                scratch.baseAddress!.update(from: bytes.baseAddress!, count: bytes.count)
                let length = LightStemmer.stem(scratch, count: bytes.count)
                stem = SentenceTerms.key(UnsafeBufferPointer(rebasing: scratch[0..<length]))
            } else {
                stem = key
            }
            // A stem whose key is 0 (an FNV-1a hash of 0) would read as a stop word.
            if stem != StemTable.stopWord { stems.insert(key, stem: stem) }
            return termID(stem)
        }

        /// Ends the current sentence: its distinct terms in increasing order, with their counts.
        mutating func endSentence() {
            Self.sort(UnsafeMutableBufferPointer(start: ids, count: idCount))
            var index = 0
            while index < idCount {
                let id = ids[index]
                var end = index + 1
                while end < idCount, ids[end] == id { end += 1 }
                terms[termEntries] = id
                counts[termEntries] = Int32(truncatingIfNeeded: end - index)
                termEntries &+= 1
                documentFrequency[Int(id)] &+= 1
                index = end
            }
            starts.append(termEntries)
            // Exact, as the sum of the halves and ones was: both are multiples of 0.5 far below 2^52.
            lengths.append(Double(wordCount) + 0.5 * Double(ideographCount))
            idCount = 0
            wordCount = 0
            ideographCount = 0
        }

        /// Sorts a sentence's ids: insertion sort for the usual few dozen (ids come mostly in
        /// increasing order, being numbered by first appearance), the standard sort beyond.
        static func sort(_ ids: UnsafeMutableBufferPointer<Int32>) {
            guard ids.count <= 64 else {
                var ids = ids
                ids.sort()
                return
            }
            // Indices stay within the buffer: plain (wrapping) steps, no overflow tests.
            var index = 1
            while index < ids.count {
                let id = ids[index]
                var slot = index
                while slot > 0, ids[slot &- 1] > id {
                    ids[slot] = ids[slot &- 1]
                    slot &-= 1
                }
                ids[slot] = id
                index &+= 1
            }
        }

        /// The TF-IDF vectors, of unit length.
        consuming func finish() -> SentenceTerms {
            let sentenceCount = lengths.count
            let total = Double(sentenceCount)
            // idf depends only on the document frequency, at most the number of sentences.
            var weights = [Float](repeating: 0, count: termEntries)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: sentenceCount + 1) { idfByFrequency in
                for frequency in 0...sentenceCount {
                    idfByFrequency[frequency] = frequency == 0 ? 0 : Float(log((total + 1) / Double(frequency)) + 1)
                }
                for sentence in 0..<sentenceCount {
                    let range = starts[sentence]..<starts[sentence + 1]
                    var squares: Float = 0
                    for position in range {
                        let weight = Float(counts[position]) * idfByFrequency[documentFrequency[Int(terms[position])]]
                        weights[position] = weight
                        squares += weight * weight
                    }
                    let norm = squares.squareRoot()
                    if norm > 0 {
                        for position in range { weights[position] /= norm }
                    }
                }
            }
            let result = SentenceTerms(starts: starts, terms: Array(UnsafeBufferPointer(start: terms, count: termEntries)),
                                       weights: weights, lengths: lengths, termCount: termCount)
            // The workspace's tables are not needed again for this section: a long section's are
            // let go now rather than held through the graph and its ranking.
            workspace.releaseLargeTables()
            return result
        }
    }

    init(starts: [Int], terms: [Int32], weights: [Float], lengths: [Double], termCount: Int) {
        self.starts = starts
        self.terms = terms
        self.weights = weights
        self.lengths = lengths
        self.termCount = termCount
    }
}

/// An open-addressing hash table from 64-bit keys to `Int32` values (linear probing, at most half
/// full), for the per-token lookups where `Dictionary`'s hashing dominates. Keys are
/// ``SentenceTerms/key(_:)``s; they are spread by a multiplication to pick a slot.
///
/// A slot is in use when it carries the table's current generation, so that emptying the table
/// for the next section (``reset(minimumCapacity:)``) is one increment rather than a pass over
/// its memory.
final class KeyTable {
    private struct Entry {
        var key: UInt64
        var value: Int32
        /// The generation the slot was filled in; the slot is empty unless it is the table's.
        var generation: UInt32
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var shift: UInt64
    private var mask: Int
    /// Never 0, the generation of fresh slots.
    private var generation: UInt32 = 1
    private(set) var count = 0

    init(minimumCapacity: Int) {
        let capacity = Self.capacity(for: minimumCapacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(key: 0, value: 0, generation: 0), count: capacity)
    }

    deinit { entries.deallocate() }

    /// How many slots the table has.
    var capacity: Int { mask + 1 }

    private static func capacity(for minimumCapacity: Int) -> Int {
        var capacity = 16
        while capacity < 2 * minimumCapacity { capacity *= 2 }
        return capacity
    }

    /// Empties the table for about `minimumCapacity` keys: a new generation when its size suits
    /// them, allocated again at the size `init(minimumCapacity:)` gives when it is too small or
    /// more than eight times too large (so that a table that once grew for a long section does
    /// not stay large, out of cache, for the short ones after it).
    func reset(minimumCapacity: Int) {
        let capacity = Self.capacity(for: minimumCapacity)
        count = 0
        if capacity > mask + 1 || 8 * capacity < mask + 1 {
            entries.deallocate()
            mask = capacity - 1
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            entries = .allocate(capacity: capacity)
            entries.initialize(repeating: Entry(key: 0, value: 0, generation: 0), count: capacity)
            generation = 1
        } else if generation == UInt32.max {
            entries.update(repeating: Entry(key: 0, value: 0, generation: 0), count: mask + 1)
            generation = 1
        } else {
            generation += 1
        }
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        fibonacciSlot(key, shift: shift)
    }

    /// The value of `key`, if it is in the table.
    @inline(__always)
    func value(for key: UInt64) -> Int32? {
        var index = slot(key)
        while entries[index].generation == generation {
            if entries[index].key == key { return entries[index].value }
            index = (index &+ 1) & mask
        }
        return nil
    }

    /// The value of `key` and −1 when it is in the table; else 0 and the free slot where
    /// ``insert(_:value:at:)`` puts it, as long as nothing is added in between.
    @inline(__always)
    func valueOrSlot(for key: UInt64) -> (value: Int32, slot: Int) {
        var index = slot(key)
        while entries[index].generation == generation {
            if entries[index].key == key { return (entries[index].value, -1) }
            index = (index &+ 1) & mask
        }
        return (0, index)
    }

    /// Adds `key` (not in the table) with `value` at `slot`, the free slot
    /// ``valueOrSlot(for:)`` gave for it with nothing added since.
    @inline(__always)
    func insert(_ key: UInt64, value: Int32, at slot: Int) {
        entries[slot] = Entry(key: key, value: value, generation: generation)
        count &+= 1
        if count &<< 1 > mask &+ 1 { grow() }
    }

    /// The value of `key`, or `value` after adding it; and whether it was added.
    @inline(__always)
    func findOrInsert(_ key: UInt64, value: Int32) -> (Int32, inserted: Bool) {
        var index = slot(key)
        while entries[index].generation == generation {
            if entries[index].key == key { return (entries[index].value, false) }
            index = (index &+ 1) & mask
        }
        insert(key, value: value, at: index)
        return (value, true)
    }

    private func grow() {
        let old = entries
        let oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        mask = capacity - 1
        shift -= 1
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(key: 0, value: 0, generation: 0), count: capacity)
        for index in 0..<oldCapacity where old[index].generation == generation {
            var slot = slot(old[index].key)
            while entries[slot].generation == generation { slot = (slot + 1) & mask }
            entries[slot] = old[index]
        }
        old.deallocate()
    }
}

/// An immutable open-addressing set of 64-bit keys (at most a quarter full), for the stop words.
struct KeySet: Sendable {
    private let keys: [UInt64]
    private let occupied: [Bool]
    private let shift: UInt64
    private let mask: Int

    init(_ members: [UInt64]) {
        var capacity = 16
        while capacity < 4 * members.count { capacity *= 2 }
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        var keys = [UInt64](repeating: 0, count: capacity)
        var occupied = [Bool](repeating: false, count: capacity)
        for key in members {
            var index = fibonacciSlot(key, shift: shift)
            while occupied[index], keys[index] != key { index = (index &+ 1) & mask }
            occupied[index] = true
            keys[index] = key
        }
        self.keys = keys
        self.occupied = occupied
    }

    /// Whether `key` is in the set; probes through buffer pointers, without the arrays' bounds
    /// checks (every index is masked into the table).
    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        keys.withUnsafeBufferPointer { keys in
            occupied.withUnsafeBufferPointer { occupied in
                var index = fibonacciSlot(key, shift: shift)
                while occupied[index] {
                    if keys[index] == key { return true }
                    index = (index &+ 1) & mask
                }
                return false
            }
        }
    }
}
