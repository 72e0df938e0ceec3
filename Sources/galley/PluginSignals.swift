import Dispatch
import Foundation
import GalleyCore
import Logging

/// SIGINT and SIGTERM while Galley holds plugin processes but no run of its own is taking
/// signals: while the stages start (plugins answer their probe, dictionaries are read) and for
/// the whole of `galley stream` and `galley validate`. Nothing has been written to an output
/// folder then, so Galley stops every plugin process it started and exits with 128 + the signal,
/// instead of dying and leaving the plugins to PID 1.
final class PluginSignals {
    private let sources: [any DispatchSourceSignal]

    init(logger: Logger) {
        let queue = DispatchQueue(label: "galley.plugin-signals")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                logger.notice("\(number == SIGINT ? "SIGINT" : "SIGTERM"): stopping the plugins and exiting")
                ChildProcesses.killAll()
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Hands the signals over to a handler installed before this is called (a run's own).
    func end() {
        for source in sources { source.cancel() }
    }
}
