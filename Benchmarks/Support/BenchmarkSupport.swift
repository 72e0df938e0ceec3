import Benchmark
import Foundation
import GalleyCore
import GalleyStages

// What the stage benchmarks share: making a built-in stage with its default options, and
// measuring a pass over a corpus as MB/s by the wall clock and by the thread's CPU time.

/// The built-in stage `name` with its default options, set up as `galley test` sets stages up.
public func makeStage(_ name: String) -> any Stage {
    guard let type = BuiltinStages.catalog.type(named: name) else { fatalError("no stage \(name)") }
    let setup = StageSetup(options: StageOptions(specs: type.descriptor.options), instanceName: name, mode: .test)
    do { return try type.init(setup: setup) } catch { fatalError("\(name): \(error)") }
}

/// Corpus megabytes over wall-clock seconds.
public let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
/// MB/s over the CPU time of the thread that did the work: on a machine shared with other jobs
/// this stays put while the wall-clock figure drops with the load.
public let megabytesPerCPUSecond = BenchmarkMetric.custom("MB/s (CPU)", polarity: .prefersLarger, useScalingFactor: false)

/// CPU time of the calling thread, in nanoseconds.
public func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Runs `body` over a corpus of `bytes` bytes and records MB/s, by the wall clock and by CPU time.
public func measureThroughput(_ benchmark: Benchmark, bytes: Int, _ body: () -> Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = threadCPUNanoseconds()
    blackHole(body())
    let cpuSeconds = Double(threadCPUNanoseconds() - cpuStart) / 1e9
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / 1e6 / seconds))
    benchmark.measurement(megabytesPerCPUSecond, Int(Double(bytes) / 1e6 / max(cpuSeconds, 1e-9)))
}
