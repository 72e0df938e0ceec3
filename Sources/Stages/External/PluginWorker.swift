import Foundation
import GalleyCore
import Logging
import Synchronization

/// Why an exchange with a plugin worker failed.
enum PluginFailure: Error, Sendable {
    /// The worker is unusable (crashed, hung or out of step): kill it and start another.
    case broken(String)
    /// The worker answered `{"id": …, "error": …}` or an unusable document; it stays.
    case answered(String)

    var message: String {
        switch self {
        case .broken(let message), .answered(let message): message
        }
    }
}

/// One long-lived plugin process, used by one document at a time.
///
/// Its only state is the process's integers, so it is `Sendable`; the pool hands a worker to
/// one document at a time.
struct PluginWorker: Sendable {
    let process: ChildProcess
    let plugin: String
    /// The last lines the plugin wrote to standard error.
    let errors: StderrTail

    /// The id of the probe document every worker answers when it starts.
    static let probeID = "galley:probe"

    /// Starts the plugin and a thread that copies its standard error, line by line, into the log.
    static func start(_ command: PluginCommand, logger: Logger) throws -> PluginWorker {
        let process = try ChildProcess.spawn(executable: command.executable, arguments: command.arguments,
                                             environment: command.environment, directory: command.directory)
        let tail = StderrTail()
        let worker = PluginWorker(process: process, plugin: command.name, errors: tail)
        let errors = process.errors, plugin = command.name, pid = process.pid
        let thread = Thread {
            StderrLogger.copy(from: errors, plugin: plugin, pid: pid, logger: logger, tail: tail)
        }
        thread.name = "galley.plugin.\(plugin).stderr"
        thread.start()
        return worker
    }

    /// Sends the probe, a document with id `galley:probe` and empty text, and waits for an answer
    /// with that id until `deadline` (uptime nanoseconds): a changed document, a drop or an error
    /// all show that the plugin started and speaks the protocol. Otherwise throws a message
    /// with what went wrong and the plugin's own standard error.
    func probe(deadline: UInt64, timeout: Double) throws {
        let probe = Document(id: Self.probeID, source: Self.probeID, text: "")
        do {
            _ = try exchange(probe, deadline: deadline)
        } catch .answered {
            return
        } catch .broken(let message) {
            // A plugin that exited has closed its standard error too; give the reader a moment.
            let lines = errors.lines(waitingUpTo: 1)
            let prefix = "plugin '\(plugin)' "
            let reason = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
            var text = "plugin '\(plugin)' failed its start-up probe (a document with id '\(Self.probeID)' and empty text, to be answered within the timeout of \(timeout.formatted()) s): it \(reason)"
            if lines.isEmpty {
                text += "; it wrote nothing on standard error"
            } else {
                text += "; its standard error:\n" + lines.map { "    " + $0 }.joined(separator: "\n")
            }
            throw StageError(text)
        }
    }

    /// Sends `document`, waits for its answer until `deadline` (uptime nanoseconds).
    /// An answer line longer than `maxAnswerBytes` breaks the worker.
    func exchange(_ document: Document, deadline: UInt64, maxAnswerBytes: Int = 64 << 20) throws(PluginFailure) -> PluginAnswer {
        var request = GalleyJSON.line(document)
        request.append(0x0A)
        try write(request, deadline: deadline)
        let line = try readLine(deadline: deadline, maxBytes: maxAnswerBytes)
        return try PluginAnswer.parse(line, expectedID: document.id, plugin: plugin)
    }

    private func write(_ data: Data, deadline: UInt64) throws(PluginFailure) {
        var offset = 0
        while offset < data.count {
            try wait(for: process.input, events: Int16(POLLOUT), deadline: deadline, doing: "reading its input")
            let written = data.withUnsafeBytes { buffer in
                Glibc.write(process.input, buffer.baseAddress! + offset, data.count - offset)
            }
            if written < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw .broken(died(while: "reading its input"))
            }
            offset += written
        }
    }

    private func readLine(deadline: UInt64, maxBytes: Int) throws(PluginFailure) -> Data {
        var line = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            try wait(for: process.output, events: Int16(POLLIN), deadline: deadline, doing: "answering")
            let count = chunk.withUnsafeMutableBytes { Glibc.read(process.output, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw .broken(died(while: "answering"))
            }
            if count == 0 { throw .broken(died(while: "answering")) }
            let newline = chunk[0..<count].firstIndex(of: 0x0A)
            if line.count + (newline ?? count) > maxBytes {
                throw .broken("plugin '\(plugin)' answered a line longer than max_answer_bytes (\(maxBytes) bytes); raise max_answer_bytes if its documents are that large")
            }
            if let newline {
                line.append(contentsOf: chunk[0..<newline])
                if newline + 1 < count {
                    throw .broken("plugin '\(plugin)' wrote more than one line for one document")
                }
                return line
            }
            line.append(contentsOf: chunk[0..<count])
        }
    }

    /// Waits until `fd` is ready, in slices, checking that the plugin is alive.
    private func wait(for fd: Int32, events: Int16, deadline: UInt64, doing activity: String) throws(PluginFailure) {
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                throw .broken("plugin '\(plugin)' timed out \(activity) (a plugin must answer each line with one line and flush its output at once, as print(answer, flush=True) does; a slow plugin needs a larger 'timeout')")
            }
            let slice = Int32(min(200, max(1, (deadline - now) / 1_000_000)))
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, slice)
            if ready > 0 {
                if descriptor.revents & events != 0 { return }
                // POLLHUP or POLLERR alone: the other end is closed.
                throw .broken(died(while: activity))
            }
            if ready < 0 && errno != EINTR { throw .broken("plugin '\(plugin)': poll failed: \(String(cString: strerror(errno)))") }
            if let status = process.exitStatus() {
                throw .broken("plugin '\(plugin)' \(status) while \(activity)")
            }
        }
    }

    private func died(while activity: String) -> String {
        let status = process.exitStatus(waitingUpTo: 1) ?? "closed its pipes"
        return "plugin '\(plugin)' \(status) while \(activity)"
    }
}

/// Copies a plugin's standard error into Galley's log, one warning per line, under the
/// plugin's name.
enum StderrLogger {
    static func copy(from fd: Int32, plugin: String, pid: pid_t, logger: Logger, tail: StderrTail) {
        defer {
            close(fd)
            tail.end()
        }
        var pending = Data()
        var chunk = [UInt8](repeating: 0, count: 8_192)
        func emit(_ bytes: Data) {
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            guard !text.isEmpty else { return }
            tail.append(text)
            logger.warning("\(plugin): \(text)", metadata: ["plugin": "\(plugin)", "pid": "\(pid)"])
        }
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                emit(pending[pending.startIndex..<newline])
                pending = Data(pending[(newline + 1)...])
            }
            if pending.count > 65_536 {
                emit(pending)
                pending = Data()
            }
        }
        if !pending.isEmpty { emit(pending) }
    }
}

/// The last lines a plugin wrote to standard error, for the message about a plugin that failed
/// its start-up probe, and whether standard error has ended.
final class StderrTail: Sendable {
    static let kept = 20
    private let kept = Mutex<[String]>([])
    private let ended = DispatchSemaphore(value: 0)

    func append(_ line: String) {
        kept.withLock { lines in
            lines.append(line)
            if lines.count > Self.kept { lines.removeFirst() }
        }
    }

    /// Called once, when standard error reaches its end.
    func end() { ended.signal() }

    /// Waits until standard error has ended (every line of it logged), or until `deadline`.
    func waitForEnd(until deadline: DispatchTime) {
        if ended.wait(timeout: deadline) == .success { ended.signal() }
    }

    /// The lines so far, after waiting up to `seconds` for standard error to end.
    func lines(waitingUpTo seconds: Double) -> [String] {
        if ended.wait(timeout: .now() + seconds) == .success { ended.signal() }
        return kept.withLock { $0 }
    }
}
