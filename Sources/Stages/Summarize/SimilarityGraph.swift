/// A bounded, weighted, undirected graph of sentence similarity, and its PageRank.
///
/// The bound keeps ranking near-linear in the number of sentences `n`: each sentence is compared
/// only with the sentences at most `window` positions before or after it (each pair once: at most
/// `n × window` comparisons), and keeps only its `neighbours` most similar ones. An edge stays
/// when either end kept it, so the graph has at most `n × neighbours` edges and no sentence more
/// than `neighbours + 2 × window`: building costs `O(n × window × terms per sentence)`, each
/// PageRank iteration `O(n × window)`, and PageRank runs at most 100 iterations.
///
/// The similarities are computed a block of rows at a time (``defaultBlockRows`` sentences and
/// the `window` after each) into a ring of two blocks: a sentence chooses its strongest
/// neighbours as soon as the rows of every pair it is in exist, and its edges are listed once
/// every sentence they reach has chosen. So the band of similarities is never held whole: beyond
/// the ring (`2 × blockRows × window` floats and flags) the graph is each edge once, listed at
/// its earlier end as the later end's offset (one byte; four when the window is wider than 127)
/// and the weight.
struct SimilarityGraph {
    /// How many sentences.
    let count: Int
    /// How many sentences after each one are compared with it (``bandWidth(count:window:)``).
    let width: Int
    /// Where each sentence's edges to later sentences start in ``neighbours`` and ``weights``,
    /// and the end of the last.
    private var edgeStarts: [Int]
    /// Each sentence's later neighbours in increasing order, sentence after sentence.
    private var neighbours: Neighbours
    /// The weight of each edge in ``neighbours`` (each edge is listed once, at its earlier end).
    private var weights: [Float]

    /// Rows of similarities computed at a time.
    static let defaultBlockRows = 4_096

    /// A neighbour as its distance from the sentence (`neighbour − sentence`, one byte) when the
    /// band is at most 127 wide, else as its number.
    private enum Neighbours {
        case near([Int8])
        case far([Int32])
    }

    /// Builds the graph over `count` sentences with `similarity(i, j)` (symmetric, ≥ 0).
    init(count: Int, window: Int, neighbours: Int, blockRows: Int = defaultBlockRows,
         similarity: (Int, Int) -> Float) {
        let width = Self.bandWidth(count: count, window: window)
        self.init(count: count, width: width, neighbours: neighbours, blockRows: blockRows) { rows, block in
            for sentence in rows {
                for other in (sentence + 1)..<min(count, sentence + width + 1) {
                    block[(sentence - rows.lowerBound) * width + other - sentence - 1] = similarity(sentence, other)
                }
            }
        }
    }

    /// How many sentences after each one are compared with it: `window`, or fewer in a short
    /// section.
    static func bandWidth(count: Int, window: Int) -> Int { max(0, min(window, count - 1)) }

    /// Builds the graph from the similarities of each pair within the window (`width` from
    /// ``bandWidth(count:window:)``), asked for a block of rows at a time, in increasing order:
    /// `fill(rows, block)` writes the similarity of each `a` in `rows` with each `b` up to
    /// `width` sentences after it at `block[(a − rows.lowerBound) × width + (b − a − 1)]` (the
    /// block is zeroed before).
    init(count: Int, width: Int, neighbours: Int, blockRows: Int = defaultBlockRows,
         fill: (Range<Int>, UnsafeMutableBufferPointer<Float>) -> Void) {
        self.count = count
        self.width = width
        var edgeStarts = [Int](repeating: 0, count: count + 1)
        let near = width <= Int(Int8.max)
        var nearList: [Int8] = []
        var farList: [Int32] = []
        var weights: [Float] = []
        // Rows a block holds: all of them in a short section; else a power of two of at least
        // `2 × width + 1`, so that the ring of two blocks still has every row a sentence's edges
        // are read from, and a row's place in the ring is its number masked (no division).
        var block = count
        if count > max(blockRows, 1) {
            block = 1
            while block < max(blockRows, 2 * width + 1) { block <<= 1 }
        }
        let ringRows = min(2 * block, count)
        let wraps = count > ringRows
        let ringMask = ringRows &- 1
        if count <= blockRows {
            let capacity = min(count * width, count * 2 * neighbours)
            if near { nearList.reserveCapacity(capacity) } else { farList.reserveCapacity(capacity) }
            weights.reserveCapacity(capacity)
        }
        // No sentence has more than `neighbours` others: each keeps all it is similar to.
        let keepAll = !(count - 1 > neighbours)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(ringRows * width, 1)) { ring in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(ringRows * width, 1)) { kept in
                // The slot of the pair `a < b` (within the window) in the ring.
                @inline(__always) func slot(_ a: Int, _ b: Int) -> Int {
                    (wraps ? a & ringMask : a) &* width &+ b &- a &- 1
                }
                @inline(__always) func isEdge(_ a: Int, _ b: Int) -> Bool {
                    keepAll ? ring[slot(a, b)] > 0 : kept[slot(a, b)]
                }
                // A sentence's pairs (at most `2 × width`), in a buffer rather than an array
                // emptied and appended to for every sentence.
                withUnsafeTemporaryAllocation(of: (neighbour: Int, weight: Float).self, capacity: max(2 * width, 1)) { candidateBuffer in
                    var nextToList = 0
                    var rowStart = 0
                    while rowStart < count && width > 0 {
                        let rows = rowStart..<min(count, rowStart + block)
                        let base = (wraps ? rowStart & ringMask : rowStart) * width
                        let blockSlots = UnsafeMutableBufferPointer(rebasing: ring[base..<(base + rows.count * width)])
                        blockSlots.update(repeating: 0)
                        UnsafeMutableBufferPointer(rebasing: kept[base..<(base + rows.count * width)]).update(repeating: false)
                        fill(rows, blockSlots)
                        if !keepAll {
                            // Each sentence of the block keeps its strongest pairs: the rows of all of
                            // them exist (its own and the `width` before it).
                            for sentence in rows {
                                var candidateCount = 0
                                for other in max(0, sentence - width)..<min(count, sentence + width + 1) where other != sentence {
                                    let weight = other > sentence ? ring[slot(sentence, other)] : ring[slot(other, sentence)]
                                    if weight > 0 {
                                        candidateBuffer[candidateCount] = (other, weight)
                                        candidateCount += 1
                                    }
                                }
                                var candidates = UnsafeMutableBufferPointer(rebasing: candidateBuffer[0..<candidateCount])
                                if candidateCount > neighbours {
                                    Self.keepStrongest(&candidates, of: sentence, neighbours: neighbours)
                                }
                                for candidate in candidates {
                                    kept[slot(min(sentence, candidate.neighbour), max(sentence, candidate.neighbour))] = true
                                }
                            }
                        }
                        // List the edges of each sentence whose pairs are all decided: every sentence
                        // up to `width` after it has chosen.
                        let decided = rows.upperBound
                        let listUpTo = decided == count ? count : max(nextToList, decided - width)
                        while nextToList < listUpTo {
                            let node = nextToList
                            // Written out here rather than through a local function, which made every
                            // append check its access to the lists at run time. Each edge is listed at
                            // its earlier end only.
                            for other in min(count, node + 1)..<min(count, node + width + 1) where isEdge(node, other) {
                                if near { nearList.append(Int8(truncatingIfNeeded: other &- node)) } else {
                                    farList.append(Int32(truncatingIfNeeded: other))
                                }
                                weights.append(ring[slot(node, other)])
                            }
                            edgeStarts[node + 1] = weights.count
                            nextToList += 1
                        }
                        rowStart = rows.upperBound
                    }
                }
            }
        }
        self.neighbours = near ? .near(nearList) : .far(farList)
        self.weights = weights
        self.edgeStarts = edgeStarts
    }

    /// Keeps the `neighbours` strongest of `candidates`, the pairs of `sentence`: strongest
    /// first; ties go to the nearer sentence, then the earlier one.
    private static func keepStrongest(_ candidates: inout UnsafeMutableBufferPointer<(neighbour: Int, weight: Float)>,
                                      of sentence: Int,
                                      neighbours: Int) {
        candidates.sort { a, b in
            if a.weight != b.weight { return a.weight > b.weight }
            let distanceA = abs(a.neighbour - sentence)
            let distanceB = abs(b.neighbour - sentence)
            if distanceA != distanceB { return distanceA < distanceB }
            return a.neighbour < b.neighbour
        }
        candidates = UnsafeMutableBufferPointer(rebasing: candidates[0..<neighbours])
    }

    /// Per sentence: its neighbours and the edge weights, neighbours in increasing order.
    var edges: [[(neighbour: Int, weight: Float)]] {
        var edges = [[(neighbour: Int, weight: Float)]](repeating: [], count: count)
        for node in 0..<count {
            for edge in edgeStarts[node]..<edgeStarts[node + 1] {
                let neighbour = switch neighbours {
                case .near(let list): node + Int(list[edge])
                case .far(let list): Int(list[edge])
                }
                // Sentences in increasing order: each list gets its earlier neighbours in order,
                // then its later ones.
                edges[node].append((neighbour, weights[edge]))
                edges[neighbour].append((node, weights[edge]))
            }
        }
        return edges
    }

    var edgeCount: Int { edgeStarts[count] }

    /// Calls `body(neighbour, weight)` for each edge from `node` to a later sentence, neighbours
    /// in increasing order.
    @inline(__always)
    private static func forEachEdge<Element: FixedWidthInteger>(
        of node: Int, starts: UnsafeBufferPointer<Int>, neighbours: UnsafeBufferPointer<Element>, relative: Bool,
        weights: UnsafeBufferPointer<Float>, _ body: (Int, Float) -> Void
    ) {
        let origin = relative ? node : 0
        // Edges and pairs are within their buffers: wrapping arithmetic.
        var edge = starts[node]
        let end = starts[node &+ 1]
        while edge < end {
            let neighbour = origin &+ Int(truncatingIfNeeded: neighbours[edge])
            body(neighbour, weights[edge])
            edge &+= 1
        }
    }

    /// Weighted PageRank with damping `damping`: the stationary probability of a walk that follows
    /// an edge in proportion to its weight, and jumps to a random sentence with probability
    /// `1 − damping` (always, from a sentence without edges). Power iteration from the uniform
    /// vector until the L1 change is below `tolerance`, at most `maxIterations` times.
    func pageRank(damping: Double = 0.85, tolerance: Double = 1e-7, maxIterations: Int = 100) -> [Double] {
        guard count > 0 else { return [] }
        return weights.withUnsafeBufferPointer { weights in
            edgeStarts.withUnsafeBufferPointer { starts in
                switch neighbours {
                case .near(let list):
                    list.withUnsafeBufferPointer {
                        Self.pageRank(count: count, weights: weights, starts: starts, neighbours: $0, relative: true,
                                      damping: damping, tolerance: tolerance, maxIterations: maxIterations)
                    }
                case .far(let list):
                    list.withUnsafeBufferPointer {
                        Self.pageRank(count: count, weights: weights, starts: starts, neighbours: $0, relative: false,
                                      damping: damping, tolerance: tolerance, maxIterations: maxIterations)
                    }
                }
            }
        }
    }

    private static func pageRank<Element: FixedWidthInteger>(
        count: Int, weights: UnsafeBufferPointer<Float>, starts: UnsafeBufferPointer<Int>,
        neighbours: UnsafeBufferPointer<Element>, relative: Bool, damping: Double, tolerance: Double, maxIterations: Int
    ) -> [Double] {
        var rank = Array(repeating: 1.0 / Double(count), count: count)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { strength in
            // Each sentence's sum over its neighbours in increasing order, with each edge read
            // once: the earlier neighbours' weights are added when they are reached (sentences
            // in increasing order), then the later ones'.
            strength.initialize(repeating: 0)
            for node in 0..<count {
                var sum = strength[node]
                forEachEdge(of: node, starts: starts, neighbours: neighbours, relative: relative, weights: weights) { neighbour, weight in
                    sum += Double(weight)
                    strength[neighbour] += Double(weight)
                }
                strength[node] = sum
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
                            // `next` gathers each sentence's incoming walk in the order of its
                            // neighbours: from the earlier ones as they are reached, then from
                            // the later ones (each edge read once, for both directions).
                            next.update(repeating: 0)
                            for node in 0..<count {
                                var incoming = next[node]
                                // The share of the neighbour's walk that follows the edge towards
                                // the node, `weight / strength[neighbour]`, is divided out at each
                                // use rather than kept (a Double per edge and direction).
                                let nodeRank = rank[node]
                                let nodeStrength = strength[node]
                                forEachEdge(of: node, starts: starts, neighbours: neighbours, relative: relative,
                                            weights: weights) { neighbour, weight in
                                    incoming += rank[neighbour] * (Double(weight) / strength[neighbour])
                                    next[neighbour] += nodeRank * (Double(weight) / nodeStrength)
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
