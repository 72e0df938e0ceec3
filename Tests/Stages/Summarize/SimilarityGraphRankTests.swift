@testable import SummarizeStage
import Testing

/// The graph keeps each edge's weight once per end and divides the share at each use (issue 19's
/// memory bound); its PageRank must give the ranks a PageRank over lists of edges with their
/// shares gives, to the bit.
@Suite struct SimilarityGraphRankTests {
    /// PageRank over each sentence's list of edges (neighbours in increasing order), with the
    /// share of each edge computed once: the ranking as it is written in the literature.
    static func listPageRank(_ edges: [[(neighbour: Int, weight: Float)]], damping: Double = 0.85,
                             tolerance: Double = 1e-7, maxIterations: Int = 100) -> [Double] {
        let count = edges.count
        guard count > 0 else { return [] }
        let strength = edges.map { $0.reduce(0.0) { $0 + Double($1.weight) } }
        let shares = edges.map { $0.map { Double($0.weight) / strength[$0.neighbour] } }
        let dangling = (0..<count).filter { strength[$0] == 0 }
        var rank = Array(repeating: 1.0 / Double(count), count: count)
        var next = rank
        for _ in 0..<maxIterations {
            let danglingRank = dangling.reduce(0.0) { $0 + rank[$1] }
            let base = (1 - damping) / Double(count) + damping * danglingRank / Double(count)
            var change = 0.0
            for node in 0..<count {
                var incoming = 0.0
                for (index, edge) in edges[node].enumerated() { incoming += rank[edge.neighbour] * shares[node][index] }
                next[node] = base + damping * incoming
                change += abs(next[node] - rank[node])
            }
            swap(&rank, &next)
            if change < tolerance { break }
        }
        return rank
    }

    @Test func bandRanksEqualListRanksToTheBit() {
        var generator = SystemRandomNumberGenerator()
        for (count, window, neighbours) in [(1, 5, 3), (2, 5, 3), (7, 10, 10), (30, 50, 20), (400, 50, 20),
                                            (2_000, 8, 3), (1_500, 50, 20), (900, 120, 7)] {
            // Some pairs not similar at all (so some sentences have no edges), the others a few
            // levels (ties) or any weight.
            let seed = UInt64.random(in: 0...UInt64.max, using: &generator)
            let similarity: (Int, Int) -> Float = { a, b in
                var hash = seed ^ UInt64(a &* 1_000_003 &+ b)
                hash = (hash ^ (hash >> 31)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                switch hash % 4 {
                case 0, 1: return 0
                case 2: return Float(hash % 3 + 1)
                default: return Float(hash % 1_000_000) / 1_000_000
                }
            }
            let graph = SimilarityGraph(count: count, window: window, neighbours: neighbours, similarity: similarity)
            let band = graph.pageRank()
            let lists = Self.listPageRank(graph.edges)
            #expect(band.map(\.bitPattern) == lists.map(\.bitPattern), "\(count) \(window) \(neighbours) seed \(seed)")
            #expect(abs(band.reduce(0, +) - 1) < 1e-6)
        }
    }

    @Test func theGraphListsOnlyTheKeptEdges() {
        // Every pair similar: only the bound limits the edges.
        let graph = SimilarityGraph(count: 300, window: 10, neighbours: 2) { a, b in Float(1 + (a * 7 + b * 3) % 11) }
        let listed = graph.edges.reduce(0) { $0 + $1.count }
        #expect(listed == 2 * graph.edgeCount)
        #expect(graph.edgeCount <= 300 * 2)
        #expect(graph.edges.allSatisfy { $0.allSatisfy { $0.weight > 0 } })
    }
}
