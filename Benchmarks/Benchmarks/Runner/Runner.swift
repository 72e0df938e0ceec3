import Benchmark
import Foundation
import GalleyCore
import GalleyRunner
import GalleyStages

// The runner's overhead: six trivial stages over 10,000 documents of 1 KB, driven by
// PipelineRunner, against the same six functions called in a plain loop. Compare the
// wall-clock rows of "plain loop" and "runner" printed by the same benchmark run.
//
// Both sides get their list of inputs ready-made and outside the measurement: the loop walks
// the prepared `corpus`, the runner a prepared list of `InputUnit`s whose `load` hands out a
// copy of the same document (as the loop's `for var document in corpus` makes one).

/// Six cheap transformations, each touching the text once.
enum Trivial {
    static func countLines(_ document: inout Document) {
        var lines = 0
        for byte in document.text.utf8 where byte == 0x0A { lines += 1 }
        document.metadata.count("bench.lines", by: lines)
    }

    static func countSpaces(_ document: inout Document) {
        var spaces = 0
        for byte in document.text.utf8 where byte == 0x20 { spaces += 1 }
        document.metadata.count("bench.spaces", by: spaces)
    }

    static func checksum(_ document: inout Document) {
        var sum: UInt64 = 0
        for byte in document.text.utf8 { sum = sum &* 31 &+ UInt64(byte) }
        document.metadata.count("bench.checksum", by: Int(sum & 0xFF))
    }

    static func guessLanguage(_ document: inout Document) {
        var nonASCII = 0
        for byte in document.text.utf8 where byte >= 0x80 { nonASCII += 1 }
        document.language = nonASCII * 3 > document.text.utf8.count ? "zh" : "en"
    }

    static func markLength(_ document: inout Document) {
        document.metadata.count("bench.bytes", by: document.text.utf8.count)
    }

    static func appendMark(_ document: inout Document) {
        document.text.append("\n")
    }

    static let all: [(String, @Sendable (inout Document) -> Void)] = [
        ("lines", countLines), ("spaces", countSpaces), ("checksum", checksum),
        ("language", guessLanguage), ("length", markLength), ("mark", appendMark),
    ]
}

struct FunctionStage: Stage {
    static let descriptor = StageDescriptor(name: "function", summary: "Calls one function.")
    let body: @Sendable (inout Document) -> Void
    init(setup: StageSetup) throws { body = { _ in } }
    init(_ body: @escaping @Sendable (inout Document) -> Void) { self.body = body }
    func process(_ document: inout Document) throws -> Disposition {
        body(&document)
        return .keep
    }
}

let documentCount = 10_000

/// 10,000 documents of about 1 KB, half Chinese, half English.
let corpus: [Document] = (0..<documentCount).map { index in
    let english = "The quick brown fox jumps over the lazy dog in paragraph \(index).\n"
    let chinese = "今年全区经济运行总体平稳，重大项目有序推进，第\(index)段。\n"
    var text = ""
    while text.utf8.count < 1000 { text += index % 2 == 0 ? english : chinese }
    return Document(id: "doc\(index)", source: "bench", text: text)
}

let stages = Trivial.all.map { PipelineStage(name: $0.0, use: "function", stage: FunctionStage($0.1)) }

func makeUnits() -> [InputUnit] {
    corpus.map { document in InputUnit(id: document.id, source: document.source) { document } }
}

/// Runs the corpus through `stages`, measuring only the run itself.
func measureRun(_ benchmark: Benchmark, stages: [PipelineStage], jobs: Int) {
    let runner = PipelineRunner(stages: stages, documentsInFlight: 64, jobs: jobs)
    let source = ListInputSource(makeUnits())
    benchmark.startMeasurement()
    let metrics = runner.run(consume source) { _, _ in }
    benchmark.stopMeasurement()
    blackHole(metrics.succeeded)
}

/// The text stages of the default pipeline, built with their defaults.
let textStages: [PipelineStage] = ["cleanup", "dehyphenate"].map { name in
    let type = BuiltinStages.catalog.type(named: name)!
    let setup = StageSetup(options: StageOptions(specs: type.descriptor.options), instanceName: name, mode: .test)
    return PipelineStage(name: name, use: name, stage: try! type.init(setup: setup))
}

func plainLoop(_ documents: ArraySlice<Document> = corpus[...]) -> Int {
    var succeeded = 0
    for var document in documents {
        for (_, function) in Trivial.all { function(&document) }
        succeeded += 1
    }
    return succeeded
}

func plainLoop(_ stages: [PipelineStage], _ documents: ArraySlice<Document> = corpus[...]) -> Int {
    var succeeded = 0
    for var document in documents {
        for stage in stages { _ = try? stage.stage.process(&document) }
        succeeded += 1
    }
    return succeeded
}

/// The process's CPU time in seconds (all threads: the runner works on Dispatch's threads).
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Wall-clock and CPU seconds of `body`.
func measured(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let wall = monotonicSeconds(), cpu = processCPUSeconds()
    body()
    return (monotonicSeconds() - wall, processCPUSeconds() - cpu)
}

let wallRatio = BenchmarkMetric.custom("runner / loop x1000 (wall clock)", useScalingFactor: false)
let cpuRatio = BenchmarkMetric.custom("runner / loop x1000 (CPU time)", useScalingFactor: false)

/// The runner's time over the plain loop's, ×1000. The machine's speed drifts over seconds (a
/// shared virtual machine), so the two sides alternate on slices of 2,500 documents — loop
/// then runner on one slice, runner then loop on the next — and the times are summed over the
/// whole corpus: a drift weighs on both sides alike. Each runner slice is a whole run (its
/// setup included). One sample per iteration; read the medians. Wall clock is the figure that
/// matters; CPU time (all threads of the process) is steadier when other work shares the
/// machine, and the two agree on a quiet one. On a virtual machine whose cores run at different
/// speeds, pin the process to one core (`taskset -c 0 .build/release/Runner --filter ratio`), or
/// the loop and the runner's worker thread may land on different ones.
func pairedRatio(_ benchmark: Benchmark, stages: [PipelineStage], sliceSize: Int = 2500,
                 loop: (ArraySlice<Document>) -> Int) {
    let units = makeUnits()
    var loopTime = (wall: 0.0, cpu: 0.0), runTime = (wall: 0.0, cpu: 0.0)
    for (number, start) in stride(from: 0, to: corpus.count, by: sliceSize).enumerated() {
        let slice = start..<min(start + sliceSize, corpus.count)
        let runner = PipelineRunner(stages: stages, documentsInFlight: 64, jobs: 1)
        // Handed to the run (consumed), so that taking a unit out never copies the list.
        var source: ListInputSource? = ListInputSource(Array(units[slice]))
        func timeLoop() {
            let time = measured { blackHole(loop(corpus[slice])) }
            loopTime.wall += time.wall
            loopTime.cpu += time.cpu
        }
        func timeRun() {
            let time = measured { blackHole(runner.run(source.take()!) { _, _ in }.succeeded) }
            runTime.wall += time.wall
            runTime.cpu += time.cpu
        }
        if number % 2 == 0 {
            timeLoop()
            timeRun()
        } else {
            timeRun()
            timeLoop()
        }
    }
    benchmark.measurement(wallRatio, Int((runTime.wall / loopTime.wall * 1000).rounded()))
    benchmark.measurement(cpuRatio, Int((runTime.cpu / loopTime.cpu * 1000).rounded()))
}

func ratioConfiguration() -> Benchmark.Configuration {
    .init(metrics: [wallRatio, cpuRatio], maxDuration: .seconds(30), maxIterations: 21)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
                                           maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("plain loop: 6 functions x 10,000 docs") { benchmark in
        blackHole(plainLoop())
    }

    Benchmark("plain loop on a Dispatch worker thread: 6 functions x 10,000 docs") { benchmark in
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            blackHole(plainLoop())
            done.signal()
        }
        done.wait()
    }

    // The figure to report: the ratio of the runner (jobs=1) to the plain loop, paired.
    Benchmark("ratio runner jobs=1 / plain loop: 6 functions x 10,000 docs", configuration: ratioConfiguration()) { benchmark in
        pairedRatio(benchmark, stages: stages) { plainLoop($0) }
    }

    Benchmark("ratio runner jobs=1 / plain loop: cleanup + dehyphenate x 10,000 docs",
              configuration: ratioConfiguration()) { benchmark in
        pairedRatio(benchmark, stages: textStages) { plainLoop(textStages, $0) }
    }

    Benchmark("runner jobs=1: 6 stages x 10,000 docs") { benchmark in
        measureRun(benchmark, stages: stages, jobs: 1)
    }

    Benchmark("runner jobs=1: no stages x 10,000 docs (the fixed cost of a document)") { benchmark in
        measureRun(benchmark, stages: [], jobs: 1)
    }

    Benchmark("runner jobs=1: 6 no-op stages x 10,000 docs (the bookkeeping of a stage)") { benchmark in
        let noOps = (0..<6).map { PipelineStage(name: "noop\($0)", use: "function", stage: FunctionStage { _ in }) }
        measureRun(benchmark, stages: noOps, jobs: 1)
    }

    Benchmark("runner jobs=1: 6 stages, 1,000 runs of no document (the setup of a run)") { benchmark in
        for _ in 0..<1000 {
            let runner = PipelineRunner(stages: stages, documentsInFlight: 64, jobs: 1)
            blackHole(runner.run(ListInputSource([])) { _, _ in }.succeeded)
        }
    }

    Benchmark("runner jobs=2: 6 stages x 10,000 docs") { benchmark in
        measureRun(benchmark, stages: stages, jobs: 2)
    }

    // The same comparison with real stages: the overhead relative to work that matters.
    Benchmark("plain loop: cleanup + dehyphenate x 10,000 docs") { benchmark in
        blackHole(plainLoop(textStages))
    }

    Benchmark("runner jobs=1: cleanup + dehyphenate x 10,000 docs") { benchmark in
        measureRun(benchmark, stages: textStages, jobs: 1)
    }
}
