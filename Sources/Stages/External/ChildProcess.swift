import Foundation
import GalleyCore

/// A running plugin program with pipes to its standard input, output and error.
///
/// Spawned with `posix_spawn` in a process group of its own (so that killing it also kills
/// anything it started), with SIGPIPE reset to its default and no signals blocked. Our ends
/// of the pipes are close-on-exec, so no other child inherits them and a plugin's death is
/// seen as end of file at once. Only integers are kept, so the value is `Sendable`.
struct ChildProcess: Sendable {
    let pid: pid_t
    /// Our end of the plugin's standard input (non-blocking).
    let input: Int32
    /// Our end of the plugin's standard output (non-blocking).
    let output: Int32
    /// Our end of the plugin's standard error (blocking; read by the stderr logger thread).
    let errors: Int32

    /// Starts `executable` with `arguments` (argv[1…]) in `directory`.
    static func spawn(executable: String, arguments: [String], environment: [String: String],
                      directory: String) throws -> ChildProcess {
        let stdinPipe = try makePipe(), stdoutPipe = try makePipe(), stderrPipe = try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2)
        guard let addChdir = GNUFunctions.addChdir else {
            throw StageError("this C library cannot start a program in another folder (posix_spawn_file_actions_addchdir_np is missing; glibc 2.29 or later has it)")
        }
        _ = addChdir(&actions, directory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGXFSZ)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var status: Int32 = 0
        let started: pid_t?
        do {
            started = try ChildProcesses.start {
                var pid: pid_t = 0
                status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
                return status == 0 ? pid : nil
            }
        } catch {
            for fd in [stdinPipe.read, stdoutPipe.write, stderrPipe.write, stdinPipe.write, stdoutPipe.read, stderrPipe.read] { close(fd) }
            throw error
        }
        for fd in [stdinPipe.read, stdoutPipe.write, stderrPipe.write] { close(fd) }
        guard let pid = started else {
            for fd in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] { close(fd) }
            throw StageError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        _ = fcntl(stdinPipe.write, F_SETFL, fcntl(stdinPipe.write, F_GETFL) | O_NONBLOCK)
        _ = fcntl(stdoutPipe.read, F_SETFL, fcntl(stdoutPipe.read, F_GETFL) | O_NONBLOCK)
        return ChildProcess(pid: pid, input: stdinPipe.write, output: stdoutPipe.read, errors: stderrPipe.read)
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard let pipe2 = GNUFunctions.pipe2, pipe2(&fds, O_CLOEXEC) == 0 else {
            throw StageError("cannot create a pipe for the plugin: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    /// How the process ended, if it has (reaps it).
    func exitStatus(waitingUpTo seconds: Double = 0) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                ChildProcesses.unregister(pid)
                return Self.describe(status)
            }
            if result < 0 && errno == EINTR { continue }
            if result < 0 {
                ChildProcesses.unregister(pid)
                return "exited"
            }
            if Date() >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// Kills the process and its group, reaps it and closes our pipe ends (not `errors`, which
    /// the stderr reader closes when it reaches end of file).
    func kill() {
        killAndReap()
        close(input)
        close(output)
    }

    private func killAndReap() {
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        ChildProcesses.unregister(pid)
    }

    /// Closes standard input so the plugin can finish on its own; kills it after `grace` seconds.
    func stop(grace: Double) {
        Self.stop([self], grace: grace)
    }

    /// Stops `processes` together: closes every standard input at once, gives them all one
    /// `grace` period to exit on their own, then kills (with their process groups) those left.
    static func stop(_ processes: [ChildProcess], grace: Double) {
        for process in processes { close(process.input) }
        let deadline = Date().addingTimeInterval(grace)
        var running = processes
        while true {
            running = running.filter { $0.exitStatus() == nil }
            if running.isEmpty || Date() >= deadline { break }
            usleep(10_000)
        }
        for process in running { process.killAndReap() }
        for process in processes { close(process.output) }
    }

    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        let name = [SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGTERM: "SIGTERM",
                    SIGPIPE: "SIGPIPE", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE"][signal]
        return "was killed by signal \(signal)" + (name.map { " (\($0))" } ?? "")
    }
}

/// glibc functions that Swift's Glibc module does not export (they need `_GNU_SOURCE`),
/// looked up once at run time.
enum GNUFunctions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let pipe2: Pipe2? = symbol("pipe2")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
