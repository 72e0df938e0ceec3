/// The slot of a 64-bit key in an open-addressing table of 2^(64 - `shift`) slots:
/// Fibonacci hashing (the key times 2^64 / φ, keeping the top bits), which spreads keys that
/// differ only in their low bits, such as packed short words. `shift` is below 64 (a table of
/// two slots or more), so the shift is a plain `&>>`, without the test for 64 or more that `>>`
/// makes.
@inlinable @inline(__always)
public func fibonacciSlot(_ key: UInt64, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
}
