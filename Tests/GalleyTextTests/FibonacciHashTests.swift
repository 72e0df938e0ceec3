import GalleyText
import Testing

@Suite struct FibonacciHashTests {
    /// `fibonacciSlot` shifts with `&>>`; for every shift a table can have (below 64) that is the
    /// top bits of the product, as `>>` takes them, and a slot inside the table.
    @Test func slotIsTheTopBitsOfTheProductForEveryTableSize() {
        var key: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<1_000 {
            key = key &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for shift in UInt64(0)..<64 {
                let slot = fibonacciSlot(key, shift: shift)
                #expect(UInt64(truncatingIfNeeded: slot) == (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                if shift > 0 { #expect(slot >= 0 && UInt64(slot) < UInt64(1) << (64 - shift)) }
            }
        }
    }

    /// Keys that differ only in their low bits (packed short words) spread over the table.
    @Test func keysDifferingInLowBitsSpread() {
        let shift: UInt64 = 64 - 10
        let slots = Set((UInt64(0)..<512).map { fibonacciSlot($0, shift: shift) })
        #expect(slots.count > 400)
    }
}
