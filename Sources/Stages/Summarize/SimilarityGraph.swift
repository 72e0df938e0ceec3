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
    /// Where each sentence's edges start in `neighbourIDs` and `weights`, and the end of the last.
    var edgeStarts: [Int]
    /// Per sentence, one after the other: its neighbours, in increasing order.
    var neighbourIDs: [Int32]
    /// The weight of each edge, at the positions of `neighbourIDs`.
    var weights: [Float]

    /// Builds the graph over `count` sentences with `similarity(i, j)` (symmetric, ≥ 0).
    init(count: Int, window: Int, neighbours: Int, similarity: (Int, Int) -> Float) {
        let width = Self.bandWidth(count: count, window: window)
        var band = [Float](repeating: 0, count: count * width)
        for sentence in 0..<count where width > 0 {
            for other in (sentence + 1)..<min(count, sentence + width + 1) {
                band[sentence * width + other - sentence - 1] = similarity(sentence, other)
            }
        }
        self.init(count: count, width: width, neighbours: neighbours, band: band)
    }

    /// How many sentences after each one are compared with it: `window`, or fewer in a short
    /// section.
    static func bandWidth(count: Int, window: Int) -> Int { max(0, min(window, count - 1)) }

    /// Builds the graph from the similarities of each pair within the window:
    /// `band[a × width + (b − a − 1)]` is the similarity of `a` with each `b` up to `width`
    /// sentences after it (`width` from ``bandWidth(count:window:)``).
    init(count: Int, width: Int, neighbours: Int, band: [Float]) {
        var edgeStarts = [Int](repeating: 0, count: count + 1)
        var neighbourIDs: [Int32] = []
        var weights: [Float] = []
        // Whether either end of a pair kept it, a bit per pair laid out like `band`.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (band.count + 63) / 64) { words in
            words.initialize(repeating: 0)
            let kept = PairBits(words: words)
            var candidates: [(neighbour: Int, weight: Float)] = []
            if count - 1 <= neighbours {
                // No sentence has more than `neighbours` others: each keeps all it is similar to.
                for pair in band.indices where band[pair] > 0 { kept.insert(pair) }
            } else {
                candidates.reserveCapacity(2 * width)
            }
            for sentence in 0..<count where width > 0 && count - 1 > neighbours {
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
                    let (a, b) = (min(sentence, candidate.neighbour), max(sentence, candidate.neighbour))
                    kept.insert(a * width + b - a - 1)
                }
            }
            // Each sentence's edges, neighbours in increasing order: count them, then lay them out.
            band.withUnsafeBufferPointer { band in
                edgeStarts.withUnsafeMutableBufferPointer { edgeStarts in
                    // Pairs, slots and edge counts are within their buffers: wrapping arithmetic.
                    for a in 0..<count where width > 0 {
                        for b in (a &+ 1)..<min(count, a &+ width &+ 1) {
                            let edge = kept[a &* width &+ b &- a &- 1] ? 1 : 0
                            edgeStarts[a &+ 1] &+= edge
                            edgeStarts[b &+ 1] &+= edge
                        }
                    }
                    for node in 0..<count { edgeStarts[node &+ 1] &+= edgeStarts[node] }
                }
                let edgeCount = edgeStarts[count]
                neighbourIDs = [Int32](unsafeUninitializedCapacity: edgeCount) { neighbourIDs, idCount in
                    weights = [Float](unsafeUninitializedCapacity: edgeCount) { weights, weightCount in
                        var edge = 0
                        for sentence in 0..<count {
                            // The sentences before it (its pairs in their rows of the band),
                            // then those after it (its own row), so neighbours in increasing order.
                            for other in max(0, sentence &- width)..<sentence {
                                let pair = other &* width &+ sentence &- other &- 1
                                if kept[pair] {
                                    neighbourIDs[edge] = Int32(truncatingIfNeeded: other)
                                    weights[edge] = band[pair]
                                    edge &+= 1
                                }
                            }
                            let row = sentence &* width &- sentence &- 1
                            for other in (sentence &+ 1)..<min(count, sentence &+ width &+ 1) where kept[row &+ other] {
                                neighbourIDs[edge] = Int32(truncatingIfNeeded: other)
                                weights[edge] = band[row &+ other]
                                edge &+= 1
                            }
                        }
                        weightCount = edge
                    }
                    idCount = weights.count
                }
            }
        }
        self.edgeStarts = edgeStarts
        self.neighbourIDs = neighbourIDs
        self.weights = weights
    }

    var count: Int { edgeStarts.count - 1 }

    /// One bit per pair of the band (an eighth of a `Bool` each).
    private struct PairBits {
        let words: UnsafeMutableBufferPointer<UInt64>

        subscript(pair: Int) -> Bool { words[pair &>> 6] & (1 &<< UInt64(pair & 63)) != 0 }

        func insert(_ pair: Int) { words[pair &>> 6] |= 1 &<< UInt64(pair & 63) }
    }

    /// Per sentence: its neighbours and the edge weights, neighbours in increasing order.
    var edges: [[(neighbour: Int, weight: Float)]] {
        (0..<count).map { node in
            (edgeStarts[node]..<edgeStarts[node + 1]).map { (Int(neighbourIDs[$0]), weights[$0]) }
        }
    }

    var edgeCount: Int { neighbourIDs.count / 2 }

    /// Weighted PageRank with damping `damping`: the stationary probability of a walk that follows
    /// an edge in proportion to its weight, and jumps to a random sentence with probability
    /// `1 − damping` (always, from a sentence without edges). Power iteration from the uniform
    /// vector until the L1 change is below `tolerance`, at most `maxIterations` times.
    func pageRank(damping: Double = 0.85, tolerance: Double = 1e-7, maxIterations: Int = 100) -> [Double] {
        let count = self.count
        guard count > 0 else { return [] }
        var rank = Array(repeating: 1.0 / Double(count), count: count)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { strength in
            for node in 0..<count {
                var sum = 0.0
                for edge in edgeStarts[node]..<edgeStarts[node + 1] { sum += Double(weights[edge]) }
                strength.initializeElement(at: node, to: sum)
            }
            // Sentences without edges, whose walk always jumps (in increasing order, as they are summed).
            withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { danglingStorage in
                var danglingCount = 0
                for node in 0..<count where strength[node] == 0 {
                    danglingStorage[danglingCount] = node
                    danglingCount += 1
                }
                let dangling = UnsafeBufferPointer(rebasing: danglingStorage[0..<danglingCount])
                // The share of the neighbour's walk that follows each edge towards the node,
                // `weight / strength[neighbour]`, is divided out at each use rather than kept
                // (a Double per edge, as much as the graph itself): the same division, so the
                // same bits.
                withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { nextBuffer in
                    nextBuffer.initialize(repeating: 1.0 / Double(count))
                    edgeStarts.withUnsafeBufferPointer { starts in
                        neighbourIDs.withUnsafeBufferPointer { neighbours in
                            weights.withUnsafeBufferPointer { weights in
                                rank.withUnsafeMutableBufferPointer { rankBuffer in
                                    var rank = rankBuffer
                                    var next = nextBuffer
                                    let strength = UnsafeBufferPointer(strength)
                                    var iteration = 0
                                    while iteration < maxIterations {
                                        var danglingRank = 0.0
                                        for node in dangling { danglingRank += rank[node] }
                                        let base = (1 - damping) / Double(count) + damping * danglingRank / Double(count)
                                        var change = 0.0
                                        for node in 0..<count {
                                            var incoming = 0.0
                                            for edge in starts[node]..<starts[node + 1] {
                                                let neighbour = Int(neighbours[edge])
                                                incoming += rank[neighbour] * (Double(weights[edge]) / strength[neighbour])
                                            }
                                            next[node] = base + damping * incoming
                                            change += abs(next[node] - rank[node])
                                        }
                                        swap(&rank, &next)
                                        iteration += 1
                                        if change < tolerance { break }
                                    }
                                    // The last ranks are in `rankBuffer` after an even number of swaps.
                                    if iteration % 2 == 1 { _ = rankBuffer.update(fromContentsOf: nextBuffer) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return rank
    }
}
