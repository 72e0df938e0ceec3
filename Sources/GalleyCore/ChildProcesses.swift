import Foundation
import Synchronization

/// The process groups of every child program Galley has running (plugin workers), so that a
/// process about to exit in a hurry (a second signal, a grace period that ran out) can take
/// them with it instead of leaving them re-parented to PID 1.
public enum ChildProcesses {
    /// The registry of this process's plugin children.
    public static let registry = ChildProcessRegistry()

    /// Starts and records a child in ``registry`` (see ``ChildProcessRegistry/start(_:)``).
    public static func start(_ spawn: () throws -> pid_t?) throws -> pid_t? { try registry.start(spawn) }

    /// Forgets a child once it has been reaped.
    public static func unregister(_ pid: pid_t) { registry.unregister(pid) }

    /// The children running now.
    public static var running: [pid_t] { registry.running }

    /// Kills every child of ``registry`` (see ``ChildProcessRegistry/killAll()``).
    public static func killAll() { registry.killAll() }

    /// Marks every inherited file descriptor above standard error close-on-exec, so that the
    /// programs Galley starts get only the pipes meant for them: a descriptor inherited from
    /// Galley's parent (such as the pipe its parent watches to see it exit) must not be held
    /// open by a plugin.
    public static func closeInheritedDescriptorsOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}

/// Child processes (plugin workers), each leading its own process group, recorded so that a
/// process about to exit in a hurry can take them with it.
public final class ChildProcessRegistry: Sendable {
    private struct State {
        var groups: Set<pid_t> = []
        /// Children being started now: `start` has been entered and has not registered them yet.
        var starting = 0
        /// Set by `killAll`: no child may start any more, and one that was being started is killed.
        var stopping = false
    }
    private let state = Mutex(State())

    public init() {}

    /// Starts a child with `spawn` (which returns its process id, or nil when it could not start
    /// it) and records it, so that `killAll` never misses a child started while it runs: a child
    /// that finishes starting after `killAll` took its list is killed here, and once `killAll` has
    /// run no child starts at all (`StageError`).
    public func start(_ spawn: () throws -> pid_t?) throws -> pid_t? {
        let allowed = state.withLock { state in
            guard !state.stopping else { return false }
            state.starting += 1
            return true
        }
        guard allowed else { throw StageError("Galley is stopping: no plugin process starts any more") }
        let pid: pid_t?
        do {
            pid = try spawn()
        } catch {
            state.withLock { $0.starting -= 1 }
            throw error
        }
        let kept = state.withLock { state in
            state.starting -= 1
            guard let pid, !state.stopping else { return false }
            state.groups.insert(pid)
            return true
        }
        if let pid, !kept {
            _ = kill(-pid, SIGKILL)
            _ = kill(pid, SIGKILL)
        }
        return pid
    }

    /// Whether ``killAll()`` has run: no child starts any more.
    public var isStopping: Bool { state.withLock { $0.stopping } }

    /// Forgets a child once it has been reaped.
    public func unregister(_ pid: pid_t) {
        _ = state.withLock { $0.groups.remove(pid) }
    }

    /// The children running now.
    public var running: [pid_t] { state.withLock { Array($0.groups) } }

    /// Kills every registered child and everything it started (SIGKILL to each process group),
    /// and every child still being started (waiting up to a second for those). For the moment
    /// before `exit`: nothing is reaped, the exit does that.
    public func killAll() {
        let pids = state.withLock { state in
            state.stopping = true
            return Array(state.groups)
        }
        for pid in pids {
            _ = kill(-pid, SIGKILL)
            _ = kill(pid, SIGKILL)
        }
        for _ in 0..<1000 where state.withLock({ $0.starting }) > 0 {
            usleep(1000)
        }
    }
}
