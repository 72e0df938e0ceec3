import Foundation

/// A linear-chain CRF over the lines of a page: weights of (feature, role) pairs and of role
/// transitions, and Viterbi decoding of the best sequence of roles.
///
/// The model is read from a small text format that `scripts/train/train_line_roles.py` writes from
/// the model python-crfsuite trained:
///
/// ```
/// galley-line-roles 1
/// labels title body …
/// transition title body 1.04
/// feature len=3 title:1.32 body:-0.4
/// ```
public struct LineRoleModel: Sendable {
    /// The roles, in the order of the weight rows.
    public let roles: [LineRole]
    /// `roles.count` × `roles.count`: from row to column.
    let transitions: [Float]
    /// Where each feature's row of `roles.count` weights starts in ``weights``.
    let rows: FeatureTable
    /// The number of features with weights.
    public let featureCount: Int
    let weights: [Float]
    /// Each feature's row of weights in lanes (the other lanes 0), by row number (where it starts
    /// in ``weights`` over `roles.count`): one vector add a feature when a page is scored.
    let weightLanes: [Lanes]
    /// The rows of the features by template, offset and value, read without a hash: see ``FeatureIndex``.
    let index: FeatureIndex
    /// The transitions in lanes, read once at load: row `from` holds the weights from `from` to every
    /// label (for Viterbi); ``potentialRows`` and ``potentialColumns`` the same as potentials
    /// (`exp` of the weights) from `from` and into `to` (for forward–backward).
    let transitionRows: [Lanes]
    let potentialRows: [Lanes]
    let potentialColumns: [Lanes]

    /// An error in a model file, with its line number.
    public struct FormatError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line-role model, line \(line): \(message)" }
    }

    /// Reads a model from its text.
    public init(text: String) throws {
        var roles: [LineRole] = []
        var transitions: [Float] = []
        var rows: [UInt64: Int32] = [:]
        var weights: [Float] = []
        var index: [Substring: Int] = [:]
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            number += 1
            let fields = line.split(separator: " ")
            guard let kind = fields.first else { continue }
            switch kind {
            case "galley-line-roles":
                guard fields.count == 2, fields[1] == "1" else { throw FormatError(line: number, message: "unknown version") }
            case "labels":
                for name in fields.dropFirst() {
                    guard let role = LineRole(rawValue: String(name)) else { throw FormatError(line: number, message: "unknown role \(name)") }
                    guard index[name] == nil else { throw FormatError(line: number, message: "role \(name) listed twice") }
                    index[name] = roles.count
                    roles.append(role)
                }
                transitions = [Float](repeating: 0, count: roles.count * roles.count)
            case "transition":
                guard fields.count == 4, let from = index[fields[1]], let to = index[fields[2]], let weight = Float(fields[3]) else {
                    throw FormatError(line: number, message: "bad transition")
                }
                transitions[from * roles.count + to] = weight
            case "feature":
                guard fields.count >= 2 else { throw FormatError(line: number, message: "bad feature") }
                // Features of templates this build does not know are skipped (a newer model).
                guard let key = LineFeature.key(named: fields[1]) else { continue }
                let row = rows[key].map(Int.init) ?? {
                    let start = weights.count
                    weights += [Float](repeating: 0, count: roles.count)
                    rows[key] = Int32(start)
                    return start
                }()
                for pair in fields.dropFirst(2) {
                    guard let colon = pair.lastIndex(of: ":"), let role = index[pair[..<colon]],
                          let weight = Float(pair[pair.index(after: colon)...]) else {
                        throw FormatError(line: number, message: "bad weight \(pair)")
                    }
                    weights[row + role] = weight
                }
            default:
                throw FormatError(line: number, message: "unknown entry \(kind)")
            }
        }
        guard !roles.isEmpty else { throw FormatError(line: number, message: "no labels") }
        self.roles = roles
        self.transitions = transitions
        self.rows = FeatureTable(rows)
        featureCount = rows.count
        self.weights = weights
        let labels = roles.count
        weightLanes = stride(from: 0, to: weights.count, by: labels).map { start in Self.lanes(weights, start, labels) }
        self.index = FeatureIndex(rows.mapValues { $0 / Int32(labels) })
        transitionRows = (0..<labels).map { from in Self.lanes(transitions, from * labels, labels) }
        let potential = transitions.map { Float(exp(Double($0))) }
        potentialRows = (0..<labels).map { from in Self.lanes(potential, from * labels, labels) }
        potentialColumns = (0..<labels).map { to in
            var column = Lanes()
            for from in 0..<labels { column[from] = potential[from * labels + to] }
            return column
        }
    }


    /// The best roles for the lines of a page whose features `features` gives (it calls its
    /// argument with each line's index and feature key), with the model's probability of each
    /// line's role (its marginal, by forward–backward).
    public func decode(lineCount: Int, features: ((Int, UInt64) -> Void) -> Void) -> LabelledLines {
        let rows = self.rows, labels = roles.count
        return decode(lineCount: lineCount) { scores in
            features { line, key in
                guard line >= 0, line < lineCount, let start = rows.row(key) else { return }
                scores[line] += weightLanes[start / labels]
            }
        }
    }

    /// ``decode(lineCount:features:)`` of the features ``LineFeatureExtractor`` finds on `lines`,
    /// each looked up by template, offset and value (``FeatureIndex``): no key is made. The
    /// extractor gives a line's features one after another, so they are summed in registers and
    /// the line's row is written once.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, lines: [PageLine]) -> LabelledLines {
        let index = self.index
        return weightLanes.withUnsafeBufferPointer { weights in
            decode(lineCount: lines.count) { scores in
                var line = 0
                var sum = Lanes()
                LineFeatureExtractor.forEachFeature(of: bytes, lines: lines) { featureLine, feature, offset, value in
                    if featureLine != line {
                        scores[line] += sum
                        sum = Lanes()
                        line = featureLine
                    }
                    let row = index.row(feature, offset: offset, value: value)
                    if row >= 0 { sum += weights[row] }
                }
                scores[line] += sum
            }
        }
    }

    /// Decodes the scores `score` adds up: it is handed one row of lanes a line, all 0, and adds
    /// each feature's weights to its line's row in the order the features come (so that the sums
    /// are the same to the last bit however the features are found).
    private func decode(lineCount: Int, score: (UnsafeMutablePointer<Lanes>) -> Void) -> LabelledLines {
        guard lineCount > 0 else { return LabelledLines(roles: [], confidence: []) }
        let scores = UnsafeMutablePointer<Lanes>.allocate(capacity: lineCount)
        defer { scores.deallocate() }
        scores.initialize(repeating: Lanes(), count: lineCount)
        score(scores)
        let path = viterbi(scores: scores, lineCount: lineCount)
        // A page read as running text only (body, table, other, dateline) asks for no decision
        // that needs a probability: forward–backward is skipped and every line gets 1.
        guard path.contains(where: { !Self.isRunningText(roles[$0]) }) else {
            return LabelledLines(roles: path.map { roles[$0] }, confidence: [Float](repeating: 1, count: lineCount))
        }
        let marginals = marginals(scores: scores, lineCount: lineCount)
        return LabelledLines(roles: path.map { roles[$0] }, confidence: path.enumerated().map { line, label in marginals[line][label] })
    }

    static func isRunningText(_ role: LineRole) -> Bool {
        role == .body || role == .table || role == .other || role == .dateline
    }

    /// A row of label values, one lane a label (13 roles at most, so 16 lanes hold them all).
    typealias Lanes = SIMD16<Float>

    /// `values[start..<start + count]` in lanes (the other lanes 0).
    @inline(__always)
    static func lanes(_ values: UnsafePointer<Float>, _ count: Int) -> Lanes {
        var result = Lanes()
        for label in 0..<count { result[label] = values[label] }
        return result
    }

    /// The probability of every label of every line given the whole page (forward–backward,
    /// scaled at every line instead of in logarithms). The sums over the labels before and after
    /// run over all the labels of a line at once, one lane a label, adding in the same order as
    /// one label at a time would (the same figures to the last bit).
    func marginals(scores: UnsafePointer<Lanes>, lineCount: Int) -> [Lanes] {
        let labels = roles.count
        // One row of lanes a line (the lanes past the labels are never read). A single lane is
        // read and written in memory (``lane(_:_:)``): a lane at a computed index of a vector in
        // registers would be written out whole first, at every read.
        let potentials = UnsafeMutablePointer<Lanes>.allocate(capacity: lineCount)
        let alpha = UnsafeMutablePointer<Lanes>.allocate(capacity: lineCount)
        let beta = UnsafeMutablePointer<Lanes>.allocate(capacity: lineCount)
        defer {
            potentials.deallocate()
            alpha.deallocate()
            beta.deallocate()
        }
        potentials.initialize(repeating: Lanes(), count: lineCount)
        for line in 0..<lineCount {
            let score = scores + line
            var top = -Float.infinity
            for label in 0..<labels { top = max(top, Self.lane(score, label)) }
            let potential = UnsafeMutableRawPointer(potentials + line)
            for label in 0..<labels {
                potential.storeBytes(of: Float(exp(Double(Self.lane(score, label) - top))), toByteOffset: label &* 4, as: Float.self)
            }
        }
        alpha.initialize(to: potentials[0])
        Self.normalize(alpha, labels)
        potentialRows.withUnsafeBufferPointer { rows in
            for line in 1..<max(lineCount, 1) {
                let previous = alpha + line - 1
                var sum = Lanes()
                for from in 0..<labels { sum += Lanes(repeating: Self.lane(previous, from)) * rows[from] }
                (alpha + line).initialize(to: sum * potentials[line])
                Self.normalize(alpha + line, labels)
            }
        }
        (beta + lineCount - 1).initialize(to: Lanes(repeating: 1))
        potentialColumns.withUnsafeBufferPointer { columns in
            for line in stride(from: lineCount - 2, through: 0, by: -1) {
                let potential = potentials + line + 1, next = beta + line + 1
                var sum = Lanes()
                for to in 0..<labels {
                    sum += columns[to] * Lanes(repeating: Self.lane(potential, to)) * Lanes(repeating: Self.lane(next, to))
                }
                (beta + line).initialize(to: sum)
                Self.normalize(beta + line, labels)
            }
        }
        for line in 0..<lineCount {
            alpha[line] *= beta[line]
            Self.normalize(alpha + line, labels)
        }
        return Array(UnsafeBufferPointer(start: alpha, count: lineCount))
    }

    /// `values[start..<start + count]` in lanes.
    static func lanes(_ values: [Float], _ start: Int, _ count: Int) -> Lanes {
        values.withUnsafeBufferPointer { lanes($0.baseAddress! + start, count) }
    }

    /// Lane `index` of the row at `row`.
    @inline(__always)
    static func lane(_ row: UnsafePointer<Lanes>, _ index: Int) -> Float {
        UnsafeRawPointer(row).load(fromByteOffset: index &* 4, as: Float.self)
    }

    /// Divides the first `count` lanes of the row at `row` by their sum (added lane by lane in
    /// order, as one label at a time would), unless the sum is 0 or not finite.
    @inline(__always)
    private static func normalize(_ row: UnsafeMutablePointer<Lanes>, _ count: Int) {
        var sum: Float = 0
        for index in 0..<count { sum += lane(row, index) }
        guard sum > 0, sum.isFinite else { return }
        row.pointee *= Lanes(repeating: 1 / sum)
    }

    /// The label sequence of highest score given the per-line label scores. Each line's best
    /// predecessors are found for all its labels at once, one lane a label (on a tie the first
    /// predecessor wins, as it would one label at a time).
    func viterbi(scores: UnsafePointer<Lanes>, lineCount: Int) -> [Int] {
        let labels = roles.count
        var path = [Int](repeating: 0, count: lineCount)
        guard lineCount > 0 else { return path }
        let back = UnsafeMutablePointer<SIMD16<Int32>>.allocate(capacity: lineCount)
        defer { back.deallocate() }
        back.initialize(repeating: SIMD16<Int32>(), count: lineCount)
        // (The best scores of the line before are read lane by lane from memory: ``lane(_:_:)``.)
        let best = UnsafeMutablePointer<Lanes>.allocate(capacity: 1)
        defer { best.deallocate() }
        best.initialize(to: scores[0])
        transitionRows.withUnsafeBufferPointer { rows in
            for line in 1..<max(lineCount, 1) {
                var bestScore = Lanes(repeating: -Float.infinity)
                var bestFrom = SIMD16<Int32>()
                for from in 0..<labels {
                    let score = Lanes(repeating: Self.lane(best, from)) + rows[from]
                    let better = score .> bestScore
                    bestScore.replace(with: score, where: better)
                    bestFrom.replace(with: Int32(from), where: better)
                }
                best.pointee = bestScore + scores[line]
                back[line] = bestFrom
            }
        }
        var last = 0
        for label in 1..<labels where Self.lane(best, label) > Self.lane(best, last) { last = label }
        path[lineCount - 1] = last
        var line = lineCount - 1
        while line > 0 {
            last = Int(back[line][last])
            line -= 1
            path[line] = last
        }
        return path
    }
}

/// The roles of a page's lines and the model's probability of each.
public struct LabelledLines: Sendable {
    public var roles: [LineRole]
    /// The marginal probability of each line's role, 0…1 (1 for every line of a page read as
    /// running text only, whose probabilities are not computed).
    public var confidence: [Float]
}

/// Labels the lines of a page with ``LineRole``s using the trained model that ships with Galley.
public struct LineRoleTagger: Sendable {
    public let model: LineRoleModel

    public init(model: LineRoleModel) {
        self.model = model
    }

    /// The tagger with the model committed in `LineRoleModelData.swift`, read once.
    public static let standard: LineRoleTagger = {
        do {
            return LineRoleTagger(model: try LineRoleModel(text: LineRoleModelData.text))
        } catch {
            fatalError("the committed line-role model does not load: \(error)")
        }
    }()

    /// The page's non-blank lines and their roles.
    public func roles(of text: String) -> (lines: [PageLine], labels: LabelledLines) {
        var text = text
        return text.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            return (lines, roles(of: bytes, lines: lines))
        }
    }

    /// The roles of `lines` of the UTF-8 `bytes`.
    public func roles(of bytes: UnsafeBufferPointer<UInt8>, lines: [PageLine]) -> LabelledLines {
        model.decode(bytes, lines: lines)
    }
}
