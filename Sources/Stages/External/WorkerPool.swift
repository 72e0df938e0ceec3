import Foundation
import GalleyCore
import Logging
import Synchronization

/// How to start a plugin: argv, environment and folder, resolved once.
struct PluginCommand: Sendable {
    /// The plugin's name in logs and messages (the stage's instance name).
    var name: String
    /// Absolute path of the program.
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var directory: String
}

/// A fixed number of long-lived plugin processes, each serving one document at a time.
///
/// Each process answers a probe document when it is started with the stage (see
/// ``PluginWorker/probe(deadline:timeout:)``).
///
/// A document takes an idle worker (waiting while all are busy), sends itself and waits for
/// the answer until the timeout. A worker that crashes, hangs past the timeout or answers
/// garbage is killed, the document fails with that reason, and the slot starts a fresh
/// process for the next document. Waiting for a worker is bounded too: every busy worker
/// gives its slot back by its own timeout.
final class WorkerPool: Sendable {
    let command: PluginCommand
    let timeoutNanoseconds: UInt64
    let logger: Logger
    private let available: DispatchSemaphore
    /// Idle slots; nil is a slot whose process must be (re)started.
    private let idle: Mutex<[PluginWorker?]>
    private let closed = Atomic<Bool>(false)

    let maxAnswerBytes: Int

    init(command: PluginCommand, workers: Int, timeout: Double, maxAnswerBytes: Int = 64 << 20, logger: Logger) throws {
        self.command = command
        self.timeoutNanoseconds = UInt64(timeout * 1e9)
        self.maxAnswerBytes = maxAnswerBytes
        self.logger = logger
        available = DispatchSemaphore(value: workers)
        var started: [PluginWorker?] = []
        do {
            // Every worker answers a probe before the run starts, so that a plugin that cannot
            // start is a configuration error (`galley validate`, exit 2) rather than a failure
            // of every document.
            for _ in 0..<workers {
                let worker = try PluginWorker.start(command, logger: logger)
                started.append(worker)
                try worker.probe(deadline: DispatchTime.now().uptimeNanoseconds + timeoutNanoseconds,
                                 timeout: timeout)
            }
        } catch {
            for worker in started { worker?.process.kill() }
            throw error
        }
        idle = Mutex(started)
    }

    deinit { shutdown() }

    /// Runs `document` through one worker.
    func process(_ document: inout Document) throws -> Disposition {
        // Time spent here waiting for a free worker is the document's wait, not plugin time:
        // without this, a document behind a worker that times out would be charged both
        // timeouts.
        let queued = DispatchTime.now().uptimeNanoseconds
        available.wait()
        StageWait.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - queued)
        defer { available.signal() }
        let slot = idle.withLock { $0.popLast() } ?? nil
        var worker: PluginWorker
        if let slot, let status = slot.process.exitStatus() {
            // It ended between documents (some plugins exit after a number of documents):
            // nothing was in flight, so start another without failing anything.
            logger.warning("plugin '\(command.name)' \(status) while idle; restarting it", metadata: ["plugin": "\(command.name)"])
            slot.process.kill()
            do {
                worker = try PluginWorker.start(command, logger: logger)
            } catch {
                idle.withLock { $0.append(nil) }
                throw error
            }
        } else if let slot {
            worker = slot
        } else {
            do {
                worker = try PluginWorker.start(command, logger: logger)
            } catch {
                idle.withLock { $0.append(nil) }
                throw error
            }
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + timeoutNanoseconds
        do {
            let answer = try worker.exchange(document, deadline: deadline, maxAnswerBytes: maxAnswerBytes)
            idle.withLock { $0.append(worker) }
            switch answer {
            case .document(let changed):
                document = changed
                return .keep
            case .drop(let reason):
                return .drop(reason: reason)
            }
        } catch .answered(let message) {
            idle.withLock { $0.append(worker) }
            throw StageError(message)
        } catch .broken(let message) {
            worker.process.kill()
            idle.withLock { $0.append(nil) }
            logger.warning("\(message); restarting it", metadata: ["plugin": "\(command.name)"])
            throw StageError(message)
        }
    }

    /// Closes every idle worker's input at once and gives them together 2 seconds to exit,
    /// then kills those left, and lets their standard error reach the log. Called when the run finishes and when the stage is released.
    func shutdown() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let workers = idle.withLock { workers in
            defer { workers = [] }
            return workers
        }
        let stopped = workers.compactMap { $0 }
        ChildProcess.stop(stopped.map(\.process), grace: 2)
        // What the plugins wrote to standard error before they exited goes into the log before
        // the run's summary: wait (together, at most a second) for their readers to reach its end.
        let deadline = DispatchTime.now() + 1
        for worker in stopped { worker.errors.waitForEnd(until: deadline) }
    }
}
