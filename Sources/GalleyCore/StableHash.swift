import Foundation

/// FNV-1a 64-bit, written out in hex: a stable digest for fingerprints and collision suffixes
/// (Swift's `Hasher` is seeded per process, so it cannot be used for anything stored).
public enum StableHash {
    /// The hash of `data`; or, given the hash of some bytes as `start`, the hash of those bytes
    /// followed by `data` (so that parts are hashed without being put together).
    public static func value(of data: Data, continuing start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        // Over the raw bytes: `Data`'s iterator costs a call a byte.
        data.withUnsafeBytes { value(of: $0, continuing: start) }
    }

    /// ``value(of:continuing:)`` of bytes in memory.
    public static func value(of bytes: UnsafeRawBufferPointer, continuing start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = start
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The hex form of a hash ``value(of:continuing:)`` returned.
    public static func hex(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func hex(of data: Data, continuing start: UInt64 = 0xcbf2_9ce4_8422_2325) -> String {
        hex(value(of: data, continuing: start))
    }
}
