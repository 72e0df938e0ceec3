import Foundation
import GalleyText

/// How sentences are ranked.
public enum RankingAlgorithm: String, CaseIterable, Sendable {
    /// PageRank over TF-IDF cosine similarity with continuous weights (Erkan & Radev 2004).
    case lexrank
    /// PageRank over term overlap normalized by length, `|Si ∩ Sj| / (ln|Si| + ln|Sj|)`
    /// (Mihalcea & Tarau 2004).
    case textrank
    /// The first sentences.
    case lead
}

/// Chooses the summary sentences of one section: ranks them on a bounded similarity graph,
/// weighs the rank with position and length priors, and picks the best while skipping near
/// repeats of sentences already picked.
public struct SentenceRanker: Sendable {
    public var algorithm: RankingAlgorithm
    /// Sentences compared on each side of a sentence (the graph bound).
    public var window: Int
    /// Most similar neighbours a sentence keeps.
    public var neighbours: Int
    /// Weight of the position prior: the first sentence (a news lead) has its rank multiplied by
    /// `1 + leadBias`. At 3 and above it is chosen unless its rank is very low.
    public var leadBias: Double
    /// Sentences shorter than this many words have their rank scaled by `length / minWords`.
    public var minWords: Double
    /// A candidate whose cosine similarity with a sentence already picked is at least this is
    /// skipped (picked only when nothing else is left). `1` keeps everything but exact repeats.
    public var redundancy: Double

    public init(algorithm: RankingAlgorithm = .textrank, window: Int = 50, neighbours: Int = 20,
                leadBias: Double = 3, minWords: Double = 6, redundancy: Double = 0.7) {
        self.algorithm = algorithm
        self.window = window
        self.neighbours = neighbours
        self.leadBias = leadBias
        self.minWords = minWords
        self.redundancy = redundancy
    }

    /// The indices of the `count` sentences to keep, in increasing order.
    public func select(_ sentences: [String], count: Int) -> [Int] {
        let count = min(count, sentences.count)
        guard count > 0 else { return [] }
        if algorithm == .lead || count == sentences.count { return Array(0..<count) }
        return select(SentenceTerms(sentences), count: count) { sentences[$0] == sentences[$1] }
    }

    /// The indices of the `count` sentences to keep among the sentences at `ranges` (byte ranges,
    /// in order) of the UTF-8 of a text, in increasing order: the same choice as
    /// ``select(_:count:)`` on their strings, tokenized in one pass over the bytes, with the
    /// tables of `workspace`.
    func select(in utf8: UnsafeBufferPointer<UInt8>, sentences ranges: [Range<Int>], count: Int,
                workspace: TermWorkspace = TermWorkspace()) -> [Int] {
        let count = min(count, ranges.count)
        guard count > 0 else { return [] }
        if algorithm == .lead || count == ranges.count { return Array(0..<count) }
        return select(SentenceTerms(utf8, sentences: ranges, workspace: workspace), count: count,
                      postings: &workspace.postings) { a, b in
            // As strings: `==` on `String` is canonical equivalence, not byte equality.
            String(decoding: UnsafeBufferPointer(rebasing: utf8[ranges[a]]), as: UTF8.self)
                == String(decoding: UnsafeBufferPointer(rebasing: utf8[ranges[b]]), as: UTF8.self)
        }
    }

    /// The `count` (fewer than the sentences, more than 0) best sentences, in increasing order.
    /// `sameText(a, b)` tells whether two sentences without terms are repeats.
    func select(_ terms: SentenceTerms, count: Int, sameText: (Int, Int) -> Bool) -> [Int] {
        var postings = Postings(termCount: terms.termCount)
        return select(terms, count: count, postings: &postings, sameText: sameText)
    }

    /// ``select(_:count:sameText:)`` with `postings` reused from an earlier section.
    func select(_ terms: SentenceTerms, count: Int, postings: inout Postings, sameText: (Int, Int) -> Bool) -> [Int] {
        let scores = self.scores(terms, postings: &postings)
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var picked: [Int] = []
        var skipped: [Int] = []
        for candidate in order where picked.count < count {
            let repeats = picked.contains { chosen in
                if terms.isEmpty(candidate) || terms.isEmpty(chosen) { return sameText(chosen, candidate) }
                return Double(terms.dot(candidate, chosen)) >= redundancy - 1e-6
            }
            if repeats { skipped.append(candidate) } else { picked.append(candidate) }
        }
        picked.append(contentsOf: skipped.prefix(count - picked.count))
        return picked.sorted()
    }

    /// The score of every sentence: graph rank (mean 1) × position prior × length prior.
    func scores(_ terms: SentenceTerms, blockRows: Int = SimilarityGraph.defaultBlockRows) -> [Double] {
        var postings = Postings(termCount: terms.termCount)
        return scores(terms, blockRows: blockRows, postings: &postings)
    }

    /// ``scores(_:blockRows:)`` with `postings` reused from an earlier section.
    func scores(_ terms: SentenceTerms, blockRows: Int = SimilarityGraph.defaultBlockRows,
                postings: inout Postings) -> [Double] {
        let count = terms.count
        let width = SimilarityGraph.bandWidth(count: count, window: window)
        postings.reserve(termCount: terms.termCount)
        let graph = SimilarityGraph(count: count, width: width, neighbours: neighbours, blockRows: blockRows) { rows, block in
            similarities(terms, width: width, rows: rows, into: block, postings: &postings)
        }
        let rank = graph.pageRank()
        return (0..<count).map { index in
            let position = index == 0 ? 1 + leadBias : 1
            let length = min(1, terms.lengths[index] / max(minWords, 1))
            return rank[index] * Double(count) * position * length
        }
    }

    /// The similarity of each sentence `a` with each `b` up to `width` sentences after it, at
    /// `a × width + (b − a − 1)`: the whole band, as one block of
    /// ``similarities(_:width:rows:into:postings:)``.
    func similarities(_ terms: SentenceTerms, width: Int) -> [Float] {
        var band = [Float](repeating: 0, count: terms.count * width)
        guard width > 0 else { return band }
        var postings = Postings(termCount: terms.termCount)
        band.withUnsafeMutableBufferPointer { band in
            similarities(terms, width: width, rows: 0..<terms.count, into: band, postings: &postings)
        }
        return band
    }

    /// Where the postings of a block of sentences are laid out; reused from block to block.
    struct Postings {
        /// Per term id: how many occurrences in the block, then where its postings start; 0
        /// between blocks.
        var starts: [Int]
        /// The term ids that occur in the block.
        var touched: [Int32] = []
        /// The sentence and the position in `terms` of each occurrence, by term id, in
        /// increasing order of sentence.
        var list: [Int32] = []

        init(termCount: Int) { starts = [Int](repeating: 0, count: termCount) }

        /// Makes room for the ids of `termCount` terms (the entries of `starts` are 0 between
        /// blocks, and between sections, so a reused one only grows).
        mutating func reserve(termCount: Int) {
            if starts.count < termCount { starts.append(contentsOf: repeatElement(0, count: termCount - starts.count)) }
        }

        /// Lets go of the arrays when a long section grew them past `capacity` entries.
        mutating func releaseLarge(beyond capacity: Int) {
            if starts.count > capacity || list.count > 2 * capacity { self = Postings(termCount: 0) }
        }
    }

    /// The similarity of each sentence `a` of `rows` with each `b` up to `width` sentences after
    /// it, added at `block[(a − rows.lowerBound) × width + (b − a − 1)]` (zeroed by the caller;
    /// the rows of ``SimilarityGraph/init(count:width:neighbours:blockRows:fill:)``).
    ///
    /// Computed term by term rather than pair by pair: each term's postings among the sentences
    /// of `rows` and the `width` after them (the sentences that have it, in order) give the pairs
    /// within the window that share it, so the work is the number of shared (pair, term)s, never
    /// more than `rows × width × terms per sentence`. Terms are taken in increasing id order, so
    /// a cosine sums its products in the order of ``SentenceTerms/dot(_:_:)`` and comes out the
    /// same to the bit, whatever the blocks.
    func similarities(_ terms: SentenceTerms, width: Int, rows: Range<Int>, into block: UnsafeMutableBufferPointer<Float>,
                      postings: inout Postings) {
        let count = terms.count
        guard width > 0, !rows.isEmpty else { return }
        let termCount = terms.termCount
        let span = rows.lowerBound..<min(count, rows.upperBound + width)
        let textrank = algorithm == .textrank
        terms.starts.withUnsafeBufferPointer { starts in
            let occurrences = starts[span.lowerBound]..<starts[span.upperBound]
            // Terms in increasing id order: every id when the block has about as many
            // occurrences as there are terms, else the ids it has, sorted.
            let dense = termCount <= 2 * occurrences.count
            postings.touched.removeAll(keepingCapacity: true)
            if postings.list.count < 2 * occurrences.count {
                postings.list = [Int32](repeating: 0, count: 2 * occurrences.count)
            }
            terms.terms.withUnsafeBufferPointer { ids in
                postings.starts.withUnsafeMutableBufferPointer { postingStarts in
                    // Counts, then where each term's postings end (ids in order), then filled from
                    // the last occurrence back, which leaves `postingStarts[id]` where they start.
                    // Counts and positions are within the buffers: wrapping arithmetic.
                    for index in occurrences {
                        let id = Int(ids[index])
                        if postingStarts[id] == 0 { postings.touched.append(Int32(truncatingIfNeeded: id)) }
                        postingStarts[id] &+= 1
                    }
                    if !dense { postings.touched.sort() }
                    var total = 0
                    func forEachID(_ body: (Int) -> Void) {
                        if dense { for id in 0..<termCount { body(id) } } else { for id in postings.touched { body(Int(id)) } }
                    }
                    forEachID { id in
                        total &+= postingStarts[id]
                        postingStarts[id] = total
                    }
                    postings.list.withUnsafeMutableBufferPointer { list in
                        for sentence in span.reversed() {
                            for index in (starts[sentence]..<starts[sentence &+ 1]).reversed() {
                                let id = Int(ids[index])
                                let position = postingStarts[id] &- 1
                                postingStarts[id] = position
                                list[2 &* position] = Int32(truncatingIfNeeded: sentence)
                                list[2 &* position &+ 1] = Int32(truncatingIfNeeded: index)
                            }
                        }
                        terms.weights.withUnsafeBufferPointer { weights in
                            // A term's postings end where the next one's start (ids in order).
                            var previous = -1
                            func pairs(from begin: Int, to end: Int) {
                                // Positions and slots are within their buffers (sentence numbers
                                // times the band's width): wrapping index arithmetic.
                                for first in begin..<end {
                                    let a = Int(list[2 &* first])
                                    if a >= rows.upperBound { break }
                                    let row = (a &- rows.lowerBound) &* width &- a &- 1
                                    var second = first &+ 1
                                    while second < end, Int(list[2 &* second]) &- a <= width {
                                        // textrank counts shared terms (exact in a Float); lexrank
                                        // sums the products of their weights.
                                        block[row &+ Int(list[2 &* second])] += textrank
                                            ? 1
                                            : weights[Int(list[2 &* first &+ 1])] * weights[Int(list[2 &* second &+ 1])]
                                        second &+= 1
                                    }
                                }
                            }
                            forEachID { id in
                                if previous >= 0 { pairs(from: postingStarts[previous], to: postingStarts[id]) }
                                previous = id
                            }
                            if previous >= 0 { pairs(from: postingStarts[previous], to: total) }
                        }
                    }
                    // Back to 0 for the next block.
                    forEachID { postingStarts[$0] = 0 }
                }
            }
        }
        if textrank {
            // Shared terms over length: |Si ∩ Sj| / (ln|Si| + ln|Sj|), 0 when both have one term.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: span.count) { logSizes in
                for index in span {
                    logSizes[index - span.lowerBound] = Float(log(Double(max(terms.termCount(of: index), 1))))
                }
                for a in rows {
                    for b in (a &+ 1)..<min(count, a &+ width &+ 1) {
                        let slot = (a &- rows.lowerBound) &* width &+ b &- a &- 1
                        let denominator = logSizes[a - span.lowerBound] + logSizes[b - span.lowerBound]
                        block[slot] = denominator > 0 ? block[slot] / denominator : 0
                    }
                }
            }
        }
    }
}
