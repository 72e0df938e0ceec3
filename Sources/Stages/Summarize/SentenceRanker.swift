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
        return select(SentenceTerms(utf8, sentences: ranges, workspace: workspace), count: count) { a, b in
            // As strings: `==` on `String` is canonical equivalence, not byte equality.
            String(decoding: UnsafeBufferPointer(rebasing: utf8[ranges[a]]), as: UTF8.self)
                == String(decoding: UnsafeBufferPointer(rebasing: utf8[ranges[b]]), as: UTF8.self)
        }
    }

    /// The `count` (fewer than the sentences, more than 0) best sentences, in increasing order.
    /// `sameText(a, b)` tells whether two sentences without terms are repeats.
    func select(_ terms: SentenceTerms, count: Int, sameText: (Int, Int) -> Bool) -> [Int] {
        let scores = self.scores(terms)
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
    func scores(_ terms: SentenceTerms) -> [Double] {
        let count = terms.count
        let width = SimilarityGraph.bandWidth(count: count, window: window)
        let graph = SimilarityGraph(count: count, width: width, neighbours: neighbours,
                                    band: similarities(terms, width: width))
        let rank = graph.pageRank()
        return (0..<count).map { index in
            let position = index == 0 ? 1 + leadBias : 1
            let length = min(1, terms.lengths[index] / max(minWords, 1))
            return rank[index] * Double(count) * position * length
        }
    }

    /// The similarity of each sentence `a` with each `b` up to `width` sentences after it, at
    /// `a × width + (b − a − 1)` (the band of ``SimilarityGraph/init(count:width:neighbours:band:)``).
    ///
    /// Computed term by term rather than pair by pair: each term's postings (the sentences that
    /// have it, in order) give the pairs within the window that share it, so the work is the
    /// number of shared (pair, term)s, never more than `n × width × terms per sentence`. Terms
    /// are taken in increasing id order, so a cosine sums its products in the order of
    /// ``SentenceTerms/dot(_:_:)`` and comes out the same to the bit.
    func similarities(_ terms: SentenceTerms, width: Int) -> [Float] {
        let count = terms.count
        var band = [Float](repeating: 0, count: count * width)
        guard width > 0 else { return band }
        let termCount = terms.termCount
        let occurrences = terms.terms.count
        // Postings, laid out by term id: the sentence and the position in `terms` of each
        // occurrence, in increasing order of sentence. Counted into `postingStarts[id]`, summed
        // to where each term's postings end, and filled from the last occurrence back, which
        // leaves `postingStarts[id]` where they start (and `postingStarts[termCount]` the total).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: termCount + 1) { postingStarts in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * occurrences) { postings in
                postingStarts.initialize(repeating: 0)
                terms.starts.withUnsafeBufferPointer { starts in
                    terms.terms.withUnsafeBufferPointer { ids in
                        // Counts and positions within the buffers: wrapping arithmetic.
                        for id in ids { postingStarts[Int(id)] &+= 1 }
                        for id in 0..<termCount { postingStarts[id &+ 1] &+= postingStarts[id] }
                        for sentence in (0..<count).reversed() {
                            for index in (starts[sentence]..<starts[sentence &+ 1]).reversed() {
                                let id = Int(ids[index])
                                let position = postingStarts[id] &- 1
                                postingStarts[id] = position
                                postings[2 &* position] = Int32(truncatingIfNeeded: sentence)
                                postings[2 &* position &+ 1] = Int32(truncatingIfNeeded: index)
                            }
                        }
                    }
                }
                terms.weights.withUnsafeBufferPointer { weights in
                    band.withUnsafeMutableBufferPointer { band in
                        let textrank = algorithm == .textrank
                        for id in 0..<termCount {
                            let end = postingStarts[id + 1]
                            // Positions and slots are within their buffers (sentence numbers
                            // times the band's width): wrapping index arithmetic, no overflow tests.
                            for first in postingStarts[id]..<end {
                                let a = Int(postings[2 &* first])
                                var second = first &+ 1
                                while second < end, Int(postings[2 &* second]) &- a <= width {
                                    let slot = a &* width &+ Int(postings[2 &* second]) &- a &- 1
                                    // textrank counts shared terms (exact in a Float); lexrank sums
                                    // the products of their weights.
                                    band[slot] += textrank
                                        ? 1
                                        : weights[Int(postings[2 &* first &+ 1])] * weights[Int(postings[2 &* second &+ 1])]
                                    second &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        if algorithm == .textrank {
            // Shared terms over length: |Si ∩ Sj| / (ln|Si| + ln|Sj|), 0 when both have one term.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { logSizes in
                for index in 0..<count {
                    logSizes[index] = Float(log(Double(max(terms.termCount(of: index), 1))))
                }
                band.withUnsafeMutableBufferPointer { band in
                    for a in 0..<count {
                        for b in (a &+ 1)..<min(count, a &+ width &+ 1) {
                            let slot = a &* width &+ b &- a &- 1
                            let denominator = logSizes[a] + logSizes[b]
                            band[slot] = denominator > 0 ? band[slot] / denominator : 0
                        }
                    }
                }
            }
        }
        return band
    }
}
