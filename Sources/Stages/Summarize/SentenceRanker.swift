import Foundation

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
        let terms = SentenceTerms(sentences)
        let scores = self.scores(terms)
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var picked: [Int] = []
        var skipped: [Int] = []
        for candidate in order where picked.count < count {
            let vector = terms.vectors[candidate]
            let repeats = picked.contains { chosen in
                let other = terms.vectors[chosen]
                if vector.isEmpty || other.isEmpty { return sentences[chosen] == sentences[candidate] }
                return Double(vector.dot(other)) >= redundancy - 1e-6
            }
            if repeats { skipped.append(candidate) } else { picked.append(candidate) }
        }
        picked.append(contentsOf: skipped.prefix(count - picked.count))
        return picked.sorted()
    }

    /// The score of every sentence: graph rank (mean 1) × position prior × length prior.
    func scores(_ terms: SentenceTerms) -> [Double] {
        let count = terms.vectors.count
        let graph = SimilarityGraph(count: count, window: window, neighbours: neighbours,
                                    similarity: similarity(terms))
        let rank = graph.pageRank()
        return (0..<count).map { index in
            let position = index == 0 ? 1 + leadBias : 1
            let length = min(1, terms.lengths[index] / max(minWords, 1))
            return rank[index] * Double(count) * position * length
        }
    }

    func similarity(_ terms: SentenceTerms) -> (Int, Int) -> Float {
        let vectors = terms.vectors
        switch algorithm {
        case .textrank:
            let logSizes = vectors.map { Float(log(Double(max($0.terms.count, 1)))) }
            return { a, b in
                let denominator = logSizes[a] + logSizes[b]
                guard denominator > 0 else { return 0 }
                return Float(vectors[a].overlap(vectors[b])) / denominator
            }
        case .lexrank, .lead:
            return { a, b in vectors[a].dot(vectors[b]) }
        }
    }
}
