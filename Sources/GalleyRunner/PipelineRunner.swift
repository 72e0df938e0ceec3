import Dispatch
import Foundation
import GalleyCore
import Synchronization

/// A stage as the runner drives it.
public struct PipelineStage: Sendable {
    public var name: String
    public var use: String
    public var stage: any Stage
    public var ordering: StageOrdering
    /// Whether the stage writes outputs; only such stages see replayed documents.
    public var writesOutput: Bool

    public init(name: String, use: String, stage: any Stage) {
        self.name = name
        self.use = use
        self.stage = stage
        self.ordering = type(of: stage).descriptor.ordering
        self.writesOutput = type(of: stage).descriptor.writesOutput
    }
}

/// One document waiting to be read.
public struct InputUnit: Sendable {
    public var id: String
    public var source: String
    /// Reads and decodes the document; runs on a worker thread.
    public var load: @Sendable () throws -> Document
    /// For an input an earlier run already processed: loads that run's result, which then
    /// goes only through the stages that write outputs (so that corpus-wide outputs stay
    /// complete). When it throws, the input is processed afresh with ``load``.
    public var replay: (@Sendable () throws -> Document)?

    public init(id: String, source: String, replay: (@Sendable () throws -> Document)? = nil,
                load: @escaping @Sendable () throws -> Document) {
        self.id = id
        self.source = source
        self.replay = replay
        self.load = load
    }
}

/// Where the runner takes documents from. Workers call ``next()`` one at a time (under a
/// lock), and only as fast as the in-flight bound allows.
public protocol InputSource: Sendable {
    mutating func next() -> InputUnit?
}

/// An ``InputSource`` over a list known in advance.
public struct ListInputSource: InputSource {
    private var units: [InputUnit]
    private var position = 0
    public init(_ units: [InputUnit]) { self.units = units }
    public mutating func next() -> InputUnit? {
        guard position < units.count else { return nil }
        defer { position += 1 }
        return units[position]
    }
}

/// What became of one document.
public enum DocumentOutcome: Sendable {
    case succeeded(Document)
    /// An earlier run's result went through the output stages again (an unchanged input).
    case replayed(Document)
    case dropped(id: String, source: String, stage: String, reason: String)
    /// `document` is the document as it was before the failing stage (nil when it could not be read).
    case failed(FailureRecord, document: Document?)
}

/// Drives documents through the stages on Dispatch queues.
///
/// `jobs` workers run on a concurrent Dispatch queue. Each takes the next input, reads it and
/// runs it through the stages, so that documents flow as a pipeline: while one worker has a
/// document at stage k, another has the next document at stage k-1. At most
/// `documentsInFlight` documents are between being taken and being reported; taking (and so
/// reading) pauses at that bound. A stage declared `.inputOrder` sees documents one at a time
/// in input order, on a serial queue of its own that also runs the stages after it. Outcomes
/// are reported in input order, whatever the concurrency.
public final class PipelineRunner: Sendable {
    public let stages: [PipelineStage]
    public let documentsInFlight: Int
    public let jobs: Int
    private let stopRequested = Atomic<Bool>(false)
    private let current = Mutex<RunState?>(nil)

    public init(stages: [PipelineStage], documentsInFlight: Int, jobs: Int) {
        self.stages = stages
        self.documentsInFlight = max(1, documentsInFlight)
        self.jobs = max(1, jobs)
    }

    /// Stops taking new inputs; documents already in flight finish.
    public func requestStop() { stopRequested.store(true, ordering: .relaxed) }

    public var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// How the run in progress is doing, for progress displays; nil between runs.
    public func progress() -> RunProgress? {
        current.withLock { $0 }?.progress()
    }

    /// Runs every input through the stages and returns the run's metrics. `onOutcome` is
    /// called once per document, in input order, never twice at the same time.
    public func run(_ source: some InputSource, onOutcome: @escaping @Sendable (Int, DocumentOutcome) -> Void) -> RunMetrics {
        let run = RunState(runner: self, source: source, onOutcome: onOutcome)
        current.withLock { $0 = run }
        defer { current.withLock { $0 = nil } }
        let workersDone = DispatchGroup()
        for _ in 0..<jobs {
            run.workers.async(group: workersDone) { run.work() }
        }
        workersDone.wait()
        run.documents.wait()
        return run.metrics()
    }
}

/// A document between reading and completion.
struct InFlight: Sendable {
    var sequence: Int
    var unit: InputUnit
    var document: Document?
    /// Whether `document` is an earlier run's result being replayed.
    var replaying = false
    /// When the previous step finished (for wait times).
    var readyAt: UInt64

    init(sequence: Int, unit: InputUnit, readyAt: UInt64) {
        self.sequence = sequence
        self.unit = unit
        self.readyAt = readyAt
    }
}

/// The shared state of one run.
final class RunState: Sendable {
    let stages: [PipelineStage]
    let statistics: [StageStatistics]
    let inFlight: DispatchSemaphore
    /// Entered when a document is taken, left when its outcome is reported.
    let documents = DispatchGroup()
    let workers = DispatchQueue(label: "galley.workers", attributes: .concurrent)
    private let runner: PipelineRunner
    private let source: Mutex<(any InputSource, taken: Int)>
    let start = Date()
    let startTime = DispatchTime.now().uptimeNanoseconds
    private let totals = Mutex(Totals())
    private let gates: [Int: OrderedGate<InFlight>]
    private let completion: OrderedGate<DocumentOutcome>

    struct Totals {
        var succeeded = 0, failed = 0, dropped = 0, skipped = 0, bytesRead = 0
        var counters: [String: Double] = [:]
    }

    private let onOutcome: @Sendable (Int, DocumentOutcome) -> Void

    init(runner: PipelineRunner, source: some InputSource, onOutcome: @escaping @Sendable (Int, DocumentOutcome) -> Void) {
        self.runner = runner
        stages = runner.stages
        statistics = runner.stages.map { StageStatistics(stage: $0.name, use: $0.use) }
        inFlight = DispatchSemaphore(value: runner.documentsInFlight)
        self.source = Mutex((source, taken: 0))
        self.onOutcome = onOutcome
        completion = OrderedGate()
        var gates: [Int: OrderedGate<InFlight>] = [:]
        for index in runner.stages.indices where runner.stages[index].ordering == .inputOrder {
            gates[index] = OrderedGate(label: "galley.stage.\(runner.stages[index].name)")
        }
        self.gates = gates
    }

    /// A worker: takes inputs until there are none (or a stop was requested) and runs each
    /// through the stages.
    func work() {
        while true {
            inFlight.wait()
            guard let item = take() else {
                inFlight.signal()
                return
            }
            advance(item, from: 0)
        }
    }

    private func take() -> InFlight? {
        source.withLock { state -> InFlight? in
            guard !runner.isStopping, let unit = state.0.next() else { return nil }
            defer { state.taken += 1 }
            documents.enter()
            return InFlight(sequence: state.taken, unit: unit, readyAt: DispatchTime.now().uptimeNanoseconds)
        }
    }

    /// Runs `item` from stage `start` on, until it completes, leaves the run, or waits at an
    /// ordered stage.
    func advance(_ item: InFlight, from start: Int) {
        var item = item
        if item.document == nil, let replay = item.unit.replay, let stored = try? replay() {
            item.document = stored
            item.replaying = true
            item.readyAt = DispatchTime.now().uptimeNanoseconds
        }
        if item.document == nil {
            do {
                let document = try item.unit.load()
                totals.withLock { $0.bytesRead += document.text.utf8.count }
                item.document = document
                item.readyAt = DispatchTime.now().uptimeNanoseconds
            } catch {
                fail(item, stage: "read", error: error, after: -1)
                return
            }
        }
        var index = start
        while index < stages.count {
            if item.replaying && !stages[index].writesOutput {
                index += 1
                continue
            }
            if let gate = gates[index] {
                let gateIndex = index
                gate.submit(item.sequence, item) { _, item in self.runOrdered(item, at: gateIndex) }
                return
            }
            guard runStage(index, on: &item) else { return }
            index += 1
        }
        complete(item.sequence, item.replaying ? .replayed(item.document!) : .succeeded(item.document!))
    }

    /// Runs an ordered stage on its gate's queue, then the stages after it.
    private func runOrdered(_ item: InFlight, at index: Int) {
        var item = item
        guard runStage(index, on: &item) else { return }
        advance(item, from: index + 1)
    }

    /// Runs stage `index`; false when the document left the run (dropped or failed).
    private func runStage(_ index: Int, on item: inout InFlight) -> Bool {
        // The document moves out of `item` (no extra references), and `before` keeps the
        // document as it was, for the quarantine file should the stage throw.
        var document = item.document.take()!
        let before = document
        let started = DispatchTime.now().uptimeNanoseconds
        let wait = started &- item.readyAt
        do {
            let disposition = try stages[index].stage.process(&document)
            let finished = DispatchTime.now().uptimeNanoseconds
            item.readyAt = finished
            switch disposition {
            case .keep:
                statistics[index].record(result: .kept, bytesIn: before.text.utf8.count, bytesOut: document.text.utf8.count,
                                         busy: finished &- started, wait: wait)
                item.document = consume document
                return true
            case .drop(let reason):
                statistics[index].record(result: .dropped, bytesIn: before.text.utf8.count, bytesOut: 0,
                                         busy: finished &- started, wait: wait)
                skipGates(after: index, sequence: item.sequence)
                complete(item.sequence, .dropped(id: before.id, source: before.source, stage: stages[index].name, reason: reason))
                return false
            }
        } catch {
            let finished = DispatchTime.now().uptimeNanoseconds
            statistics[index].record(result: .failed, bytesIn: before.text.utf8.count, bytesOut: 0,
                                     busy: finished &- started, wait: wait)
            item.document = before
            fail(item, stage: stages[index].name, error: error, after: index)
            return false
        }
    }

    private func fail(_ item: InFlight, stage: String, error: any Error, after index: Int) {
        skipGates(after: index, sequence: item.sequence)
        let record = FailureRecord(id: item.unit.id, source: item.unit.source, stage: stage, error: StageError.describe(error))
        complete(item.sequence, .failed(record, document: item.document))
    }

    private func skipGates(after index: Int, sequence: Int) {
        for (gateIndex, gate) in gates where gateIndex > index {
            gate.submit(sequence, nil) { _, item in self.runOrdered(item, at: gateIndex) }
        }
    }

    private func complete(_ sequence: Int, _ outcome: DocumentOutcome) {
        completion.submit(sequence, outcome) { sequence, outcome in self.deliver(sequence, outcome) }
    }

    /// Counts a finished document and reports it; runs on the completion gate's queue.
    private func deliver(_ sequence: Int, _ outcome: DocumentOutcome) {
        totals.withLock { totals in
            switch outcome {
            case .succeeded(let document):
                totals.succeeded += 1
                document.metadata.forEachCounter { key, number in totals.counters[key, default: 0] += number }
            case .replayed: totals.skipped += 1
            case .dropped: totals.dropped += 1
            case .failed: totals.failed += 1
            }
        }
        onOutcome(sequence, outcome)
        inFlight.signal()
        documents.leave()
    }

    func progress() -> RunProgress {
        let totals = totals.withLock { $0 }
        let busiest = statistics.map(\.snapshot).max { $0.busySeconds < $1.busySeconds }
        return RunProgress(
            taken: source.withLock { $0.taken },
            completed: totals.succeeded + totals.failed + totals.dropped + totals.skipped,
            failed: totals.failed, bytesRead: totals.bytesRead,
            elapsedSeconds: Double(DispatchTime.now().uptimeNanoseconds - startTime) / 1e9,
            busiestStage: busiest.flatMap { $0.busySeconds > 0 ? $0.stage : nil })
    }

    func metrics() -> RunMetrics {
        let documents = source.withLock { $0.taken }
        let end = Date()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - startTime) / 1e9
        var metrics = RunMetrics(start: start, end: end)
        let totals = totals.withLock { $0 }
        metrics.documents = documents
        metrics.succeeded = totals.succeeded
        metrics.failed = totals.failed
        metrics.dropped = totals.dropped
        metrics.skipped = totals.skipped
        metrics.bytesRead = totals.bytesRead
        metrics.wallSeconds = wall
        metrics.documentsPerSecond = wall > 0 ? Double(documents) / wall : 0
        metrics.megabytesPerSecond = wall > 0 ? Double(totals.bytesRead) / 1_000_000 / wall : 0
        metrics.stages = statistics.map(\.snapshot)
        metrics.counters = totals.counters
        return metrics
    }
}

/// A moment in a run, for progress displays.
public struct RunProgress: Sendable {
    public var taken: Int
    public var completed: Int
    public var failed: Int
    public var bytesRead: Int
    public var elapsedSeconds: Double
    /// The stage that has been busy longest so far.
    public var busiestStage: String?
}
