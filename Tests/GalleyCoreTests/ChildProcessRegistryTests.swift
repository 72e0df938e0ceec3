import Dispatch
import Foundation
import GalleyCore
import Testing

/// Issue 19, defect 10: a signal that arrives while a plugin worker is being started must not
/// leave that worker running after Galley exits.
@Suite struct ChildProcessRegistryTests {
    /// Starts `/bin/sleep 60` in a process group of its own; its pid, or nil.
    static func spawnSleep() -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let words: [String] = ["/bin/sleep", "60"]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        return posix_spawn(&pid, "/bin/sleep", nil, &attributes, argv, environ) == 0 ? pid : nil
    }

    /// How `pid` ended (reaps it): the signal that killed it, or nil if it is still running after 5 s.
    static func killingSignal(_ pid: pid_t) -> Int32? {
        for _ in 0..<500 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return status & 0x7f }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        return nil
    }

    @Test func killAllKillsTheChildrenItKnows() throws {
        let registry = ChildProcessRegistry()
        let pid = try #require(try registry.start(Self.spawnSleep))
        #expect(registry.running == [pid])
        registry.killAll()
        #expect(Self.killingSignal(pid) == SIGKILL)
    }

    @Test func aChildThatFinishesStartingDuringKillAllIsKilled() throws {
        let registry = ChildProcessRegistry()
        let killed = DispatchSemaphore(value: 0)
        let pid = try #require(try registry.start {
            let pid = Self.spawnSleep()
            // The signal handler runs now, between the spawn and the registration: it has taken
            // its list of children (without this one) before the spawn returns.
            Thread {
                registry.killAll()
                killed.signal()
            }.start()
            while !registry.isStopping { usleep(1000) }
            return pid
        })
        killed.wait()
        #expect(registry.running.isEmpty)
        #expect(Self.killingSignal(pid) == SIGKILL)
    }

    @Test func nothingStartsOnceKillAllRan() {
        let registry = ChildProcessRegistry()
        registry.killAll()
        var called = false
        #expect(throws: StageError.self) {
            _ = try registry.start {
                called = true
                return Self.spawnSleep()
            }
        }
        #expect(!called)
    }

    @Test func aChildThatCouldNotStartIsNotRecorded() throws {
        let registry = ChildProcessRegistry()
        #expect(try registry.start { nil } == nil)
        #expect(registry.running.isEmpty)
    }
}
