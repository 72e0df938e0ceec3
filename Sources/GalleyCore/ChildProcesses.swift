import Foundation
import Synchronization

/// The process groups of every child program Galley has running (plugin workers), so that a
/// process about to exit in a hurry (a second signal, a grace period that ran out) can take
/// them with it instead of leaving them re-parented to PID 1.
public enum ChildProcesses {
    private static let groups = Mutex<Set<pid_t>>([])

    /// Records a child that leads its own process group.
    public static func register(_ pid: pid_t) {
        _ = groups.withLock { $0.insert(pid) }
    }

    /// Forgets a child once it has been reaped.
    public static func unregister(_ pid: pid_t) {
        _ = groups.withLock { $0.remove(pid) }
    }

    /// The children running now.
    public static var running: [pid_t] { groups.withLock { Array($0) } }

    /// Kills every registered child and everything it started (SIGKILL to each process group).
    /// For the moment before `exit`: nothing is reaped, the exit does that.
    public static func killAll() {
        for pid in running {
            _ = kill(-pid, SIGKILL)
            _ = kill(pid, SIGKILL)
        }
    }

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
