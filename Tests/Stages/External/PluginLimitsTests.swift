@testable import ExternalStage
import Foundation
import GalleyCore
import Testing

/// Issue 19: what a plugin's answers can and cannot do to Galley (defects 6 and 12).
extension ExternalStageTests {
    func limitedStage(maxAnswerBytes: Int, timeout: Double) throws -> ExternalStage {
        let values: [String: OptionValue] = [
            "command": .list([.string("python3"), .string("misbehaving.py")]),
            "timeout": .number(timeout),
            "max_answer_bytes": .int(maxAnswerBytes),
        ]
        return try ExternalStage(setup: StageSetup(
            options: StageOptions(specs: ExternalStage.descriptor.options, values: values),
            instanceName: "plugin", baseDirectory: Self.pluginFolder, mode: .test))
    }

    @Test func anAnswerLineLongerThanTheCapFailsTheDocumentAndTheWorkerIsReplaced() throws {
        #expect(ExternalStage.descriptor.option(named: "max_answer_bytes")?.defaultValue == .int(64 << 20))
        let stage = try limitedStage(maxAnswerBytes: 1 << 20, timeout: 20)
        defer { stage.pool.shutdown() }
        let started = Date()
        let message = errorMessage(run(stage, "flood"))
        #expect(message?.contains("max_answer_bytes") == true, "\(String(describing: message))")
        #expect(Date().timeIntervalSince(started) < 10, "the cap did not stop the answer before the timeout")
        guard case .success((.keep, let document)) = run(stage, "after") else {
            Issue.record("the next document did not get a fresh worker")
            return
        }
        #expect(document.text == "AFTER")
    }

    @Test func aCounterTooLargeToSumIsRejectedAtThePluginBoundary() throws {
        let stage = try misbehaving()
        defer { stage.pool.shutdown() }
        let message = errorMessage(run(stage, "huge-counter"))
        #expect(message?.contains("plugin.huge") == true, "\(String(describing: message))")
        guard case .success = run(stage, "fine") else {
            Issue.record("the worker did not survive a rejected answer")
            return
        }
    }

    /// Issue 19, defect 10: shutdown stops every worker at once, then kills what is left.
    @Test func shutdownGivesAllWorkersOneGracePeriodTogether() throws {
        // Each worker answers its start-up probe, then becomes a `sleep` that never answers.
        let stage = try makeStage(["/bin/sh", "-c", "read -r probe; printf '%s\\n' \"$probe\"; exec /bin/sleep 60"], workers: 4)
        // A worker becomes `sleep` just after its answer: wait (5 s at most) until all four have.
        var pids = ChildProcessesProbe.running()
        let deadline = Date().addingTimeInterval(5)
        while pids.count < 4 && Date() < deadline {
            usleep(20_000)
            pids = ChildProcessesProbe.running()
        }
        #expect(pids.count >= 4)
        let started = Date()
        stage.pool.shutdown()
        let took = Date().timeIntervalSince(started)
        #expect(took < 3.5, "shutdown took \(took) s for 4 workers")
        #expect(ChildProcessesProbe.running().isEmpty, "a worker is still running")
    }
}

/// The plugin processes running now, as `ps` sees them (children of this test process).
enum ChildProcessesProbe {
    static func running() -> [pid_t] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = status.lastIndex(of: ")") else { return false }
            let fields = status[status.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == me && status.contains("(sleep)")
        }
    }
}
