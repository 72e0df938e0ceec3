import GalleyCore
import Histogram
import Synchronization

/// Collects one stage's metrics while a run goes on; safe to update from any thread.
///
/// The runner does not lock it for every document: each worker counts into a
/// ``StatisticsBatch`` of its own and adds that here now and then (see ``add(_:)``).
final class StageStatistics: Sendable {
    private struct State {
        var metrics: StageMetrics
        /// The stage's latencies, in ``StageClock`` ticks.
        var latency = StageStatistics.emptyLatency
        var busyTicks: UInt64 = 0
        var waitTicks: UInt64 = 0
    }

    private let state: Mutex<State>

    /// An empty latency histogram, built once: every stage of every run starts from a copy,
    /// which shares its counts until the first latency is recorded and is then copied in one
    /// go (building one fills its 32 KB of counts one by one, about 20 µs).
    ///
    /// - Two significant digits (1%): closer would only spread the counts of a stage's similar
    ///   latencies over more memory.
    /// - Nothing finer than 256 ticks (under 0.1 µs with the processor's counter, 0.26 µs with
    ///   nanoseconds) is told apart, which latencies reported to the microsecond never need:
    ///   reading a percentile walks the counts from the smallest value up, and every step
    ///   below that would be one more.
    /// - Up to about an hour at the fastest counters' ten ticks a nanosecond.
    private static let emptyLatency = Histogram<UInt64>(lowestDiscernibleValue: 256, highestTrackableValue: 36_000_000_000_000,
                                                       numberOfSignificantValueDigits: .two)

    init(stage: String, use: String) {
        state = Mutex(State(metrics: StageMetrics(stage: stage, use: use)))
    }

    enum Result { case kept, dropped, failed }

    /// Adds what a batch counted, and empties it (keeping its memory for the next documents).
    func add(_ batch: inout StageBatch) {
        guard batch.documentsIn > 0 else { return }
        state.withLock { state in
            state.metrics.documentsIn += batch.documentsIn
            state.metrics.documentsOut += batch.documentsOut
            state.metrics.dropped += batch.dropped
            state.metrics.failed += batch.failed
            state.metrics.bytesIn += batch.bytesIn
            state.metrics.bytesOut += batch.bytesOut
            state.busyTicks &+= batch.busyTicks
            state.waitTicks &+= batch.waitTicks
            for latency in batch.latencies { _ = state.latency.record(max(latency, 1)) }
        }
        batch.reset()
    }

    /// The stage's latencies so far, in nanoseconds.
    var latencyDistribution: LatencyDistribution {
        state.withLock { state in
            LatencyDistribution(stage: state.metrics.stage, ticks: state.latency,
                                nanosecondsPerTick: StageClock.nanosecondsPerTick())
        }
    }

    var snapshot: StageMetrics {
        state.withLock { state in
            var metrics = state.metrics
            let nanosecondsPerTick = StageClock.nanosecondsPerTick()
            metrics.busySeconds = Double(state.busyTicks) * nanosecondsPerTick / 1e9
            metrics.waitSeconds = Double(state.waitTicks) * nanosecondsPerTick / 1e9
            if state.latency.totalCount > 0 {
                func milliseconds(_ ticks: UInt64) -> Double { (Double(ticks) * nanosecondsPerTick / 1e6 * 1000).rounded() / 1000 }
                metrics.latencyMilliseconds = StageMetrics.Latency(
                    p50: milliseconds(state.latency.valueAtPercentile(50)),
                    p95: milliseconds(state.latency.valueAtPercentile(95)),
                    p99: milliseconds(state.latency.valueAtPercentile(99)),
                    max: milliseconds(state.latency.max))
            }
            return metrics
        }
    }
}

/// One stage's metrics for the documents one thread ran since its batch was last added to the
/// stage's ``StageStatistics``. Plain values: only the thread that owns it touches it. The
/// latencies go to room the ``StatisticsBatch`` set aside, so that recording one checks no
/// array's uniqueness and never allocates.
struct StageBatch {
    var documentsIn = 0, documentsOut = 0, dropped = 0, failed = 0
    var bytesIn = 0, bytesOut = 0
    var busyTicks: UInt64 = 0
    var waitTicks: UInt64 = 0
    private let room: UnsafeMutableBufferPointer<UInt64>
    private var latencyCount = 0

    init(room: UnsafeMutableBufferPointer<UInt64>) { self.room = room }

    var latencies: UnsafeMutableBufferPointer<UInt64>.SubSequence { room[..<latencyCount] }

    mutating func record(_ result: StageStatistics.Result, bytesIn: Int, bytesOut: Int, busy: UInt64, wait: UInt64) {
        // A batch is handed over before it holds more documents than it has room for.
        precondition(latencyCount < room.count, "a statistics batch overflowed")
        documentsIn += 1
        self.bytesIn += bytesIn
        switch result {
        case .kept:
            documentsOut += 1
            self.bytesOut += bytesOut
        case .dropped: dropped += 1
        case .failed: failed += 1
        }
        busyTicks &+= busy
        waitTicks &+= wait
        room[latencyCount] = busy
        latencyCount += 1
    }

    mutating func reset() {
        documentsIn = 0; documentsOut = 0; dropped = 0; failed = 0
        bytesIn = 0; bytesOut = 0
        busyTicks = 0; waitTicks = 0
        latencyCount = 0
    }
}

/// What became of documents, and the sum of the counters of those that succeeded.
struct OutcomeTotals {
    var succeeded = 0, failed = 0, dropped = 0, skipped = 0
    var counters = CounterTotals()

    var isEmpty: Bool { succeeded == 0 && failed == 0 && dropped == 0 && skipped == 0 }

    /// Back to nothing, keeping the counters' names (and their memory) for the next documents.
    mutating func reset() {
        succeeded = 0; failed = 0; dropped = 0; skipped = 0
        counters.zero()
    }

    mutating func add(_ other: OutcomeTotals) {
        succeeded += other.succeeded
        failed += other.failed
        dropped += other.dropped
        skipped += other.skipped
        counters.add(other.counters)
    }
}

/// What one thread counted for every stage, and the outcomes of the documents it finished,
/// since it last handed its counts over. Holds its memory itself, set aside once: a worker's
/// batch serves a whole run.
struct StatisticsBatch: ~Copyable {
    /// One per stage, reached through a pointer: no uniqueness check per document and stage.
    let stages: UnsafeMutableBufferPointer<StageBatch>
    private let latencyRoom: UnsafeMutableBufferPointer<UInt64>
    var outcomes = OutcomeTotals()
    /// Documents this thread finished with since then.
    var documents = 0
    /// Bytes of text this thread read since then.
    var bytesRead = 0

    /// How many documents a worker runs before it hands its counts over: often enough for
    /// progress displays, rarely enough that the locks cost nothing.
    static let documentsPerFlush = 64

    /// A batch for `stageCount` stages that has room for `documents` documents' latencies per
    /// stage (a document passes each stage at most once on one thread between two flushes).
    init(stageCount: Int, documents: Int = StatisticsBatch.documentsPerFlush) {
        stages = .allocate(capacity: stageCount)
        latencyRoom = .allocate(capacity: max(1, stageCount * documents))
        for index in 0..<stageCount {
            let room = UnsafeMutableBufferPointer(rebasing: latencyRoom[(index * documents)..<((index + 1) * documents)])
            (stages.baseAddress! + index).initialize(to: StageBatch(room: room))
        }
    }

    deinit {
        stages.deinitialize().deallocate()
        latencyRoom.deallocate()
    }

    mutating func flush(into statistics: [StageStatistics], totals: borrowing Mutex<OutcomeTotals>, bytesRead total: borrowing Atomic<Int>) {
        for index in stages.indices { statistics[index].add(&stages[index]) }
        if bytesRead > 0 {
            total.add(bytesRead, ordering: .relaxed)
            bytesRead = 0
        }
        if !outcomes.isEmpty {
            totals.withLock { [outcomes] in $0.add(outcomes) }
            outcomes.reset()
        }
        documents = 0
    }
}
