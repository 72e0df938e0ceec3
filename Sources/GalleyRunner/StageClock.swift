import CGalleyClock
import Foundation

/// The clock the runner times stages with: read about seven times per document, so it has to
/// be cheap.
///
/// Where the Linux kernel itself keeps time with the processor's time-stamp counter (its clock
/// source is `tsc`, which it chooses only when the counter ticks at a constant rate and agrees
/// between cores), the runner reads that counter directly: about half the cost of
/// `clock_gettime`, which reads the same counter and then scales it. Elsewhere it reads
/// `CLOCK_MONOTONIC`, and a tick is a nanosecond.
///
/// Ticks become nanoseconds at a rate measured against `CLOCK_MONOTONIC` from the first reading
/// in the process to the latest conversion, so the rate gets closer the longer the process runs.
enum StageClock {
    /// Whether ticks are the processor's counter rather than nanoseconds.
    static let countsCycles: Bool = {
        guard galley_has_cycle_counter() != 0 else { return false }
        let path = "/sys/devices/system/clocksource/clocksource0/current_clocksource"
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return source.trimmingCharacters(in: .whitespacesAndNewlines) == "tsc"
    }()

    /// The first reading of both clocks, for the rate; taken over at least a millisecond so that
    /// a conversion right after it is already close.
    private static let origin: (ticks: UInt64, nanoseconds: UInt64, nanosecondsPerTick: Double) = {
        let ticks = galley_cycle_counter(), nanoseconds = galley_monotonic_nanoseconds()
        guard countsCycles else { return (ticks, nanoseconds, 1) }
        var laterTicks = ticks, laterNanoseconds = nanoseconds
        while laterNanoseconds &- nanoseconds < 1_000_000 || laterTicks <= ticks {
            laterTicks = galley_cycle_counter()
            laterNanoseconds = galley_monotonic_nanoseconds()
        }
        return (ticks, nanoseconds, Double(laterNanoseconds &- nanoseconds) / Double(laterTicks &- ticks))
    }()

    /// Now, in ticks.
    @inline(__always)
    static func now() -> UInt64 {
        countsCycles ? galley_cycle_counter() : galley_monotonic_nanoseconds()
    }

    /// Ticks from `start` to `end`; 0 should `end` be earlier (two threads' readings).
    @inline(__always)
    static func elapsed(from start: UInt64, to end: UInt64) -> UInt64 {
        end > start ? end &- start : 0
    }

    /// Nanoseconds per tick, as measured so far in this process.
    static func nanosecondsPerTick() -> Double {
        guard countsCycles else { return 1 }
        let origin = origin
        let ticks = galley_cycle_counter(), nanoseconds = galley_monotonic_nanoseconds()
        guard nanoseconds &- origin.nanoseconds > 10_000_000, ticks > origin.ticks else { return origin.nanosecondsPerTick }
        return Double(nanoseconds &- origin.nanoseconds) / Double(ticks &- origin.ticks)
    }

    /// Starts the rate's measurement, if no reading has yet; call before the first `now()`.
    static func prepare() { _ = origin }
}
