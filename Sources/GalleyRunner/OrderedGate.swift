import Dispatch
import Synchronization

/// Hands items to a handler one at a time in sequence order, whatever order they arrive in.
///
/// Every sequence number must arrive exactly once, as an item or as a skip (nil), or the
/// items after it wait forever; the runner guarantees that. Items are delivered on the
/// gate's own serial queue.
final class OrderedGate<Item: Sendable>: Sendable {
    private struct State {
        var next = 0
        var pending: [Int: Item?] = [:]
    }

    private let state = Mutex(State())
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Accepts `item` (or a skip, for nil) for `sequence`, and hands every item that is now
    /// next in order to `deliver`. Every caller passes the same `deliver`.
    func submit(_ sequence: Int, _ item: Item?, deliver: @escaping @Sendable (Int, Item) -> Void) {
        queue.async { [self] in
            state.withLock { $0.pending[sequence] = .some(item) }
            while let (number, entry) = takeNext() {
                if let entry { deliver(number, entry) }
            }
        }
    }

    private func takeNext() -> (Int, Item?)? {
        state.withLock { state in
            guard let entry = state.pending.removeValue(forKey: state.next) else { return nil }
            state.next += 1
            return (state.next - 1, entry)
        }
    }
}
