import GalleyText
import Synchronization

/// What one worker reuses from section to section while it turns sentences into terms: the two
/// tables of ``SentenceTerms/Builder`` (cleared, not allocated again) and what it has learnt
/// about words — whether each is a stop word, and the key of its stem — so that a word is
/// checked and stemmed once per worker rather than once per section.
///
/// Used by one thread at a time: a section takes one from a ``TermWorkspacePool`` and gives it
/// back when done.
final class TermWorkspace: @unchecked Sendable {
    /// Term key → term id, for one section.
    let termIDs = KeyTable(minimumCapacity: 256)
    /// Key of a word as written → its term id (−1 for no term), for one section.
    let wordIDs = KeyTable(minimumCapacity: 256)
    /// Key of a word that stemming may change (``LightStemmer/mayChange(_:)``) → the key of its
    /// stem (or ``StemTable/stopWord``), for every section this workspace has seen (until it
    /// holds ``StemTable/maximumWords``).
    let stems = StemTable()
    /// The byte ranges of a section's sentences, reused from section to section.
    var sentences: [Range<Int>] = []
    /// The postings of the similarity blocks (``SentenceRanker/Postings``), reused from section
    /// to section.
    var postings = SentenceRanker.Postings(termCount: 0)
    /// The tokens of a section, reused from section to section.
    let tokens = TokenList()
    /// Room to stem a word in.
    let scratch: UnsafeMutableBufferPointer<UInt8>
    /// Room for the term ids of a sentence (``reserveIDs(_:)``).
    private(set) var ids: UnsafeMutablePointer<Int32>
    private var idCapacity = 256
    /// Room for a section's term entries, their counts, and its terms' document frequencies
    /// (``reserveTerms(_:keeping:)``).
    private(set) var terms: UnsafeMutablePointer<Int32>
    private(set) var counts: UnsafeMutablePointer<Int32>
    private(set) var documentFrequency: UnsafeMutablePointer<Int>
    private var termCapacity = 1024

    init() {
        scratch = .allocate(capacity: 256)
        scratch.initialize(repeating: 0)
        ids = .allocate(capacity: idCapacity)
        terms = .allocate(capacity: termCapacity)
        counts = .allocate(capacity: termCapacity)
        documentFrequency = .allocate(capacity: termCapacity)
    }

    deinit {
        scratch.deallocate()
        ids.deallocate()
        terms.deallocate()
        counts.deallocate()
        documentFrequency.deallocate()
    }

    /// Makes room for `count` entries in ``terms``, ``counts`` and ``documentFrequency``,
    /// keeping the first `kept` of each.
    func reserveTerms(_ count: Int, keeping kept: Int) {
        guard count > termCapacity else { return }
        while termCapacity < count { termCapacity *= 2 }
        func moved<Element>(_ old: UnsafeMutablePointer<Element>) -> UnsafeMutablePointer<Element> {
            let new = UnsafeMutablePointer<Element>.allocate(capacity: termCapacity)
            new.moveInitialize(from: old, count: kept)
            old.deallocate()
            return new
        }
        terms = moved(terms)
        counts = moved(counts)
        documentFrequency = moved(documentFrequency)
    }

    /// Makes room for `count` term ids in ``ids`` (forgetting those it holds).
    func reserveIDs(_ count: Int) {
        guard count > idCapacity else { return }
        ids.deallocate()
        while idCapacity < count { idCapacity *= 2 }
        ids = .allocate(capacity: idCapacity)
    }

    /// Entries (of ``terms``, ``counts`` and ``documentFrequency``, or of ``ids``), sentence
    /// ranges and table slots a workspace keeps between sections; beyond, a long section's are
    /// let go when it no longer needs them (``releaseLargeTables()``, ``releaseLargeSentences()``),
    /// so that one long section does not leave tens of megabytes in the pool.
    static let keptCapacity = 1 << 16

    /// Lets go of the term tables when a long section grew them past ``keptCapacity``: their
    /// contents are not needed once the section's ``SentenceTerms`` is made.
    func releaseLargeTables() {
        if termCapacity > Self.keptCapacity {
            terms.deallocate()
            counts.deallocate()
            documentFrequency.deallocate()
            termCapacity = 1024
            terms = .allocate(capacity: termCapacity)
            counts = .allocate(capacity: termCapacity)
            documentFrequency = .allocate(capacity: termCapacity)
        }
        if idCapacity > Self.keptCapacity {
            ids.deallocate()
            idCapacity = 256
            ids = .allocate(capacity: idCapacity)
        }
        for table in [termIDs, wordIDs] where table.capacity > Self.keptCapacity {
            table.reset(minimumCapacity: 256)
        }
        tokens.releaseLargeStorage()
    }

    /// Lets go of the sentence ranges and the postings when a long section grew them past
    /// ``keptCapacity``.
    func releaseLargeSentences() {
        if sentences.capacity > Self.keptCapacity { sentences = [] }
        postings.releaseLarge(beyond: Self.keptCapacity)
    }

    /// Empties the section tables for a section of about `tokenCount` tokens.
    func startSection(tokenCount: Int) {
        // Room for about one distinct term per two tokens (English repeats its words more, an
        // ideograph bigram less); the tables grow when that is short.
        termIDs.reset(minimumCapacity: min(tokenCount / 2, 1 << 16))
        wordIDs.reset(minimumCapacity: min(tokenCount / 2, 1 << 16))
    }
}

/// The workspaces of a stage's concurrent workers: a section takes a free one (or a new one) and
/// gives it back, so that there are about as many as sections summarized at once.
final class TermWorkspacePool: Sendable {
    private let free = Mutex<[TermWorkspace]>([])
    /// Free workspaces kept at most; more are let go.
    private let limit: Int

    init(limit: Int = 64) {
        self.limit = limit
    }

    /// Runs `body` with a workspace no other thread uses meanwhile.
    func withWorkspace<Result>(_ body: (TermWorkspace) throws -> Result) rethrows -> Result {
        let workspace = free.withLock { $0.popLast() } ?? TermWorkspace()
        defer {
            workspace.releaseLargeSentences()
            free.withLock { free in
                if free.count < limit { free.append(workspace) }
            }
        }
        return try body(workspace)
    }
}

/// An open-addressing table (linear probing, at most half full) from the key of a word to the key
/// of its stem, or ``stopWord``. A key of 0 marks an empty slot, so neither a word nor a stem
/// with the key 0 is ever stored (``SentenceTerms/key(_:)`` gives 0 only to an FNV-1a hash of
/// 0); when ``maximumWords`` are stored the table starts over.
final class StemTable {
    /// The stem key that marks a stop word.
    static let stopWord: UInt64 = 0
    static let maximumWords = 1 << 14

    private struct Entry {
        var key: UInt64
        var stem: UInt64
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var shift: UInt64
    private var mask: Int
    private var count = 0

    init() {
        let capacity = 1024
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(key: 0, stem: 0), count: capacity)
    }

    deinit { entries.deallocate() }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        fibonacciSlot(key, shift: shift)
    }

    /// The stem key of the word `key` (``stopWord`` for a stop word), if it is known.
    @inline(__always)
    func stem(of key: UInt64) -> UInt64? {
        var index = slot(key)
        while entries[index].key != 0 {
            if entries[index].key == key { return entries[index].stem }
            index = (index &+ 1) & mask
        }
        return nil
    }

    /// Records the stem key of the word `key` (not yet known).
    func insert(_ key: UInt64, stem: UInt64) {
        guard key != 0 else { return }
        if count >= Self.maximumWords { removeAll() }
        var index = slot(key)
        while entries[index].key != 0 { index = (index &+ 1) & mask }
        entries[index] = Entry(key: key, stem: stem)
        count &+= 1
        if count &<< 1 > mask &+ 1 { grow() }
    }

    private func removeAll() {
        entries.update(repeating: Entry(key: 0, stem: 0), count: mask + 1)
        count = 0
    }

    private func grow() {
        let old = entries
        let oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        mask = capacity - 1
        shift -= 1
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(key: 0, stem: 0), count: capacity)
        for index in 0..<oldCapacity where old[index].key != 0 {
            var slot = slot(old[index].key)
            while entries[slot].key != 0 { slot = (slot + 1) & mask }
            entries[slot] = old[index]
        }
        old.deallocate()
    }
}
