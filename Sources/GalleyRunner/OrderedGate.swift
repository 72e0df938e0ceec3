import Synchronization

/// Hands items to a consumer one at a time in sequence order, whatever order they arrive in.
///
/// Every sequence number must arrive exactly once, as an item or as a skip (nil), or the
/// items after it wait forever; the runner guarantees that.
///
/// Items are delivered on the submitting threads: whoever submits the next item in order
/// delivers it and every item that was waiting behind it, while the others return at once. No
/// thread of the gate's own, so no thread hop and no wake-up per item, and a run with one job
/// runs on one thread.
final class OrderedGate<Item: Sendable>: Sendable {
    private struct State {
        var next = 0
        var pending: [Int: Item?] = [:]
        var delivering = false
    }

    private let state = Mutex(State())

    init() {}

    /// Accepts `item` (or a skip, for nil) for `sequence`, and, unless another thread is
    /// delivering, hands every item that is now next in order to `deliver` before returning.
    /// Every caller passes a `deliver` that does the same thing (the thread whose turn it is
    /// delivers the items others left waiting).
    func submit(_ sequence: Int, _ item: consuming Item?, deliver: (Int, Item) -> Void) {
        // The usual case: the item is the next one and nobody is delivering, so it goes
        // straight through without being parked, and is moved, never copied (a copy of a
        // document is a reference count operation per field).
        let direct = state.withLock { state -> Bool in
            guard !state.delivering, sequence == state.next else { return false }
            state.delivering = true
            state.next += 1
            return true
        }
        if direct {
            if case .some(let item) = consume item { deliver(sequence, item) }
        } else {
            var parked = Optional(item)
            let deliversNow = state.withLock { state -> Bool in
                state.pending[sequence] = parked.take()!
                guard !state.delivering else { return false }
                state.delivering = true
                return true
            }
            guard deliversNow else { return }
        }
        while let (number, entry) = takeNext(stopDelivering: true) {
            if let entry { deliver(number, entry) }
        }
    }

    /// The next item in order, if it has arrived. With `stopDelivering`, finding none also
    /// ends this thread's turn as deliverer, in the same critical section, so that no item
    /// is left behind.
    private func takeNext(stopDelivering: Bool) -> (Int, Item?)? {
        state.withLock { state in
            guard !state.pending.isEmpty, let entry = state.pending.removeValue(forKey: state.next) else {
                if stopDelivering { state.delivering = false }
                return nil
            }
            state.next += 1
            return (state.next - 1, entry)
        }
    }
}
