import CGalleyClock
import Foundation
import Testing
@testable import GalleyRunner

@Suite struct StageClockTests {
    /// Ticks converted to nanoseconds agree with `CLOCK_MONOTONIC` over the same interval: a
    /// check of the conversion, not of how long anything takes.
    @Test func ticksBecomeTheNanosecondsTheMonotonicClockCounts() {
        StageClock.prepare()
        let ticks = StageClock.now(), nanoseconds = galley_monotonic_nanoseconds()
        usleep(20_000)
        let elapsedTicks = StageClock.elapsed(from: ticks, to: StageClock.now())
        let elapsedNanoseconds = galley_monotonic_nanoseconds() - nanoseconds
        let converted = Double(elapsedTicks) * StageClock.nanosecondsPerTick()
        #expect(abs(converted - Double(elapsedNanoseconds)) < 0.05 * Double(elapsedNanoseconds),
                "\(converted) ns from ticks, \(elapsedNanoseconds) ns by the monotonic clock")
    }

    @Test func anEndBeforeItsStartIsNoTimeAtAll() {
        #expect(StageClock.elapsed(from: 100, to: 40) == 0)
        #expect(StageClock.elapsed(from: 40, to: 100) == 60)
    }
}
