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

/// The model's feature rows by template, offset and value: a feature's row is read from an array
/// at the place its template and offset start plus its value, with no key made and no hash. The
/// values of a template are small integers (a bucket, a class, the shape's conjunction), so the
/// array holds a few thousand entries; a template whose values in the model spread wider than
/// ``widest`` is read from a ``FeatureTable`` instead.
struct FeatureIndex: Sendable {
    /// Where the values of one template at one offset are, by `template × 3 + offset + 1`.
    struct Span: Sendable {
        /// The least value the model has a row for, and how many values from it the span covers
        /// (0: none; `UInt32.max`: read from ``sparse``).
        var lowest: UInt32 = 0
        var count: UInt32 = 0
        /// Where the span starts in ``rows``.
        var start: Int32 = 0
    }

    static let widest: UInt32 = 1 << 16

    private var spans: [Span]
    /// Row numbers, -1 where the model has no row for a value.
    private var rows: [Int32] = []
    private let sparse: FeatureTable

    /// The index of `entries`: (feature key (``LineFeature/key(_:offset:value:)``), row number).
    init(_ entries: [UInt64: Int32]) {
        spans = [Span](repeating: Span(), count: LineFeature.allCases.count * 3)
        var wide: [UInt64: Int32] = [:]
        var ranges: [Int: (lowest: UInt32, highest: UInt32)] = [:]
        for key in entries.keys {
            guard let span = Self.span(of: key) else { continue }
            let value = UInt32(truncatingIfNeeded: key)
            let range = ranges[span] ?? (value, value)
            ranges[span] = (min(range.lowest, value), max(range.highest, value))
        }
        for (span, range) in ranges.sorted(by: { $0.key < $1.key }) {
            if range.highest - range.lowest >= Self.widest {
                spans[span] = Span(lowest: 0, count: UInt32.max, start: 0)
                continue
            }
            let count = range.highest - range.lowest + 1
            spans[span] = Span(lowest: range.lowest, count: count, start: Int32(rows.count))
            rows += [Int32](repeating: -1, count: Int(count))
        }
        for (key, row) in entries {
            guard let span = Self.span(of: key) else { continue }
            let place = spans[span]
            if place.count == UInt32.max {
                wide[key] = row
            } else {
                rows[Int(place.start) + Int(UInt32(truncatingIfNeeded: key) - place.lowest)] = row
            }
        }
        sparse = FeatureTable(wide)
    }

    /// The span of a key, nil for an offset other than -1, 0, 1 (which no line has).
    private static func span(of key: UInt64) -> Int? {
        let offset = Int(key >> 32 & 0xFF) - 8
        guard (-1...1).contains(offset), let feature = LineFeature(rawValue: Int(key >> 40)) else { return nil }
        return feature.rawValue * 3 + offset + 1
    }

    /// The row number of a feature, -1 when the model has none.
    @inline(__always)
    func row(_ feature: LineFeature, offset: Int, value: Int) -> Int {
        let span = spans[feature.rawValue * 3 + offset + 1]
        if span.count == UInt32.max { return sparse.row(LineFeature.key(feature, offset: offset, value: value)) ?? -1 }
        let place = UInt32(truncatingIfNeeded: value) &- span.lowest
        return place < span.count ? Int(rows[Int(span.start) + Int(place)]) : -1
    }
}
