import CGalleyClock
import Foundation
import Testing

@Suite struct CycleCounterTests {
    @Test func theMonotonicClockNeverGoesBackAndAdvancesOverASleep() {
        var previous = galley_monotonic_nanoseconds()
        for _ in 0..<10_000 {
            let now = galley_monotonic_nanoseconds()
            #expect(now >= previous)
            previous = now
        }
        let before = galley_monotonic_nanoseconds()
        usleep(2_000)
        #expect(galley_monotonic_nanoseconds() - before >= 2_000_000)
    }

    @Test func theCycleCounterAdvancesWhereThereIsOne() {
        guard galley_has_cycle_counter() != 0 else {
            #expect(galley_cycle_counter() == 0)
            return
        }
        let before = galley_cycle_counter()
        usleep(1_000)
        #expect(galley_cycle_counter() > before)
    }
}
