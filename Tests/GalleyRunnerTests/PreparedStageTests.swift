import Foundation
import GalleyCore
import GalleyRunner
import Synchronization
import Testing

/// An ordered stage with a `prepare` that takes longer than its ordered part, counting how many
/// prepares run at once; documents whose text is `fail` fail in `prepare`. The first document's
/// prepare waits (10 s at most) until a second prepare has started, so that concurrency is seen
/// however loaded the machine is, and a runner that prepares one at a time is still caught.
final class PreparingRecorder: Stage, Sendable {
    static let descriptor = StageDescriptor(name: "preparing", summary: "Prepares, then records in order.", ordering: .inputOrder)
    let processed = Mutex<[String]>([])
    let preparing = Atomic<Int>(0)
    let mostPreparing = Atomic<Int>(0)
    let secondStarted = DispatchSemaphore(value: 0)
    init() {}
    init(setup: StageSetup) throws {}
    func prepare(_ document: inout Document) throws {
        let now = preparing.add(1, ordering: .sequentiallyConsistent).newValue
        mostPreparing.max(now, ordering: .sequentiallyConsistent)
        defer { preparing.subtract(1, ordering: .sequentiallyConsistent) }
        if now == 2 { secondStarted.signal() }
        if document.id == "d0" { _ = secondStarted.wait(timeout: .now() + 10) }
        usleep(2000)
        if document.text == "fail" { throw StageError("refused while preparing") }
        document.text += "|prepared"
    }
    func process(_ document: inout Document) throws -> Disposition {
        processed.withLock { $0.append(document.id) }
        return .keep
    }
}

@Suite struct PreparedStageTests {
    @Test func anOrderedStagePreparesConcurrentlyAndProcessesInInputOrder() {
        let recorder = PreparingRecorder()
        let runner = PipelineRunner(stages: [PipelineStage(name: "preparing", use: "preparing", stage: recorder)],
                                    documentsInFlight: 8, jobs: 4)
        let units = (0..<40).map { index in
            InputUnit(id: "d\(index)", source: "s\(index)") {
                Document(id: "d\(index)", source: "s\(index)", text: index == 7 ? "fail" : "text")
            }
        }
        let outcomes = Mutex<[String]>([])
        let metrics = runner.run(ListInputSource(units)) { _, outcome in
            switch outcome {
            case .succeeded(let document): outcomes.withLock { $0.append("\(document.id) \(document.text)") }
            case .failed(let record, _): outcomes.withLock { $0.append("\(record.id) failed at \(record.stage): \(record.error)") }
            default: outcomes.withLock { $0.append("?") }
            }
        }
        let expected = (0..<40).filter { $0 != 7 }.map { "d\($0)" }
        #expect(recorder.processed.withLock { $0 } == expected)
        #expect(recorder.mostPreparing.load(ordering: .sequentiallyConsistent) > 1, "prepares ran one at a time")
        let reported = outcomes.withLock { $0 }
        #expect(reported.count == 40)
        #expect(reported[7] == "d7 failed at preparing: refused while preparing")
        #expect(reported[8] == "d8 text|prepared")
        #expect(metrics.failed == 1 && metrics.succeeded == 39)
        #expect(metrics.stages[0].documentsIn == 40 && metrics.stages[0].failed == 1)
        // Prepare time is the stage's time: 40 × 2 ms at least.
        #expect(metrics.stages[0].busySeconds >= 0.08, "\(metrics.stages[0].busySeconds)")
    }
}
