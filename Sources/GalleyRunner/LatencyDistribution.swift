import GalleyCore
import Histogram

/// One stage's latencies over a run, in nanoseconds, as a run can store and a merge can add
/// up: the counts of an HdrHistogram's recorded buckets (two significant digits). The run's
/// own histogram counts in ``StageClock`` ticks, whose length differs from machine to
/// machine; this one does not, so that shards run on different machines merge.
public struct LatencyDistribution: Sendable, Codable, Equatable {
    public var stage: String
    /// `[nanoseconds, count]` of every recorded bucket, from the shortest.
    public var buckets: [[UInt64]]

    public init(stage: String, buckets: [[UInt64]] = []) {
        self.stage = stage
        self.buckets = buckets
    }

    /// The layout every distribution is read into: 1 ns to an hour, to 1%.
    static func emptyHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .two)
    }

    /// The distribution of `histogram`, whose values are ticks of `nanosecondsPerTick`.
    init(stage: String, ticks histogram: Histogram<UInt64>, nanosecondsPerTick: Double) {
        self.stage = stage
        var nanoseconds = Self.emptyHistogram()
        for bucket in histogram.recordedValues() {
            let value = UInt64(min(3_600_000_000_000, max(1, (Double(bucket.value) * nanosecondsPerTick).rounded())))
            _ = nanoseconds.record(value, count: bucket.count)
        }
        buckets = Self.buckets(of: nanoseconds)
    }

    static func buckets(of histogram: Histogram<UInt64>) -> [[UInt64]] {
        histogram.recordedValues().map { [$0.value, $0.count] }
    }

    var histogram: Histogram<UInt64> {
        var histogram = Self.emptyHistogram()
        for bucket in buckets where bucket.count == 2 {
            _ = histogram.record(min(bucket[0], 3_600_000_000_000), count: bucket[1])
        }
        return histogram
    }

    /// The sum of `distributions` (HdrHistogram's merge: bucket counts add up).
    public static func merged(_ distributions: [LatencyDistribution], stage: String) -> LatencyDistribution {
        var total = emptyHistogram()
        for distribution in distributions { total.add(distribution.histogram) }
        return LatencyDistribution(stage: stage, buckets: buckets(of: total))
    }

    /// p50, p95, p99 and max in milliseconds, rounded to the microsecond as a run reports them.
    public var percentiles: StageMetrics.Latency {
        let histogram = self.histogram
        guard histogram.totalCount > 0 else { return StageMetrics.Latency() }
        func milliseconds(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 1e6 * 1000).rounded() / 1000 }
        return StageMetrics.Latency(
            p50: milliseconds(histogram.valueAtPercentile(50)), p95: milliseconds(histogram.valueAtPercentile(95)),
            p99: milliseconds(histogram.valueAtPercentile(99)), max: milliseconds(histogram.max))
    }
}
