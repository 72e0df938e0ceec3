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
    /// The input's size in bytes, as far as it is known before reading (0 when it is not),
    /// for the runner's bound on bytes in flight.
    public var bytes: Int

    public init(id: String, source: String, bytes: Int = 0, replay: (@Sendable () throws -> Document)? = nil,
                load: @escaping @Sendable () throws -> Document) {
        self.id = id
        self.source = source
        self.bytes = bytes
        self.replay = replay
        self.load = load
    }
}

/// An input that could not be read, from an ``InputUnit``'s `load`; `id`, when known, replaces
/// the unit's id in the failure record (an input whose id is only known once it is read).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var id: String?
    public var message: String
    public init(id: String?, message: String) {
        self.id = id
        self.message = message
    }
    public var description: String { message }
}

/// Where the runner takes documents from. Workers call ``next()`` one at a time (under a
/// lock), and only as fast as the in-flight bound allows.
public protocol InputSource: Sendable {
    mutating func next() -> InputUnit?
}

/// An ``InputSource`` over a list known in advance. Each unit is handed out (moved, not
/// copied) once, so the list lets go of what the run has taken.
public struct ListInputSource: InputSource {
    private var units: [InputUnit?]
    private var position = 0
    public init(_ units: [InputUnit]) { self.units = units }
    public mutating func next() -> InputUnit? {
        guard position < units.count else { return nil }
        defer { position += 1 }
        return units[position].take()
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
/// `jobs` workers run: the calling thread and `jobs - 1` on a concurrent Dispatch queue. Each
/// takes the next input, reads it and runs it through the stages, so that documents flow as a
/// pipeline: while one worker has a document at stage k, another has the next document at
/// stage k-1. At most
/// `documentsInFlight` documents are between being taken and being reported; taking (and so
/// reading) pauses at that bound. A stage declared `.inputOrder` sees documents one at a time
/// in input order: the worker that brings the next document in order runs it, and those that
/// were waiting behind it, through that stage and the stages after it (no thread of the
/// stage's own: `--jobs 1` runs on one thread). Outcomes are reported in input order, whatever
/// the concurrency.
public final class PipelineRunner: Sendable {
    public let stages: [PipelineStage]
    public let documentsInFlight: Int
    /// Input bytes in flight at most (``InputUnit/bytes``); a larger document runs alone.
    public let bytesInFlight: Int
    public let jobs: Int
    private let stopRequested = Atomic<Bool>(false)
    private let current = Mutex<RunState?>(nil)
    private let lastStatistics = Mutex<[StageStatistics]>([])

    public init(stages: [PipelineStage], documentsInFlight: Int, jobs: Int, bytesInFlight: Int = .max) {
        self.stages = stages
        self.documentsInFlight = max(1, documentsInFlight)
        self.bytesInFlight = max(1, bytesInFlight)
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
    public func run(_ source: consuming some InputSource, onOutcome: @escaping @Sendable (Int, DocumentOutcome) -> Void) -> RunMetrics {
        let run = RunState(runner: self, source: consume source, onOutcome: onOutcome)
        current.withLock { $0 = run }
        defer { current.withLock { $0 = nil } }
        // The calling thread is one of the workers: it would only wait otherwise, and a run with
        // one job then hands no document to another thread.
        let workersDone = DispatchGroup()
        for _ in 1..<jobs {
            run.workers.async(group: workersDone) { run.work() }
        }
        run.work()
        workersDone.wait()
        run.waitForDeliveries()
        lastStatistics.withLock { $0 = run.statistics }
        return run.metrics()
    }

    /// Every stage's latencies in the last run that finished, for a shard to store.
    public func latenciesOfLastRun() -> [LatencyDistribution] {
        lastStatistics.withLock { $0 }.map(\.latencyDistribution)
    }
}

/// A document between reading and completion.
struct InFlight: Sendable {
    var sequence: Int
    var unit: InputUnit
    var document: Document?
    /// Whether `document` is an earlier run's result being replayed.
    var replaying = false
    /// When the previous step finished (for wait times and busy times).
    var readyAt: UInt64 = 0
    /// Ticks an ordered stage's ``Stage/prepare(_:)`` took, added to that stage's busy time,
    /// and those it reported waiting (``StageWait``), added to the document's wait.
    var preparedTicks: UInt64 = 0
    var preparedWaitTicks: UInt64 = 0

    init(sequence: Int, unit: consuming InputUnit) {
        self.sequence = sequence
        self.unit = unit
    }
}

/// What the runner keeps for one stage during a run.
///
/// The hot path reaches the stage through an unmanaged reference, which it may use without
/// retaining it: `RunState` holds the strong one (`calls`) for as long as the slots exist.
struct StageSlot {
    let call: Unmanaged<StageCall>
    let name: String
    let writesOutput: Bool
    /// The gate in front of a stage that is `.inputOrder`, nil for the others.
    let gate: OrderedGate<InFlight>?
}

/// Calls one stage. A class generic over the stage's type, so that the call reaches the
/// stage's own `process` directly: calling through `any Stage` copies the existential (a
/// retain and a release) on every call.
class StageCall: @unchecked Sendable {
    func process(_ document: inout Document) throws -> Disposition {
        preconditionFailure("StageCall.process is implemented by TypedStageCall")
    }

    func prepare(_ document: inout Document) throws {
        preconditionFailure("StageCall.prepare is implemented by TypedStageCall")
    }

    static func make(_ stage: any Stage) -> StageCall {
        func typed<S: Stage>(_ stage: S) -> StageCall { TypedStageCall(stage) }
        return typed(stage)
    }
}

/// `@unchecked` only because the compiler cannot see through the superclass: the one stored
/// property is a `Sendable` stage, never changed.
final class TypedStageCall<S: Stage>: StageCall, @unchecked Sendable {
    let stage: S
    init(_ stage: S) { self.stage = stage }
    override func process(_ document: inout Document) throws -> Disposition {
        try stage.process(&document)
    }
    override func prepare(_ document: inout Document) throws {
        try stage.prepare(&document)
    }
}

/// The shared state of one run.
final class RunState: Sendable {
    /// One slot per stage, in memory of their own: the hot path borrows a stage from here in
    /// place, where reading it out of an array would copy (retain and release) it for every
    /// document and stage. Written once in `init`, read-only until `deinit` frees it, hence
    /// safe to share.
    nonisolated(unsafe) private let slots: UnsafeMutableBufferPointer<StageSlot>
    /// The strong references behind the slots' unmanaged ones.
    private let calls: [StageCall]
    let statistics: [StageStatistics]
    let inFlight: DispatchSemaphore
    /// The bound on input bytes in flight.
    let budget: ByteBudget
    /// Entered while an ordered stage's queue runs a document and hands over its statistics.
    let orderedRuns = DispatchGroup()
    let workers = DispatchQueue(label: "galley.workers", attributes: .concurrent)
    private let runner: PipelineRunner
    private let source: Mutex<(any InputSource, taken: Int)>
    let start = Date()
    let startTime = DispatchTime.now().uptimeNanoseconds
    /// The outcomes and counters, added from the workers' batches.
    private let totals = Mutex(OutcomeTotals())
    private let bytesRead = Atomic<Int>(0)
    private let completion: OrderedGate<DocumentOutcome>

    private let onOutcome: @Sendable (Int, DocumentOutcome) -> Void

    init(runner: PipelineRunner, source: consuming some InputSource, onOutcome: @escaping @Sendable (Int, DocumentOutcome) -> Void) {
        self.runner = runner
        StageClock.prepare()
        calls = runner.stages.map { StageCall.make($0.stage) }
        statistics = runner.stages.map { StageStatistics(stage: $0.name, use: $0.use) }
        slots = .allocate(capacity: runner.stages.count)
        _ = slots.initialize(from: runner.stages.indices.map { [calls] index in
            let stage = runner.stages[index]
            return StageSlot(call: .passUnretained(calls[index]), name: stage.name, writesOutput: stage.writesOutput,
                             gate: stage.ordering == .inputOrder ? OrderedGate() : nil)
        })
        inFlight = DispatchSemaphore(value: runner.documentsInFlight)
        budget = ByteBudget(limit: runner.bytesInFlight)
        self.source = Mutex((consume source, taken: 0))
        self.onOutcome = onOutcome
        completion = OrderedGate()
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// A worker: takes inputs until there are none (or a stop was requested) and runs each
    /// through the stages.
    ///
    /// The worker counts the stages' metrics, the outcomes and the counters in a batch of its
    /// own, handed over every few dozen documents and when it stops, so that no lock is taken
    /// per document and stage.
    func work() {
        var batch = StatisticsBatch(stageCount: slots.count)
        defer { flush(&batch) }
        while true {
            inFlight.wait()
            guard let (sequence, unit) = take() else {
                inFlight.signal()
                return
            }
            advance(InFlight(sequence: sequence, unit: unit), from: 0, batch: &batch)
            batch.documents += 1
            if batch.documents >= StatisticsBatch.documentsPerFlush { flush(&batch) }
        }
    }

    /// Hands a thread's counts over to the run's.
    private func flush(_ batch: inout StatisticsBatch) {
        batch.flush(into: statistics, totals: totals, bytesRead: bytesRead)
    }

    /// The next input and its sequence number, nil when there are no more.
    private func take() -> (Int, InputUnit)? {
        source.withLock { state -> (Int, InputUnit)? in
            guard !runner.isStopping, let unit = state.0.next() else { return nil }
            // Under the input lock, so that documents are admitted in input order: every
            // document holding bytes is earlier than this one and finishes without it.
            budget.acquire(unit.bytes, for: state.taken)
            defer { state.taken += 1 }
            return (state.taken, unit)
        }
    }

    /// Runs `item` from stage `start` on, until it completes, leaves the run, or waits at an
    /// ordered stage. `waited` says whether it comes out of a gate (so that the time since
    /// its previous step was spent waiting).
    func advance(_ item: consuming InFlight, from start: Int, waited: Bool = false, batch: inout StatisticsBatch) {
        var waited = waited
        if item.document == nil {
            guard load(&item, batch: &batch) else { return }
            waited = false
        }
        var index = start
        while index < slots.count {
            // The gate in front of `start` has been passed when the item comes from it.
            let passedGate = waited && index == start
            if item.replaying && !slots[index].writesOutput {
                // Not for this document; an ordered stage still has to know not to wait for it.
                if !passedGate, let gate = slots[index].gate {
                    let gateIndex = index
                    gate.submit(item.sequence, nil) { _, item in self.runOrdered(item, at: gateIndex) }
                }
                index += 1
                continue
            }
            if let gate = slots[index].gate, !passedGate {
                // What the stage can do out of order happens here, on this worker.
                guard prepareStage(index, on: &item, batch: &batch) else { return }
                let gateIndex = index
                gate.submit(item.sequence, item) { _, item in self.runOrdered(item, at: gateIndex) }
                return
            }
            guard runStage(index, on: &item, waited: passedGate, batch: &batch) else { return }
            index += 1
        }
        let document = item.document.take()!
        if item.replaying {
            batch.outcomes.skipped += 1
            complete(item.sequence, .replayed(document))
        } else {
            batch.outcomes.succeeded += 1
            document.metadata.forEachCounter { name, amount in batch.outcomes.counters.add(name, amount) }
            complete(item.sequence, .succeeded(document))
        }
    }

    /// Reads the document (or an earlier run's result to replay); false when it could not be read.
    private func load(_ item: inout InFlight, batch: inout StatisticsBatch) -> Bool {
        if let replay = item.unit.replay, let stored = try? replay() {
            item.document = stored
            item.replaying = true
        } else {
            do {
                item.document = try item.unit.load()
                batch.bytesRead += item.document!.text.utf8.count
            } catch {
                batch.outcomes.failed += 1
                fail(item, document: nil, stage: "read", error: error, after: -1)
                return false
            }
        }
        item.readyAt = StageClock.now()
        return true
    }

    /// Runs an ordered stage on the thread whose turn it is at its gate, then the stages after it, inside
    /// `orderedRuns` until this call's statistics are handed over, so that the run's metrics,
    /// taken once ``waitForDeliveries()`` returns, include them.
    private func runOrdered(_ item: consuming InFlight, at index: Int) {
        orderedRuns.enter()
        var batch = StatisticsBatch(stageCount: slots.count, documents: 1)
        advance(item, from: index, waited: true, batch: &batch)
        flush(&batch)
        orderedRuns.leave()
    }

    /// Runs the ordered stage `index`'s ``Stage/prepare(_:)`` before the document waits at its
    /// gate; false when it failed the document. Its time counts as the stage's, with the rest
    /// of the stage's work on the document.
    private func prepareStage(_ index: Int, on item: inout InFlight, batch: inout StatisticsBatch) -> Bool {
        let started = StageClock.now()
        do {
            try slots[index].call._withUnsafeGuaranteedRef { try $0.prepare(&item.document!) }
        } catch {
            let bytesIn = item.document!.text.utf8.count
            let wait = StageClock.elapsed(from: item.readyAt, to: started)
            let time = Self.split(StageClock.elapsed(from: started, to: StageClock.now()))
            batch.stages[index].record(.failed, bytesIn: bytesIn, bytesOut: 0, busy: time.busy, wait: wait &+ time.waited)
            batch.outcomes.failed += 1
            let document = rebuild(item, before: index) ?? item.document.take()
            fail(item, document: document, stage: slots[index].name, error: error, after: index - 1)
            return false
        }
        let finished = StageClock.now()
        let time = Self.split(StageClock.elapsed(from: started, to: finished))
        item.preparedTicks = time.busy
        item.preparedWaitTicks = time.waited
        item.readyAt = finished
        return true
    }

    /// Runs stage `index`; false when the document left the run (dropped or failed).
    ///
    /// No copy of the document is kept while the stage works on it (a copy would make every
    /// change the stage makes copy the text and the metadata first). Should the stage throw,
    /// the document as it was before the stage is rebuilt from the input (see
    /// ``rebuild(_:before:)``); when it cannot be, the quarantine gets the document as the
    /// failing stage left it.
    private func runStage(_ index: Int, on item: inout InFlight, waited: Bool, batch: inout StatisticsBatch) -> Bool {
        let bytesIn = item.document!.text.utf8.count
        // Between two stages on one worker, the previous stage's end is this one's start.
        let started = waited ? StageClock.now() : item.readyAt
        let wait = StageClock.elapsed(from: item.readyAt, to: started)
        let disposition: Disposition
        do {
            // In place: the document is neither moved out of the item nor copied.
            disposition = try slots[index].call._withUnsafeGuaranteedRef { try $0.process(&item.document!) }
        } catch {
            let time = Self.split(StageClock.elapsed(from: started, to: StageClock.now()))
            batch.stages[index].record(.failed, bytesIn: bytesIn, bytesOut: 0, busy: time.busy &+ item.preparedTicks,
                                       wait: wait &+ time.waited &+ item.preparedWaitTicks)
            batch.outcomes.failed += 1
            let document = rebuild(item, before: index) ?? item.document.take()
            fail(item, document: document, stage: slots[index].name, error: error, after: index)
            return false
        }
        // A large document's freed heap pages go back before the next stage maps its own.
        MemoryReturn.afterStage(documentBytes: max(bytesIn, item.document?.text.utf8.count ?? 0))
        let finished = StageClock.now()
        item.readyAt = finished
        defer {
            item.preparedTicks = 0
            item.preparedWaitTicks = 0
        }
        let time = Self.split(StageClock.elapsed(from: started, to: finished))
        switch disposition {
        case .keep:
            batch.stages[index].record(.kept, bytesIn: bytesIn, bytesOut: item.document!.text.utf8.count,
                                       busy: time.busy &+ item.preparedTicks, wait: wait &+ time.waited &+ item.preparedWaitTicks)
            return true
        case .drop(let reason):
            batch.stages[index].record(.dropped, bytesIn: bytesIn, bytesOut: 0, busy: time.busy &+ item.preparedTicks,
                                       wait: wait &+ time.waited &+ item.preparedWaitTicks)
            batch.outcomes.dropped += 1
            skipGates(after: index, sequence: item.sequence)
            let document = item.document.take()!
            complete(item.sequence, .dropped(id: document.id, source: document.source, stage: slots[index].name, reason: reason))
            return false
        }
    }

    /// Splits the ticks a stage call took into the stage's busy time and the time it reported
    /// waiting for something shared (``StageWait``), which counts as the document's wait.
    @inline(__always)
    private static func split(_ elapsed: UInt64) -> (busy: UInt64, waited: UInt64) {
        let nanoseconds = StageWait.take()
        guard nanoseconds > 0 else { return (elapsed, 0) }
        let waited = min(elapsed, UInt64(Double(nanoseconds) / StageClock.nanosecondsPerTick()))
        return (elapsed - waited, waited)
    }

    /// The document as it was in front of stage `index`, for the quarantine file of a document
    /// that failed there. Stages are functions of the document alone, so it is read again and
    /// run through the stages before `index` (those that write outputs excepted: they already
    /// wrote it and do not change it). Nil when that cannot be done: the input cannot be read
    /// again, or a stage now gives a different answer.
    private func rebuild(_ item: borrowing InFlight, before index: Int) -> Document? {
        var document: Document
        do {
            if item.replaying, let replay = item.unit.replay {
                document = try replay()
            } else {
                document = try item.unit.load()
            }
            // Waits these calls report are not the stage's next document's.
            defer { _ = StageWait.take() }
            for earlier in 0..<index where !slots[earlier].writesOutput && !item.replaying {
                guard case .keep = try calls[earlier].process(&document) else { return nil }
            }
        } catch {
            return nil
        }
        return document
    }

    private func fail(_ item: borrowing InFlight, document: Document?, stage: String, error: any Error, after index: Int) {
        skipGates(after: index, sequence: item.sequence)
        // The document's own id where there is one: a stream's unit id is only a placeholder.
        let id = (error as? InputError)?.id ?? document?.id ?? item.unit.id
        let record = FailureRecord(id: id, source: item.unit.source, stage: stage, error: StageError.describe(error))
        complete(item.sequence, .failed(record, document: document))
    }

    private func skipGates(after index: Int, sequence: Int) {
        for gateIndex in slots.indices where gateIndex > index {
            slots[gateIndex].gate?.submit(sequence, nil) { _, item in self.runOrdered(item, at: gateIndex) }
        }
    }

    private func complete(_ sequence: Int, _ outcome: consuming DocumentOutcome) {
        // Delivered on this thread (or by whichever thread holds the gate's turn), so the
        // closure need not escape: no closure context is allocated per document.
        completion.submit(sequence, outcome) { sequence, outcome in deliver(sequence, outcome) }
    }

    /// Reports a finished document (counted already, in its worker's batch); runs on
    /// whichever thread is delivering for the completion gate, one document at a time.
    private func deliver(_ sequence: Int, _ outcome: DocumentOutcome) {
        onOutcome(sequence, outcome)
        budget.release(for: sequence)
        inFlight.signal()
    }

    /// Returns once every document taken has been reported and its statistics handed over;
    /// call after the workers stopped taking. Every document holds one of the in-flight
    /// semaphore's permits from being taken until it is reported, so holding them all means
    /// none is left; they are then given back (a semaphore must end with the value it began
    /// with). A document that went through an ordered stage is reported while that stage's
    /// queue is in `orderedRuns`, which is left once its statistics are handed over.
    func waitForDeliveries() {
        for _ in 0..<runner.documentsInFlight { inFlight.wait() }
        for _ in 0..<runner.documentsInFlight { inFlight.signal() }
        orderedRuns.wait()
    }

    func progress() -> RunProgress {
        let totals = totals.withLock { $0 }
        let busiest = statistics.map(\.snapshot).max { $0.busySeconds < $1.busySeconds }
        return RunProgress(
            taken: source.withLock { $0.taken },
            completed: totals.succeeded + totals.failed + totals.dropped + totals.skipped,
            failed: totals.failed, bytesRead: bytesRead.load(ordering: .relaxed),
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
        metrics.bytesRead = bytesRead.load(ordering: .relaxed)
        metrics.wallSeconds = wall
        metrics.documentsPerSecond = wall > 0 ? Double(documents) / wall : 0
        metrics.megabytesPerSecond = wall > 0 ? Double(metrics.bytesRead) / 1_000_000 / wall : 0
        metrics.stages = statistics.map(\.snapshot)
        metrics.counters = totals.counters.dictionary
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

/// A bound on the bytes of the documents in flight: a document waits until those in flight
/// leave room for it, unless none is in flight (a document larger than the bound runs alone).
final class ByteBudget: @unchecked Sendable {
    let limit: Int
    // NSCondition is thread-safe; the two counters are only touched while it is locked.
    private let condition = NSCondition()
    private var inFlight = 0
    private var held: [Int: Int] = [:]

    init(limit: Int) { self.limit = limit }

    /// Waits for room for `bytes`, then counts them for the document `sequence`.
    func acquire(_ bytes: Int, for sequence: Int) {
        guard bytes > 0, limit < .max else { return }
        condition.lock()
        defer { condition.unlock() }
        while inFlight > 0 && inFlight > limit - bytes { condition.wait() }
        inFlight += bytes
        held[sequence] = bytes
    }

    /// Gives back the bytes of the document `sequence`.
    func release(for sequence: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard let bytes = held.removeValue(forKey: sequence) else { return }
        inFlight -= bytes
        condition.broadcast()
    }
}
