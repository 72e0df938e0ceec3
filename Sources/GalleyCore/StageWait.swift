#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Time a stage spent waiting for something shared rather than working on the document: a
/// free plugin worker, say, while another document holds it.
///
/// A stage records such waits with ``record(nanoseconds:)`` from inside `process`; the runner
/// takes them after the call (``take()``) and counts them as time the document waited in front
/// of the stage, not as the stage's busy time or the document's latency in it. Without this, a
/// document queued behind a plugin worker that is timing out would be charged the other
/// document's timeout too, and the busy seconds of all threads would add up to more than the
/// run. The total is kept per thread, so that concurrent documents do not mix.
public enum StageWait {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left for StageWait")
        return key
    }()

    /// Adds `nanoseconds` of waiting to the current thread's total.
    public static func record(nanoseconds: UInt64) {
        let total = UInt(bitPattern: pthread_getspecific(key)) &+ UInt(nanoseconds)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: total))
    }

    /// The current thread's total since the last call, in nanoseconds; resets it to zero.
    @inline(__always)
    public static func take() -> UInt64 {
        let total = UInt(bitPattern: pthread_getspecific(key))
        if total != 0 { pthread_setspecific(key, nil) }
        return UInt64(total)
    }
}
