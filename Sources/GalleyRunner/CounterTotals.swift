/// The run's counters (`dehyphenate.joined`, …), summed over every document.
///
/// A run adds a handful of counters per document, and nearly every document carries the same
/// few names. They are kept in two parallel arrays searched from the front, which for a few
/// dozen names is cheaper than hashing each name; past that, a dictionary of positions takes over.
struct CounterTotals {
    private var names: [String] = []
    private var sums: [Double] = []
    private var positions: [String: Int]?

    private static let linearLimit = 32

    /// Where the name after the last one added is expected: documents carry the same names
    /// in the same order, so this is nearly always the one, found with a single comparison.
    private var expected = 0

    mutating func add(_ name: String, _ amount: Double) {
        // A value that is not finite would make the metrics unwritable (JSON has no
        // infinity); plugins' counters are checked where they enter, this keeps any stage's.
        guard amount.isFinite else { return }
        let guess = expected < names.count ? expected : 0
        if guess < names.count, names[guess] == name {
            sums[guess] = Self.saturatingSum(sums[guess], amount)
            expected = guess + 1
            return
        }
        if let positions {
            if let position = positions[name] {
                sums[position] = Self.saturatingSum(sums[position], amount)
                expected = position + 1
                return
            }
        } else if let position = names.firstIndex(where: { $0.utf8.count == name.utf8.count && $0 == name }) {
            sums[position] = Self.saturatingSum(sums[position], amount)
            expected = position + 1
            return
        }
        names.append(name)
        sums.append(amount)
        expected = names.count
        if positions != nil {
            positions![name] = names.count - 1
        } else if names.count > Self.linearLimit {
            positions = Dictionary(uniqueKeysWithValues: zip(names, names.indices))
        }
    }

    /// `sum + amount`, held at the largest finite value instead of overflowing to infinity.
    static func saturatingSum(_ sum: Double, _ amount: Double) -> Double {
        let total = sum + amount
        return total.isFinite ? total : (total > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude)
    }

    /// Every sum back to 0, the names kept: a batch that is handed over and starts again
    /// finds the same names where they were.
    mutating func zero() {
        for index in sums.indices { sums[index] = 0 }
    }

    /// Adds every counter of `other`.
    mutating func add(_ other: CounterTotals) {
        for (name, sum) in zip(other.names, other.sums) { add(name, sum) }
    }

    var dictionary: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(names, sums))
    }
}
