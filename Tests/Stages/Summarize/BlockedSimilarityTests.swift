import Foundation
import GalleyText
@testable import SummarizeStage
import Testing

/// The similarities are computed, and the graph built, a block of rows at a time (issue 19's
/// memory bound): whatever the block size, the band, the edges and the ranks must be those of the
/// whole table, to the bit.
@Suite struct BlockedSimilarityTests {
    /// The graph as the whole band of similarities defines it: each sentence keeps its
    /// `neighbours` strongest pairs within the window (ties: the nearer, then the earlier), an
    /// edge stays when either end kept it; each sentence's edges in increasing order.
    static func referenceEdges(count: Int, window: Int, neighbours: Int,
                               similarity: (Int, Int) -> Float) -> [[(neighbour: Int, weight: Float)]] {
        let width = max(0, min(window, count - 1))
        func weight(_ a: Int, _ b: Int) -> Float { similarity(min(a, b), max(a, b)) }
        var kept = Set<[Int]>()
        for sentence in 0..<count {
            var candidates: [(neighbour: Int, weight: Float)] = []
            for other in max(0, sentence - width)..<min(count, sentence + width + 1) where other != sentence {
                if weight(sentence, other) > 0 { candidates.append((other, weight(sentence, other))) }
            }
            if count - 1 > neighbours {
                candidates.sort { a, b in
                    if a.weight != b.weight { return a.weight > b.weight }
                    if abs(a.neighbour - sentence) != abs(b.neighbour - sentence) {
                        return abs(a.neighbour - sentence) < abs(b.neighbour - sentence)
                    }
                    return a.neighbour < b.neighbour
                }
                candidates = Array(candidates.prefix(neighbours))
            }
            for candidate in candidates { kept.insert([min(sentence, candidate.neighbour), max(sentence, candidate.neighbour)]) }
        }
        return (0..<count).map { node in
            (max(0, node - width)..<min(count, node + width + 1)).compactMap { other in
                other != node && kept.contains([min(node, other), max(node, other)]) ? (other, weight(node, other)) : nil
            }
        }
    }

    static func similarity(seed: UInt64) -> (Int, Int) -> Float {
        { a, b in
            var hash = seed ^ UInt64(a &* 1_000_003 &+ b)
            hash = (hash ^ (hash >> 31)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            switch hash % 4 {
            case 0: return 0
            case 1: return Float(hash % 3 + 1)   // ties
            default: return Float(hash % 1_000_000) / 1_000_000
            }
        }
    }

    @Test func blockedGraphsHaveTheEdgesAndRanksOfTheWholeBand() {
        var generator = SystemRandomNumberGenerator()
        for (count, window, neighbours) in [(1, 5, 3), (2, 5, 3), (9, 3, 2), (40, 5, 2), (40, 50, 20), (130, 6, 3),
                                            (300, 10, 4), (257, 130, 7)] {
            let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
            let similarity = Self.similarity(seed: seed)
            let reference = Self.referenceEdges(count: count, window: window, neighbours: neighbours, similarity: similarity)
            let referenceRanks = SimilarityGraphRankTests.listPageRank(reference)
            let width = SimilarityGraph.bandWidth(count: count, window: window)
            // Block sizes around the ring's least (2 × width + 1, rounded up to a power of two) and
            // around the section's size.
            let blocks = [1, 2, 2 * width, 2 * width + 1, 2 * width + 2, count - 1, count, count + 1, SimilarityGraph.defaultBlockRows]
            for blockRows in Set(blocks.filter { $0 >= 1 }) {
                let graph = SimilarityGraph(count: count, window: window, neighbours: neighbours, blockRows: blockRows,
                                            similarity: similarity)
                let edges = graph.edges
                let label = "\(count) \(window) \(neighbours) block \(blockRows) seed \(seed)"
                #expect(edges.map { $0.map(\.neighbour) } == reference.map { $0.map(\.neighbour) }, "\(label)")
                #expect(edges.map { $0.map(\.weight.bitPattern) } == reference.map { $0.map(\.weight.bitPattern) }, "\(label)")
                #expect(graph.pageRank().map(\.bitPattern) == referenceRanks.map(\.bitPattern), "\(label)")
            }
        }
    }

    static func terms(sentences: Int, vocabulary: Int) -> SentenceTerms {
        var text = ""
        for index in 0..<sentences {
            // Sentences of 3 to 9 words from a vocabulary, some repeated, some sharing nothing.
            let words = (0..<(3 + index % 7)).map { "word\((index * 31 + $0 * 17 + $0 * $0) % vocabulary)" }
            text += words.joined(separator: " ").capitalized + ". "
            if index % 13 == 0 { text += "经济增长很快。" }
        }
        var storage = text
        return storage.withUTF8 { SentenceTerms($0, sentences: SentenceSplitter().sentenceByteRanges(in: $0)) }
    }

    @Test func blocksOfTheBandAreTheWholeBandToTheBit() {
        for (sentences, vocabulary) in [(5, 4), (60, 15), (200, 500)] {
            let terms = Self.terms(sentences: sentences, vocabulary: vocabulary)
            let count = terms.count
            for algorithm in [RankingAlgorithm.textrank, .lexrank] {
                let ranker = SentenceRanker(algorithm: algorithm)
                for width in Set([1, 3, 10, count - 1]) where width >= 1 && width < count {
                    let whole = ranker.similarities(terms, width: width)
                    // Blocks of every size around 1, the window and the section, in rows.
                    for blockRows in Set([1, 2, width, width + 1, 2 * width + 1, count - 1, count]) where blockRows >= 1 {
                        var blocked = [Float](repeating: 0, count: count * width)
                        var postings = SentenceRanker.Postings(termCount: terms.termCount)
                        blocked.withUnsafeMutableBufferPointer { band in
                            var start = 0
                            while start < count {
                                let rows = start..<min(count, start + blockRows)
                                let slots = UnsafeMutableBufferPointer(rebasing: band[(start * width)..<(rows.upperBound * width)])
                                ranker.similarities(terms, width: width, rows: rows, into: slots, postings: &postings)
                                start = rows.upperBound
                            }
                        }
                        #expect(blocked.map(\.bitPattern) == whole.map(\.bitPattern),
                                "\(sentences) sentences, \(algorithm), width \(width), block \(blockRows)")
                        #expect(postings.starts.allSatisfy { $0 == 0 })
                    }
                }
            }
        }
    }

    @Test func scoresDoNotDependOnTheBlockSize() {
        let terms = Self.terms(sentences: 400, vocabulary: 60)
        for algorithm in [RankingAlgorithm.textrank, .lexrank] {
            let ranker = SentenceRanker(algorithm: algorithm, window: 12, neighbours: 5)
            let whole = ranker.scores(terms, blockRows: terms.count)
            for blockRows in [1, 24, 25, 26, 100, terms.count - 1] {
                #expect(ranker.scores(terms, blockRows: blockRows).map(\.bitPattern) == whole.map(\.bitPattern),
                        "\(algorithm) block \(blockRows)")
            }
        }
    }
}
