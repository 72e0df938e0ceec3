@testable import SummarizeStage
import Testing

@Suite struct SentenceRankerTests {
    @Test func nearRepeatsAreSkipped() {
        let sentences = [
            "Oil prices rose sharply on Monday after the pipeline closed.",
            "Oil prices rose sharply on Monday after the pipeline closed again.",
            "The pipeline closure pushed oil prices and fuel costs higher.",
            "Fuel costs for airlines rose with oil prices.",
        ]
        let ranker = SentenceRanker(leadBias: 0)
        let picked = ranker.select(sentences, count: 2)
        #expect(!(picked.contains(0) && picked.contains(1)))
        let noRemoval = SentenceRanker(leadBias: 0, redundancy: 1)
        #expect(noRemoval.select(sentences + [sentences[0]], count: 5).count == 5)
    }

    @Test func exactRepeatsAreTakenOnlyWhenNothingElseIsLeft() {
        let sentences = ["Same words here.", "Same words here.", "Different thing entirely."]
        #expect(SentenceRanker(leadBias: 0).select(sentences, count: 2) == [0, 2])
        #expect(SentenceRanker(leadBias: 0).select(sentences, count: 3) == [0, 1, 2])
    }

    @Test func theGraphIsBoundedByWindowAndNeighbours() {
        let count = 5_000
        var comparisons = 0
        var farthest = 0
        let graph = SimilarityGraph(count: count, window: 8, neighbours: 3) { a, b in
            comparisons += 1
            farthest = max(farthest, abs(a - b))
            return Float(1 + (a * 31 + b * 17) % 13)   // every pair similar, so only the bound limits edges
        }
        #expect(comparisons <= count * 8)   // each pair in the window once
        #expect(farthest <= 8)
        // A sentence keeps 3 edges and can be chosen by at most the 2 × 8 sentences in its window.
        #expect(graph.edges.allSatisfy { $0.count <= 3 + 2 * 8 })
        #expect(graph.edges.allSatisfy { edges in zip(edges, edges.dropFirst()).allSatisfy { $0.neighbour < $1.neighbour } })
        #expect(graph.edgeCount <= count * 3)
    }

    @Test func edgesAreSymmetric() {
        let graph = SimilarityGraph(count: 40, window: 5, neighbours: 2) { a, b in Float((a + b) % 7) }
        for (node, edges) in graph.edges.enumerated() {
            for edge in edges {
                #expect(graph.edges[edge.neighbour].contains { $0.neighbour == node && $0.weight == edge.weight })
            }
        }
    }

    @Test func edgesAreEachSentencesStrongestNeighboursInTheWindow() {
        // A reference built the plain way: every sentence's `neighbours` strongest positive
        // similarities in its window (ties to the nearer, then the earlier), an edge kept by either end.
        func similarity(_ a: Int, _ b: Int) -> Float { Float((a * 7 + b * 3) % 5) / 4 }
        for (count, window, neighbours) in [(12, 20, 11), (12, 20, 30), (30, 4, 3), (30, 10, 25), (25, 24, 2), (1, 5, 5), (0, 5, 5)] {
            var expected: [Set<Int>] = Array(repeating: [], count: count)
            for sentence in 0..<count {
                let others = (max(0, sentence - window)..<min(count, sentence + window + 1))
                    .filter { $0 != sentence && similarity(min($0, sentence), max($0, sentence)) > 0 }
                    .sorted { a, b in
                        let (x, y) = (similarity(min(a, sentence), max(a, sentence)), similarity(min(b, sentence), max(b, sentence)))
                        if x != y { return x > y }
                        if abs(a - sentence) != abs(b - sentence) { return abs(a - sentence) < abs(b - sentence) }
                        return a < b
                    }
                for other in others.prefix(neighbours) {
                    expected[sentence].insert(other)
                    expected[other].insert(sentence)
                }
            }
            let graph = SimilarityGraph(count: count, window: window, neighbours: neighbours) { similarity($0, $1) }
            #expect(graph.edges.map { $0.map(\.neighbour) } == expected.map { $0.sorted() }, "\(count) \(window) \(neighbours)")
            #expect(graph.edges.enumerated().allSatisfy { node, edges in
                edges.allSatisfy { $0.weight == similarity(min(node, $0.neighbour), max(node, $0.neighbour)) }
            })
        }
    }

    @Test func pageRankFavoursTheHubAndSumsToOne() {
        // A star: sentence 0 is similar to all others, which are not similar to each other.
        let graph = SimilarityGraph(count: 6, window: 10, neighbours: 10) { a, b in a == 0 || b == 0 ? 1 : 0 }
        let rank = graph.pageRank()
        #expect(abs(rank.reduce(0, +) - 1) < 1e-6)
        #expect((1..<6).allSatisfy { rank[0] > rank[$0] })
        #expect(Set((1..<6).map { (rank[$0] * 1e9).rounded() }).count == 1)
    }

    @Test func isolatedSentencesShareTheRankEqually() {
        let rank = SimilarityGraph(count: 4, window: 3, neighbours: 3) { _, _ in 0 }.pageRank()
        #expect(rank.allSatisfy { abs($0 - 0.25) < 1e-9 })
    }

    @Test func aLongSectionIsRankedWithinTheBound() {
        // 20,000 sentences from a small vocabulary: the whole ranking stays near-linear.
        let words = ["market", "bank", "profit", "loss", "trade", "export", "growth", "rate", "price", "share",
                     "oil", "gold", "bond", "yield", "debt", "fund", "asset", "sale", "cost", "wage"]
        let sentences = (0..<20_000).map { index in
            (0..<8).map { words[(index * 7 + $0 * $0 * 3 + index / 13) % words.count] }.joined(separator: " ") + "."
        }
        let picked = SentenceRanker(window: 10, neighbours: 5).select(sentences, count: 25)
        #expect(picked.count == 25)
        #expect(picked == picked.sorted())
        #expect(Set(picked).count == 25)
    }
}

@Suite struct MinimumCharactersTests {
    /// `hasAtLeast` (8 bytes at a time over an ASCII prefix) against counting characters.
    @Test func countsCharactersAsTheStringDoes() {
        let pieces = ["a", "b", " ", "\r\n", "\r", "\n", "é", "e\u{301}", "中", "😀", "12345678", "abcdefghijklmnop",
                      "，", "。", "“", "\u{302A}", "\u{3099}", "ｶ", "\u{FF9E}", "\u{200D}", "中文新闻"]
        var state: UInt64 = 7
        for _ in 0..<400 {
            var text = ""
            state = nextPseudoRandom(state)
            for _ in 0..<Int(state >> 59) {
                state = nextPseudoRandom(state)
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            for count in [0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 40, 100] {
                #expect(SummarizeStage.hasAtLeast(count, charactersIn: text) == (text.count >= count),
                        "\(text.debugDescription) \(count)")
            }
        }
    }

    /// Every scalar said to stand alone is a character of its own before and after each kind of
    /// scalar (ASCII, an ideograph, punctuation, another of its block), and none extends another.
    @Test func scalarsThatStandAloneAreCharactersOfTheirOwn() {
        let neighbours: [Unicode.Scalar] = ["a", "\n", " ", "中", "，", "“", "ｶ", "\u{3000}", "\u{9FFF}", "\u{FF9D}", "\u{2027}"]
        var checked = 0
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value), SummarizeStage.standsAlone(scalar) else { continue }
            for neighbour in neighbours {
                var pair = String.UnicodeScalarView()
                pair.append(scalar)
                pair.append(neighbour)
                #expect(String(pair).count == 2, "U+\(String(value, radix: 16)) before U+\(String(neighbour.value, radix: 16))")
                var reversed = String.UnicodeScalarView()
                reversed.append(neighbour)
                reversed.append(scalar)
                #expect(String(reversed).count == 2, "U+\(String(value, radix: 16)) after U+\(String(neighbour.value, radix: 16))")
            }
            #expect(!scalar.properties.isGraphemeExtend && scalar.properties.generalCategory != .spacingMark)
            checked += 1
        }
        #expect(checked > 21_000)
    }
}
