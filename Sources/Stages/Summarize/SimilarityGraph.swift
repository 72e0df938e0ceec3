/// A bounded, weighted, undirected graph of sentence similarity, and its PageRank.
///
/// The bound keeps ranking near-linear in the number of sentences `n`: each sentence is compared
/// only with the sentences at most `window` positions before or after it (each pair once: at most
/// `n × window` comparisons, and `n × window` stored similarities), and keeps only its
/// `neighbours` most similar ones. An edge stays when either end
/// kept it, so the graph has at most `n × neighbours` edges and no sentence more than
/// `neighbours + 2 × window`: building costs `O(n × window × terms per sentence)`, each PageRank
/// iteration `O(n × window)`, and PageRank runs at most 100 iterations.
///
/// The graph is kept in the band of similarities it is built from, with the pairs no end kept set
/// to 0: every edge lies within the window, so the band holds the weights of them all. Beside it,
/// each sentence's neighbours are listed as offsets of one byte (four when the window is wider
/// than 127), so that PageRank visits only the edges: no weight is copied out of the band (a
/// list of neighbours and weights took more memory than the band itself).
struct SimilarityGraph {
    /// How many sentences.
    let count: Int
    /// How many sentences after each one the band holds (``bandWidth(count:window:)``).
    let width: Int
    /// `band[a × width + (b − a − 1)]`: the weight of the edge between `a` and `b` (`a < b ≤ a +
    /// width`), 0 when there is none.
    private(set) var band: [Float]
    /// Where each sentence's edges start in ``neighbours``, and the end of the last.
    private var edgeStarts: [Int]
    /// Each sentence's neighbours in increasing order, sentence after sentence.
    private var neighbours: Neighbours

    /// A neighbour as its distance from the sentence (`neighbour − sentence`, one byte) when the
    /// band is at most 127 wide, else as its number.
    private enum Neighbours {
        case near([Int8])
        case far([Int32])
    }

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
    /// sentences after it (`width` from ``bandWidth(count:window:)``). The band becomes the
    /// graph's: pass it without keeping a copy, so that it is not copied.
    init(count: Int, width: Int, neighbours: Int, band: consuming [Float]) {
        self.count = count
        self.width = width
        if count - 1 > neighbours && width > 0 {
            Self.keepStrongest(&band, count: count, width: width, neighbours: neighbours)
        } else {
            // No sentence has more than `neighbours` others: each keeps all it is similar to.
            for pair in band.indices where !(band[pair] > 0) { band[pair] = 0 }
        }
        // Each sentence's edges: count them, then list them.
        var edgeStarts = [Int](repeating: 0, count: count + 1)
        band.withUnsafeBufferPointer { band in
            for a in 0..<count where width > 0 {
                for b in (a &+ 1)..<min(count, a &+ width &+ 1) where band[a &* width &+ b &- a &- 1] > 0 {
                    edgeStarts[a &+ 1] &+= 1
                    edgeStarts[b &+ 1] &+= 1
                }
            }
        }
        for node in 0..<count { edgeStarts[node + 1] += edgeStarts[node] }
        func list<Element: FixedWidthInteger>(_: Element.Type, relative: Bool) -> [Element] {
            [Element](unsafeUninitializedCapacity: edgeStarts[count]) { list, listed in
                var edge = 0
                for node in 0..<count {
                    Self.forEachPair(of: node, count: count, width: width, band: band) { neighbour, _ in
                        list[edge] = Element(truncatingIfNeeded: relative ? neighbour - node : neighbour)
                        edge += 1
                    }
                }
                listed = edge
            }
        }
        self.neighbours = width <= Int(Int8.max) ? .near(list(Int8.self, relative: true)) : .far(list(Int32.self, relative: false))
        self.edgeStarts = edgeStarts
        self.band = band
    }

    /// Sets to 0 the pairs of `band` that neither end keeps among its `neighbours` most similar.
    private static func keepStrongest(_ band: inout [Float], count: Int, width: Int, neighbours: Int) {
        // Whether either end of a pair kept it, a bit per pair laid out like `band`.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (band.count + 63) / 64) { kept in
            kept.initialize(repeating: 0)
            var candidates: [(neighbour: Int, weight: Float)] = []
            candidates.reserveCapacity(2 * width)
            for sentence in 0..<count {
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
                    let pair = a * width + b - a - 1
                    kept[pair &>> 6] |= 1 &<< UInt64(pair & 63)
                }
            }
            band.withUnsafeMutableBufferPointer { band in
                for pair in band.indices where kept[pair &>> 6] & (1 &<< UInt64(pair & 63)) == 0 { band[pair] = 0 }
            }
        }
    }

    /// Per sentence: its neighbours and the edge weights, neighbours in increasing order.
    var edges: [[(neighbour: Int, weight: Float)]] {
        (0..<count).map { node in
            var edges: [(neighbour: Int, weight: Float)] = []
            Self.forEachPair(of: node, count: count, width: width, band: band) { edges.append(($0, $1)) }
            return edges
        }
    }

    var edgeCount: Int { edgeStarts[count] / 2 }

    /// Calls `body(neighbour, weight)` for each edge of `node` found in the band, neighbours in
    /// increasing order: those before it (in their rows of the band), then those after it (its
    /// own row).
    private static func forEachPair(of node: Int, count: Int, width: Int, band: [Float], _ body: (Int, Float) -> Void) {
        for other in max(0, node - width)..<node where band[other * width + node - other - 1] > 0 {
            body(other, band[other * width + node - other - 1])
        }
        for other in min(count, node + 1)..<min(count, node + width + 1) where band[node * width + other - node - 1] > 0 {
            body(other, band[node * width + other - node - 1])
        }
    }

    /// Calls `body(neighbour, weight)` for each edge of `node` in the lists, neighbours in
    /// increasing order, each weight read from the band.
    @inline(__always)
    private static func forEachEdge<Element: FixedWidthInteger>(
        of node: Int, starts: UnsafeBufferPointer<Int>, neighbours: UnsafeBufferPointer<Element>, relative: Bool,
        width: Int, band: UnsafeBufferPointer<Float>, _ body: (Int, Float) -> Void
    ) {
        let origin = relative ? node : 0
        // Edges and pairs are within their buffers: wrapping arithmetic.
        var edge = starts[node]
        let end = starts[node &+ 1]
        while edge < end {
            let neighbour = origin &+ Int(truncatingIfNeeded: neighbours[edge])
            let (a, b) = neighbour < node ? (neighbour, node) : (node, neighbour)
            body(neighbour, band[a &* width &+ b &- a &- 1])
            edge &+= 1
        }
    }

    /// Weighted PageRank with damping `damping`: the stationary probability of a walk that follows
    /// an edge in proportion to its weight, and jumps to a random sentence with probability
    /// `1 − damping` (always, from a sentence without edges). Power iteration from the uniform
    /// vector until the L1 change is below `tolerance`, at most `maxIterations` times.
    func pageRank(damping: Double = 0.85, tolerance: Double = 1e-7, maxIterations: Int = 100) -> [Double] {
        guard count > 0 else { return [] }
        return band.withUnsafeBufferPointer { band in
            edgeStarts.withUnsafeBufferPointer { starts in
                switch neighbours {
                case .near(let list):
                    list.withUnsafeBufferPointer {
                        Self.pageRank(count: count, width: width, band: band, starts: starts, neighbours: $0, relative: true,
                                      damping: damping, tolerance: tolerance, maxIterations: maxIterations)
                    }
                case .far(let list):
                    list.withUnsafeBufferPointer {
                        Self.pageRank(count: count, width: width, band: band, starts: starts, neighbours: $0, relative: false,
                                      damping: damping, tolerance: tolerance, maxIterations: maxIterations)
                    }
                }
            }
        }
    }

    private static func pageRank<Element: FixedWidthInteger>(
        count: Int, width: Int, band: UnsafeBufferPointer<Float>, starts: UnsafeBufferPointer<Int>,
        neighbours: UnsafeBufferPointer<Element>, relative: Bool, damping: Double, tolerance: Double, maxIterations: Int
    ) -> [Double] {
        var rank = Array(repeating: 1.0 / Double(count), count: count)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { strength in
            for node in 0..<count {
                var sum = 0.0
                forEachEdge(of: node, starts: starts, neighbours: neighbours, relative: relative, width: width, band: band) { _, weight in
                    sum += Double(weight)
                }
                strength.initializeElement(at: node, to: sum)
            }
            let strength = UnsafeBufferPointer(strength)
            // Sentences without edges, whose walk always jumps (in increasing order, as they are summed).
            withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { danglingStorage in
                var danglingCount = 0
                for node in 0..<count where strength[node] == 0 {
                    danglingStorage[danglingCount] = node
                    danglingCount += 1
                }
                let dangling = UnsafeBufferPointer(rebasing: danglingStorage[0..<danglingCount])
                withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { nextBuffer in
                    nextBuffer.initialize(repeating: 1.0 / Double(count))
                    rank.withUnsafeMutableBufferPointer { rankBuffer in
                        var rank = rankBuffer
                        var next = nextBuffer
                        var iteration = 0
                        while iteration < maxIterations {
                            var danglingRank = 0.0
                            for node in dangling { danglingRank += rank[node] }
                            let base = (1 - damping) / Double(count) + damping * danglingRank / Double(count)
                            var change = 0.0
                            for node in 0..<count {
                                var incoming = 0.0
                                // The share of the neighbour's walk that follows the edge towards
                                // the node, `weight / strength[neighbour]`, is divided out at each
                                // use rather than kept (a Double per edge and direction).
                                forEachEdge(of: node, starts: starts, neighbours: neighbours, relative: relative,
                                            width: width, band: band) { neighbour, weight in
                                    incoming += rank[neighbour] * (Double(weight) / strength[neighbour])
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
        return rank
    }
}
