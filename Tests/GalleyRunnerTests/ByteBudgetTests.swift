import Foundation
import GalleyCore
import GalleyRunner
import Synchronization
import Testing

/// A stage that notes how many bytes of documents are inside it at once. With `awaitCompany`,
/// the first document waits (10 s at most) until another is inside too, so that documents
/// that may run together are seen together however loaded the machine is.
final class BytesInsideStage: Stage, Sendable {
    static let descriptor = StageDescriptor(name: "bytes-inside", summary: "Measures bytes in flight.")
    let inside = Atomic<Int>(0)
    let most = Atomic<Int>(0)
    let awaitCompany: Bool
    init(awaitCompany: Bool = false) { self.awaitCompany = awaitCompany }
    init(setup: StageSetup) throws { awaitCompany = false }
    func process(_ document: inout Document) throws -> Disposition {
        let size = document.text.utf8.count
        let now = inside.add(size, ordering: .sequentiallyConsistent).newValue
        most.max(now, ordering: .sequentiallyConsistent)
        if awaitCompany && document.id == "0" {
            let deadline = Date().addingTimeInterval(10)
            while inside.load(ordering: .sequentiallyConsistent) <= size && Date() < deadline { usleep(1_000) }
            most.max(inside.load(ordering: .sequentiallyConsistent), ordering: .sequentiallyConsistent)
        }
        usleep(20_000)
        inside.subtract(document.text.utf8.count, ordering: .sequentiallyConsistent)
        return .keep
    }
}

/// Issue 19, defect 9: documents in flight are bounded by bytes as well as by count.
@Suite struct ByteBudgetTests {
    func run(sizes: [Int], bytesInFlight: Int, awaitCompany: Bool = false) -> (BytesInsideStage, RunMetrics) {
        let stage = BytesInsideStage(awaitCompany: awaitCompany)
        let runner = PipelineRunner(stages: [PipelineStage(name: "bytes-inside", use: "bytes-inside", stage: stage)],
                                    documentsInFlight: 8, jobs: 4, bytesInFlight: bytesInFlight)
        let units = sizes.enumerated().map { index, size in
            InputUnit(id: "\(index)", source: "\(index)", bytes: size) {
                Document(id: "\(index)", source: "\(index)", text: String(repeating: "x", count: size))
            }
        }
        let metrics = runner.run(ListInputSource(units)) { _, _ in }
        return (stage, metrics)
    }

    @Test func documentsTakenStayWithinTheByteBound() {
        let (stage, metrics) = run(sizes: Array(repeating: 600, count: 12), bytesInFlight: 1_000)
        #expect(metrics.succeeded == 12)
        #expect(stage.most.load(ordering: .sequentiallyConsistent) <= 1_000)
    }

    @Test func aDocumentLargerThanTheBoundRunsAlone() {
        let (stage, metrics) = run(sizes: [100, 5_000, 100, 100], bytesInFlight: 1_000)
        #expect(metrics.succeeded == 4)
        #expect(stage.most.load(ordering: .sequentiallyConsistent) == 5_000)
    }

    @Test func withoutABoundDocumentsRunTogether() {
        let (stage, _) = run(sizes: Array(repeating: 600, count: 12), bytesInFlight: .max, awaitCompany: true)
        #expect(stage.most.load(ordering: .sequentiallyConsistent) > 1_000)
    }
}
