import GalleyCore
import Histogram
import Synchronization

/// Collects one stage's metrics while a run goes on; safe to update from any thread.
final class StageStatistics: Sendable {
    private struct State {
        var metrics: StageMetrics
        var latency = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000,
                                        numberOfSignificantValueDigits: .three)
        var busyNanoseconds: UInt64 = 0
        var waitNanoseconds: UInt64 = 0
    }

    private let state: Mutex<State>

    init(stage: String, use: String) {
        state = Mutex(State(metrics: StageMetrics(stage: stage, use: use)))
    }

    enum Result { case kept, dropped, failed }

    func record(result: Result, bytesIn: Int, bytesOut: Int, busy: UInt64, wait: UInt64) {
        state.withLock { state in
            state.metrics.documentsIn += 1
            state.metrics.bytesIn += bytesIn
            switch result {
            case .kept:
                state.metrics.documentsOut += 1
                state.metrics.bytesOut += bytesOut
            case .dropped: state.metrics.dropped += 1
            case .failed: state.metrics.failed += 1
            }
            state.busyNanoseconds &+= busy
            state.waitNanoseconds &+= wait
            _ = state.latency.record(max(busy, 1))
        }
    }

    var snapshot: StageMetrics {
        state.withLock { state in
            var metrics = state.metrics
            metrics.busySeconds = Double(state.busyNanoseconds) / 1e9
            metrics.waitSeconds = Double(state.waitNanoseconds) / 1e9
            if state.latency.totalCount > 0 {
                func milliseconds(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 1e6 * 1000).rounded() / 1000 }
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
