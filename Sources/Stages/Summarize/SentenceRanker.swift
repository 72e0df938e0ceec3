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

    /// The indices of the `count` sentences to keep among the sentences at `ranges` (scalar
    /// ranges) of a decoded text, in increasing order: the same choice as ``select(_:count:)``
    /// on their strings, tokenized in the text's one decoding.
    func select(in text: DecodedText, sentences ranges: [Range<Int>], count: Int) -> [Int] {
        let count = min(count, ranges.count)
        guard count > 0 else { return [] }
        if algorithm == .lead || count == ranges.count { return Array(0..<count) }
        return select(SentenceTerms(text, sentences: ranges), count: count) { a, b in
            text.string(ranges[a]) == text.string(ranges[b])
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
    /// Sentence `a`'s terms are marked in a table indexed by term id, so each comparison is one
    /// pass over `b`'s terms (in increasing order, so a cosine sums its products in the order of
    /// ``SentenceTerms/dot(_:_:)``).
    func similarities(_ terms: SentenceTerms, width: Int) -> [Float] {
        let count = terms.count
        var band = [Float](repeating: 0, count: count * width)
        guard width > 0 else { return band }
        // For each term: the last sentence `a` that has it, and its position there.
        var owner = [Int32](repeating: -1, count: terms.termCount)
        var position = [Int32](repeating: 0, count: terms.termCount)
        let logSizes = algorithm == .textrank
            ? (0..<count).map { Float(log(Double(max(terms.termCount(of: $0), 1)))) }
            : []
        terms.starts.withUnsafeBufferPointer { starts in
            terms.terms.withUnsafeBufferPointer { ids in
                terms.weights.withUnsafeBufferPointer { weights in
                    band.withUnsafeMutableBufferPointer { band in
                        owner.withUnsafeMutableBufferPointer { owner in
                            position.withUnsafeMutableBufferPointer { position in
                                for a in 0..<count {
                                    let mark = Int32(truncatingIfNeeded: a)
                                    for index in starts[a]..<starts[a + 1] {
                                        owner[Int(ids[index])] = mark
                                        position[Int(ids[index])] = Int32(truncatingIfNeeded: index)
                                    }
                                    for b in (a + 1)..<min(count, a + width + 1) {
                                        let slot = a * width + b - a - 1
                                        switch algorithm {
                                        case .textrank:
                                            let denominator = logSizes[a] + logSizes[b]
                                            guard denominator > 0 else { continue }
                                            // Shared or not, without a branch (it would be mispredicted).
                                            var shared = 0
                                            for index in starts[b]..<starts[b + 1] {
                                                shared &+= owner[Int(ids[index])] == mark ? 1 : 0
                                            }
                                            band[slot] = Float(shared) / denominator
                                        case .lexrank, .lead:
                                            var sum: Float = 0
                                            for index in starts[b]..<starts[b + 1] {
                                                let id = Int(ids[index])
                                                // A term `a` lacks adds exactly 0 (`a`'s weight taken as 0).
                                                let weight = owner[id] == mark ? weights[Int(position[id])] : 0
                                                sum += weight * weights[index]
                                            }
                                            band[slot] = sum
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return band
    }
}
