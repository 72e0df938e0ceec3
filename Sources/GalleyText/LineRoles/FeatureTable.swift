/// The model's feature rows by feature key: an open-addressing table with a multiplicative hash,
/// several times faster to read than a `Dictionary` (whose hash is keyed SipHash). Read-only once built.
struct FeatureTable: Sendable {
    private var keys: [UInt64]
    private var rows: [Int32]
    private let mask: Int

    /// A table of `entries` (key, row) pairs.
    init(_ entries: [UInt64: Int32]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: UInt64.max, count: capacity)
        rows = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (key, row) in entries {
            var slot = Self.slot(key, mask)
            while keys[slot] != UInt64.max { slot = (slot + 1) & mask }
            keys[slot] = key
            rows[slot] = row
        }
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The row of `key`, or nil.
    @inline(__always)
    func row(_ key: UInt64) -> Int? {
        var slot = Self.slot(key, mask)
        while true {
            let found = keys[slot]
            if found == key { return Int(rows[slot]) }
            if found == UInt64.max { return nil }
            slot = (slot + 1) & mask
        }
    }
}
