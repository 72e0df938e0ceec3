/// A bounded, weighted, undirected graph of sentence similarity, and its PageRank.
///
/// The bound keeps ranking near-linear in the number of sentences `n`: each sentence is compared
/// only with the sentences at most `window` positions before or after it (each pair once: at most
/// `n × window` comparisons, and `n × window` stored similarities), and keeps only its
/// `neighbours` most similar ones. An edge stays when either end
/// kept it, so the graph has at most `n × neighbours` edges and no sentence more than
/// `neighbours + 2 × window`: building costs `O(n × window × terms per sentence)`, each PageRank
/// iteration `O(n × neighbours)`, and PageRank runs at most 100 iterations.
struct SimilarityGraph {
    /// Per sentence: its neighbours and the edge weights, neighbours in increasing order.
    var edges: [[(neighbour: Int, weight: Float)]]

    /// Builds the graph over `count` sentences with `similarity(i, j)` (symmetric, ≥ 0).
    init(count: Int, window: Int, neighbours: Int, similarity: (Int, Int) -> Float) {
        var kept: [[(neighbour: Int, weight: Float)]] = Array(repeating: [], count: count)
        // Each pair within the window is compared once: `band[a × width + (b − a − 1)]` holds the
        // similarity of `a` with each `b` up to `width` sentences after it.
        let width = max(0, min(window, count - 1))
        var band = [Float](repeating: 0, count: count * width)
        for sentence in 0..<count where width > 0 {
            for other in (sentence + 1)..<min(count, sentence + width + 1) {
                band[sentence * width + other - sentence - 1] = similarity(sentence, other)
            }
        }
        var candidates: [(neighbour: Int, weight: Float)] = []
        candidates.reserveCapacity(2 * width)
        for sentence in 0..<count where width > 0 {
            candidates.removeAll(keepingCapacity: true)
            for other in max(0, sentence - width)..<min(count, sentence + width + 1) where other != sentence {
                let weight = other > sentence
                    ? band[sentence * width + other - sentence - 1]
                    : band[other * width + sentence - other - 1]
                if weight > 0 { candidates.append((other, weight)) }
            }
            if candidates.count > neighbours {
                // Strongest first; ties go to the nearer sentence, then the earlier one.
                candidates.sort { a, b in
                    if a.weight != b.weight { return a.weight > b.weight }
                    let distanceA = abs(a.neighbour - sentence)
                    let distanceB = abs(b.neighbour - sentence)
                    if distanceA != distanceB { return distanceA < distanceB }
                    return a.neighbour < b.neighbour
                }
                candidates.removeLast(candidates.count - neighbours)
            }
            for candidate in candidates {
                kept[sentence].append(candidate)
                kept[candidate.neighbour].append((sentence, candidate.weight))
            }
        }
        edges = kept.map { list in
            var unique: [(neighbour: Int, weight: Float)] = []
            unique.reserveCapacity(list.count)
            for edge in list.sorted(by: { $0.neighbour < $1.neighbour }) where unique.last?.neighbour != edge.neighbour {
                unique.append(edge)
            }
            return unique
        }
    }

    var edgeCount: Int { edges.reduce(0) { $0 + $1.count } / 2 }

    /// Weighted PageRank with damping `damping`: the stationary probability of a walk that follows
    /// an edge in proportion to its weight, and jumps to a random sentence with probability
    /// `1 − damping` (always, from a sentence without edges). Power iteration from the uniform
    /// vector until the L1 change is below `tolerance`, at most `maxIterations` times.
    func pageRank(damping: Double = 0.85, tolerance: Double = 1e-7, maxIterations: Int = 100) -> [Double] {
        let count = edges.count
        guard count > 0 else { return [] }
        let strength = edges.map { $0.reduce(0.0) { $0 + Double($1.weight) } }
        // Incoming edges with the share of the neighbour's walk that follows them.
        let incomingShares = edges.map { list in
            list.map { (neighbour: $0.neighbour, share: Double($0.weight) / strength[$0.neighbour]) }
        }
        var rank = Array(repeating: 1.0 / Double(count), count: count)
        var next = rank
        for _ in 0..<maxIterations {
            var dangling = 0.0
            for node in 0..<count where strength[node] == 0 { dangling += rank[node] }
            let base = (1 - damping) / Double(count) + damping * dangling / Double(count)
            var change = 0.0
            for node in 0..<count {
                var incoming = 0.0
                for edge in incomingShares[node] { incoming += rank[edge.neighbour] * edge.share }
                next[node] = base + damping * incoming
                change += abs(next[node] - rank[node])
            }
            swap(&rank, &next)
            if change < tolerance { break }
        }
        return rank
    }
}
