import Foundation
import GalleyCore
import GalleyRunner
import Testing

/// A stage whose counter overflows a Double when summed over two documents.
struct HugeCounterStage: Stage {
    static let descriptor = StageDescriptor(name: "huge", summary: "Counts 1.7e308 per document.")
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        document.metadata["huge.value"] = .double(1.7e308)
        document.metadata["huge.nan"] = .double(.nan)
        return .keep
    }
}

/// Issue 19, defect 12: counters that overflow or are not finite never make the run's
/// metrics unwritable.
@Suite struct CounterOverflowTests {
    @Test func countersThatOverflowLeaveTheMetricsWritable() throws {
        let stage = try HugeCounterStage(setup: .init(options: .init(), instanceName: "huge"))
        let runner = PipelineRunner(stages: [PipelineStage(name: "huge", use: "huge", stage: stage)],
                                    documentsInFlight: 2, jobs: 1)
        let units = ["a", "b"].map { id in
            InputUnit(id: id, source: id) { Document(id: id, source: id, text: "text") }
        }
        let metrics = runner.run(ListInputSource(units)) { _, _ in }
        #expect(metrics.succeeded == 2)
        #expect(metrics.counters["huge.value"] == .greatestFiniteMagnitude)
        #expect(metrics.counters["huge.nan"] == nil)
        let encoded = try GalleyJSON.prettyEncoder().encode(MetricsFile(run: metrics, exitCode: 0))
        #expect(!encoded.isEmpty)
        #expect(!MetricsReport.prometheus(metrics, lastSuccess: nil).contains("inf"))
    }
}
