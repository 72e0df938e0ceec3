import Dispatch
import Foundation
import GalleyCore
import Logging
import Synchronization

/// SIGINT and SIGTERM while Galley holds plugin processes but no run of its own is taking
/// signals: while the stages start (plugins answer their probe, dictionaries are read) and for
/// the whole of `galley stream` and `galley validate`. Nothing has been written to an output
/// folder then, so Galley stops every plugin process it started and exits with 128 + the signal,
/// instead of dying and leaving the plugins to PID 1.
final class PluginSignals {
    private let sources: [any DispatchSourceSignal]
    /// The signal being handled, 0 before one came.
    private final class Received: Sendable {
        let number = Atomic<Int32>(0)
    }
    private let received = Received()

    init(logger: Logger) {
        let queue = DispatchQueue(label: "galley.plugin-signals")
        let received = received
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                received.number.store(number, ordering: .sequentiallyConsistent)
                logger.notice("\(number == SIGINT ? "SIGINT" : "SIGTERM"): stopping the plugins and exiting")
                ChildProcesses.killAll()
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Called where a failure may only be the plugins this handler is stopping (a start-up
    /// probe that lost its plugin): once a signal came, waits for the handler's exit, so that
    /// the exit status is the signal's and not a configuration error's.
    func waitIfStopping() {
        guard received.number.load(ordering: .sequentiallyConsistent) != 0 else { return }
        while true { pause() }
    }

    /// Hands the signals over to a handler installed before this is called (a run's own).
    func end() {
        for source in sources { source.cancel() }
    }
}
