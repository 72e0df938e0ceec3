import Foundation
import GalleyCore
import GalleyRunner
import Synchronization
import Testing

/// Appends a mark to the text after a random short pause, so that documents finish out of order.
struct JitterStage: Stage {
    static let descriptor = StageDescriptor(name: "jitter", summary: "Sleeps a little, then marks the text.")
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        usleep(UInt32.random(in: 0...800))
        document.text += "|j"
        document.metadata.count("jitter.marks")
        return .keep
    }
}

/// Fails documents whose id contains "bad", drops those whose id contains "drop".
struct PickyStage: Stage {
    static let descriptor = StageDescriptor(name: "picky", summary: "Fails and drops some documents.")
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        if document.id.contains("bad") { throw StageError("refused \(document.id)") }
        if document.id.contains("drop") { return .drop(reason: "not wanted") }
        document.text += "|p"
        return .keep
    }
}

/// Changes the document, then throws for ids containing "fail": the quarantined document must
/// be the one in front of this stage, without the half-made change.
struct HalfwayStage: Stage {
    static let descriptor = StageDescriptor(name: "halfway", summary: "Changes the text, then may throw.")
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        document.text += "|half"
        document.metadata.count("halfway.seen")
        if document.id.contains("fail") { throw StageError("gave up on \(document.id)") }
        return .keep
    }
}

/// An ordered stage that writes nothing, so replayed documents skip it.
struct OrderedMarker: Stage {
    static let descriptor = StageDescriptor(name: "ordered-marker", summary: "Marks in input order.", ordering: .inputOrder)
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        document.text += "|o"
        return .keep
    }
}

/// Records the order in which it sees documents; declared `.inputOrder`.
final class OrderRecorder: Stage, Sendable {
    static let descriptor = StageDescriptor(name: "recorder", summary: "Records ids.", ordering: .inputOrder)
    let seen = Mutex<[String]>([])
    let concurrent = Atomic<Int>(0)
    let maxConcurrent = Atomic<Int>(0)
    init() {}
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        let now = concurrent.add(1, ordering: .sequentiallyConsistent).newValue
        maxConcurrent.max(now, ordering: .sequentiallyConsistent)
        usleep(50)
        seen.withLock { $0.append(document.id) }
        concurrent.subtract(1, ordering: .sequentiallyConsistent)
        return .keep
    }
}

/// Sleeps 60 ms per document, of which it reports 50 ms as waiting for something shared
/// (``StageWait``), as the external stage does while it waits for a free plugin worker.
struct QueueingStage: Stage {
    static let descriptor = StageDescriptor(name: "queueing", summary: "Waits, then works a little.")
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition {
        usleep(50_000)
        StageWait.record(nanoseconds: 50_000_000)
        usleep(10_000)
        return .keep
    }
}

/// A shared counter that escaping closures can capture.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

@Suite struct PipelineRunnerTests {
    func units(_ ids: [String]) -> [InputUnit] {
        ids.map { id in
            InputUnit(id: id, source: "mem/\(id)") {
                if id.contains("unreadable") { throw StageError("cannot decode") }
                return Document(id: id, source: "mem/\(id)", text: "text of \(id)")
            }
        }
    }

    func stages(_ list: [any Stage]) -> [PipelineStage] {
        list.map { PipelineStage(name: type(of: $0).descriptor.name, use: type(of: $0).descriptor.name, stage: $0) }
    }

    @Test(arguments: [(1, 1), (3, 2), (16, 4)])
    func reportsOutcomesInInputOrder(inFlight: Int, jobs: Int) throws {
        let ids = (0..<200).map { "doc\($0)" }
        let runner = PipelineRunner(stages: stages([try JitterStage(setup: .init(options: .init(), instanceName: "j")),
                                                    try JitterStage(setup: .init(options: .init(), instanceName: "j"))]),
                                    documentsInFlight: inFlight, jobs: jobs)
        let order = Mutex<[String]>([])
        let source = ListInputSource(units(ids))
        let metrics = runner.run(source) { _, outcome in
            guard case .succeeded(let document) = outcome else { return }
            #expect(document.text.hasSuffix("|j|j"))
            order.withLock { $0.append(document.id) }
        }
        #expect(order.withLock { $0 } == ids)
        #expect(metrics.documents == 200)
        #expect(metrics.succeeded == 200)
        #expect(metrics.counters["jitter.marks"] == 400)
    }

    @Test func isolatesFailuresAndCountsDrops() throws {
        let ids = ["a", "bad1", "b", "drop1", "unreadable", "c", "bad2"]
        let recorder = OrderRecorder()
        let runner = PipelineRunner(
            stages: stages([try PickyStage(setup: .init(options: .init(), instanceName: "p")), recorder]),
            documentsInFlight: 4, jobs: 2)
        let outcomes = Mutex<[String]>([])
        let source = ListInputSource(units(ids))
        let metrics = runner.run(source) { _, outcome in
            let text: String
            switch outcome {
            case .succeeded(let document), .replayed(let document): text = "ok \(document.id)"
            case .dropped(let id, _, let stage, let reason): text = "dropped \(id) at \(stage): \(reason)"
            case .failed(let record, let document):
                text = "failed \(record.id) at \(record.stage): \(record.error) (before: \(document?.text ?? "nothing"))"
            }
            outcomes.withLock { $0.append(text) }
        }
        #expect(outcomes.withLock { $0 } == [
            "ok a",
            "failed bad1 at picky: refused bad1 (before: text of bad1)",
            "ok b",
            "dropped drop1 at picky: not wanted",
            "failed unreadable at read: cannot decode (before: nothing)",
            "ok c",
            "failed bad2 at picky: refused bad2 (before: text of bad2)",
        ])
        #expect(recorder.seen.withLock { $0 } == ["a", "b", "c"])
        #expect(metrics.succeeded == 3 && metrics.failed == 3 && metrics.dropped == 1 && metrics.documents == 7)
        let picky = metrics.stages[0]
        #expect(picky.documentsIn == 6 && picky.documentsOut == 3 && picky.failed == 2 && picky.dropped == 1)
        #expect(metrics.stages[1].documentsIn == 3)
    }

    @Test func orderedStagesSeeOneDocumentAtATimeInInputOrder() throws {
        let recorder = OrderRecorder()
        let ids = (0..<150).map { "d\($0)" }
        let runner = PipelineRunner(
            stages: stages([try JitterStage(setup: .init(options: .init(), instanceName: "j")), recorder,
                            try JitterStage(setup: .init(options: .init(), instanceName: "j"))]),
            documentsInFlight: 12, jobs: 4)
        let source = ListInputSource(units(ids))
        let metrics = runner.run(source) { _, _ in }
        #expect(recorder.seen.withLock { $0 } == ids)
        #expect(recorder.maxConcurrent.load(ordering: .sequentiallyConsistent) == 1)
        #expect(metrics.succeeded == 150)
    }

    @Test(arguments: [1, 3, 7])
    func neverHasMoreDocumentsInFlightThanTheBound(bound: Int) throws {
        let loaded = Counter(), completed = Counter(), peak = Counter()
        let runner = PipelineRunner(stages: stages([try JitterStage(setup: .init(options: .init(), instanceName: "j"))]),
                                    documentsInFlight: bound, jobs: 4)
        let ids = (0..<120).map { "n\($0)" }
        let source = ListInputSource(ids.map { id in
            InputUnit(id: id, source: id) {
                let now = loaded.value.add(1, ordering: .sequentiallyConsistent).newValue
                    - completed.value.load(ordering: .sequentiallyConsistent)
                peak.value.max(now, ordering: .sequentiallyConsistent)
                return Document(id: id, source: id, text: id)
            }
        })
        _ = runner.run(source) { _, _ in completed.value.add(1, ordering: .sequentiallyConsistent) }
        #expect(peak.value.load(ordering: .sequentiallyConsistent) <= bound)
        #expect(peak.value.load(ordering: .sequentiallyConsistent) >= 1)
    }

    @Test func metricsAddUp() throws {
        let runner = PipelineRunner(
            stages: stages([try JitterStage(setup: .init(options: .init(), instanceName: "j")),
                            try PickyStage(setup: .init(options: .init(), instanceName: "p"))]),
            documentsInFlight: 5, jobs: 3)
        let ids = (0..<60).map { $0 % 10 == 0 ? "bad\($0)" : $0 % 7 == 0 ? "drop\($0)" : "ok\($0)" }
        let source = ListInputSource(units(ids))
        let metrics = runner.run(source) { _, _ in }
        #expect(metrics.succeeded + metrics.failed + metrics.dropped == metrics.documents)
        for (index, stage) in metrics.stages.enumerated() {
            #expect(stage.documentsIn == stage.documentsOut + stage.failed + stage.dropped)
            if index > 0 { #expect(stage.documentsIn == metrics.stages[index - 1].documentsOut) }
            #expect(stage.latencyMilliseconds.p50 <= stage.latencyMilliseconds.p95)
            #expect(stage.latencyMilliseconds.p95 <= stage.latencyMilliseconds.max)
            #expect(stage.busySeconds > 0)
        }
        #expect(metrics.stages[1].documentsOut == metrics.succeeded)
        #expect(metrics.stages[0].bytesOut == metrics.stages[1].bytesIn)
    }

    @Test func timeAStageReportsWaitingCountsAsWaitNotAsBusyTimeOrLatency() throws {
        let runner = PipelineRunner(stages: stages([try QueueingStage(setup: .init(options: .init(), instanceName: "q"))]),
                                    documentsInFlight: 2, jobs: 2)
        let metrics = runner.run(ListInputSource(units((0..<6).map { "q\($0)" }))) { _, _ in }
        let stage = try #require(metrics.stages.first)
        // Six documents: 6 × 10 ms of work (plus sleep overshoot), 6 × 50 ms of reported waiting.
        #expect(stage.busySeconds >= 0.055 && stage.busySeconds < 0.25, "busy \(stage.busySeconds) s")
        #expect(stage.waitSeconds >= 0.29, "wait \(stage.waitSeconds) s")
        #expect(stage.latencyMilliseconds.p50 >= 9 && stage.latencyMilliseconds.p50 < 40, "p50 \(stage.latencyMilliseconds.p50) ms")
    }

    @Test func stopsTakingInputsWhenAskedAndFinishesThoseInFlight() throws {
        let runner = PipelineRunner(stages: stages([try JitterStage(setup: .init(options: .init(), instanceName: "j"))]),
                                    documentsInFlight: 2, jobs: 1)
        let ids = (0..<1000).map { "s\($0)" }
        let source = ListInputSource(units(ids))
        let count = Counter()
        let metrics = runner.run(source) { _, _ in
            if count.value.add(1, ordering: .sequentiallyConsistent).newValue == 10 { runner.requestStop() }
        }
        #expect(metrics.documents < 1000)
        #expect(metrics.succeeded == metrics.documents)
    }

    @Test(arguments: [1, 3])
    func quarantinesTheDocumentAsItWasBeforeTheFailingStage(jobs: Int) throws {
        let setup = StageSetup(options: .init(), instanceName: "s")
        let runner = PipelineRunner(stages: stages([try JitterStage(setup: setup), try PickyStage(setup: setup),
                                                    try HalfwayStage(setup: setup)]),
                                    documentsInFlight: 4, jobs: jobs)
        let quarantined = Mutex<[String: Document]>([:])
        let metrics = runner.run(ListInputSource(units(["ok1", "halffail1", "ok2", "halffail2"]))) { _, outcome in
            if case .failed(let record, let document) = outcome {
                #expect(record.stage == "halfway")
                quarantined.withLock { $0[record.id] = document }
            }
        }
        #expect(metrics.failed == 2 && metrics.succeeded == 2)
        let documents = quarantined.withLock { $0 }
        // The marks of the two stages before, and not the failing stage's own change.
        #expect(documents["halffail1"]?.text == "text of halffail1|j|p")
        #expect(documents["halffail1"]?.metadata.counter("jitter.marks") == 1)
        #expect(documents["halffail1"]?.metadata.counter("halfway.seen") == 0)
        #expect(documents["halffail2"]?.text == "text of halffail2|j|p")
        // Counters come only from documents that made it through.
        #expect(metrics.counters["halfway.seen"] == 2)
        #expect(metrics.counters["jitter.marks"] == 2)
    }

    @Test func replayedDocumentsPassOrderedStagesThatWriteNothing() throws {
        let setup = StageSetup(options: .init(), instanceName: "s")
        let runner = PipelineRunner(stages: stages([try OrderedMarker(setup: setup), try JitterStage(setup: setup)]),
                                    documentsInFlight: 3, jobs: 2)
        let ids = (0..<40).map { "r\($0)" }
        let units = ids.enumerated().map { number, id in
            var stored: (@Sendable () throws -> Document)?
            if number % 3 == 0 { stored = { @Sendable in Document(id: id, source: "mem/\(id)", text: "stored \(id)") } }
            return InputUnit(id: id, source: "mem/\(id)", replay: stored) {
                Document(id: id, source: "mem/\(id)", text: "text of \(id)")
            }
        }
        let texts = Mutex<[String]>([])
        let metrics = runner.run(ListInputSource(units)) { _, outcome in
            switch outcome {
            case .succeeded(let document), .replayed(let document): texts.withLock { $0.append(document.text) }
            default: break
            }
        }
        #expect(metrics.skipped == 14 && metrics.succeeded == 26)
        // Replayed documents went through no stage that writes nothing; the others through both.
        #expect(texts.withLock { $0 } == ids.enumerated().map { number, id in
            number % 3 == 0 ? "stored \(id)" : "text of \(id)|o|j"
        })
    }

    @Test func sumsManyDifferentCountersExactly() throws {
        struct ManyCounters: Stage {
            static let descriptor = StageDescriptor(name: "many", summary: "Counts under many names.")
            init(setup: StageSetup) throws {}
            func process(_ document: inout Document) throws -> Disposition {
                let number = Int(document.id.dropFirst())!
                for name in 0..<(number % 50) { document.metadata.count("many.c\(name)", by: name) }
                return .keep
            }
        }
        let runner = PipelineRunner(stages: stages([try ManyCounters(setup: .init(options: .init(), instanceName: "m"))]),
                                    documentsInFlight: 8, jobs: 2)
        let metrics = runner.run(ListInputSource(units((0..<200).map { "m\($0)" }))) { _, _ in }
        var expected: [String: Double] = [:]
        for number in 0..<200 {
            for name in 0..<(number % 50) { expected["many.c\(name)", default: 0] += Double(name) }
        }
        #expect(metrics.counters == expected)
    }

    @Test func anInputThatNamesItselfOnlyWhenReadFailsUnderThatName() throws {
        let runner = PipelineRunner(stages: [], documentsInFlight: 2, jobs: 1)
        let inputs = [
            InputUnit(id: "line-1", source: "stdin:1") { throw InputError(id: "named", message: "no text") },
            InputUnit(id: "line-2", source: "stdin:2") { throw InputError(id: nil, message: "not JSON") },
        ]
        let failures = Mutex<[String]>([])
        _ = runner.run(ListInputSource(inputs)) { _, outcome in
            if case .failed(let record, _) = outcome {
                failures.withLock { $0.append("\(record.id) \(record.source): \(record.error)") }
            }
        }
        #expect(failures.withLock { $0 } == ["named stdin:1: no text", "line-2 stdin:2: not JSON"])
    }
}
