import Dispatch
@testable import ExternalStage
import Foundation
import GalleyCore
import Synchronization
import Testing

/// End-to-end tests of `use: external`: they start real `python3` plugins.
@Suite(.timeLimit(.minutes(2))) struct ExternalStageTests {
    /// A folder with the misbehaving test plugin in it.
    static let pluginFolder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-external-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try! MisbehavingPlugin.source.write(to: folder.appendingPathComponent("misbehaving.py"), atomically: true, encoding: .utf8)
        return folder
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func makeStage(_ command: [String], workers: Int = 1, timeout: Double = 10, env: [String: String] = [:],
                   base: URL = ExternalStageTests.pluginFolder) throws -> ExternalStage {
        let values: [String: OptionValue] = [
            "command": .list(command.map { .string($0) }),
            "workers": .int(workers),
            "timeout": .number(timeout),
            "env": .map(env.mapValues { .string($0) }),
        ]
        return try ExternalStage(setup: StageSetup(
            options: StageOptions(specs: ExternalStage.descriptor.options, values: values),
            instanceName: "plugin", baseDirectory: base, mode: .test))
    }

    func misbehaving(workers: Int = 1, timeout: Double = 10, env: [String: String] = [:]) throws -> ExternalStage {
        try makeStage(["python3", "misbehaving.py"], workers: workers, timeout: timeout, env: env)
    }

    /// Runs `text` through `stage`: the document, or the error message.
    func run(_ stage: ExternalStage, _ text: String, id: String = "doc") -> Result<(Disposition, Document), StageError> {
        var document = Document(id: id, source: id, text: text)
        do {
            let disposition = try stage.process(&document)
            return .success((disposition, document))
        } catch let error as StageError {
            return .failure(error)
        } catch {
            return .failure(StageError("\(error)"))
        }
    }

    func pid(_ result: Result<(Disposition, Document), StageError>) -> Int? {
        guard case .success((_, let document)) = result, case .int(let pid)? = document.metadata["plugin.pid"] else { return nil }
        return pid
    }

    func errorMessage(_ result: Result<(Disposition, Document), StageError>) -> String? {
        if case .failure(let error) = result { return error.message }
        return nil
    }

    @Test func theExamplePluginChangesTitlesAndDropsDrafts() throws {
        let stage = try makeStage(["python3", "examples/plugins/shout_titles.py"], base: Self.repositoryRoot)
        defer { stage.pool.shutdown() }
        var document = Document(id: "a", source: "a", text: "body",
                                sections: [Section(title: "Quiet title", text: "body")])
        #expect(try stage.process(&document) == .keep)
        #expect(document.sections[0].title == "QUIET TITLE")
        #expect(document.metadata.counter("shout.documents") == 1)
        var draft = Document(id: "b", source: "b", text: "DRAFT do not print")
        #expect(try stage.process(&draft) == .drop(reason: "plugin 'plugin': marked DRAFT"))
    }

    @Test func theGuideShowsTheExamplePluginAsItIs() throws {
        let example = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/plugins/shout_titles.py"), encoding: .utf8)
        let guide = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/stages/external.md"), encoding: .utf8)
        let code = try #require(example.range(of: "import json").map { String(example[$0.lowerBound...]) })
        #expect(guide.contains("```python\n" + code + "```\n"),
                "docs/stages/external.md's Python block is not examples/plugins/shout_titles.py from `import json` on")
    }

    @Test func aNormalAnswerChangesTheDocumentAndTheWorkerLivesOn() throws {
        let stage = try misbehaving(env: ["GALLEY_TEST_VALUE": "from-env"])
        let first = run(stage, "hello 世界")
        let second = run(stage, "again")
        guard case .success((.keep, let document)) = first, case .success((_, let later)) = second else {
            Issue.record("expected two kept documents, got \(first) and \(second)")
            return
        }
        #expect(document.text == "HELLO 世界")
        #expect(document.metadata["plugin.env"] == .string("from-env"))
        #expect(later.metadata.counter("plugin.seen") == 3, "one long-lived process saw the start-up probe and both documents")
        #expect(pid(first) == pid(second))
    }

    @Test func aCrashFailsTheDocumentAndTheWorkerIsRestarted() throws {
        let stage = try misbehaving()
        let before = pid(run(stage, "ok"))
        let crashed = run(stage, "crash", id: "victim")
        #expect(errorMessage(crashed)?.contains("exited with status 3") == true, "\(crashed)")
        let after = run(stage, "ok")
        #expect(pid(after) != nil)
        #expect(pid(after) != before, "a new process serves the next document")
    }

    @Test func aHangPastTheTimeoutFailsTheDocumentAndTheWorkerIsRestarted() throws {
        let stage = try misbehaving(timeout: 1)
        let before = pid(run(stage, "ok"))
        let started = DispatchTime.now().uptimeNanoseconds
        let hung = run(stage, "hang")
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(errorMessage(hung)?.contains("timed out") == true, "\(hung)")
        #expect(seconds >= 0.9 && seconds < 5, "gave up after \(seconds) s")
        let after = run(stage, "ok")
        #expect(pid(after) != nil && pid(after) != before)
    }

    @Test func aGarbageAnswerFailsTheDocumentAndTheWorkerIsRestarted() throws {
        let stage = try misbehaving()
        let before = pid(run(stage, "ok"))
        let garbage = run(stage, "garbage")
        #expect(errorMessage(garbage)?.contains("not a JSON object: 'this is not JSON'") == true, "\(garbage)")
        let after = run(stage, "ok")
        #expect(pid(after) != nil && pid(after) != before)
    }

    @Test func anAnswerForAnotherDocumentIsGarbage() throws {
        let stage = try misbehaving()
        let wrong = run(stage, "wrong-id", id: "mine")
        #expect(errorMessage(wrong) == "plugin 'plugin' answered for id 'someone-else' while document 'mine' was waiting")
        #expect(pid(run(stage, "ok")) != nil)
    }

    @Test func twoAnswersForOneDocumentBreakTheWorker() throws {
        let stage = try misbehaving()
        let before = pid(run(stage, "ok"))
        #expect(errorMessage(run(stage, "two-lines"))?.contains("more than one line") == true)
        #expect(pid(run(stage, "ok")) != before)
    }

    @Test func aDropAnswerDropsTheDocumentWithTheReason() throws {
        let stage = try misbehaving()
        guard case .success((let disposition, _)) = run(stage, "drop") else {
            Issue.record("the drop answer failed")
            return
        }
        #expect(disposition == .drop(reason: "plugin 'plugin': asked to"))
    }

    @Test func anErrorAnswerFailsTheDocumentButKeepsTheWorker() throws {
        let stage = try misbehaving()
        let before = pid(run(stage, "ok"))
        #expect(errorMessage(run(stage, "error")) == "plugin 'plugin' failed the document: cannot handle this")
        #expect(errorMessage(run(stage, "no-text"))?.contains("without \"text\"") == true)
        #expect(pid(run(stage, "ok")) == before)
    }

    @Test func workersServeDocumentsInParallel() throws {
        let stage = try misbehaving(workers: 3)
        let pids = Mutex<Set<Int>>([])
        let failures = Atomic<Int>(0)
        let group = DispatchGroup()
        let started = DispatchTime.now().uptimeNanoseconds
        for index in 0..<3 {
            group.enter()
            // Threads of their own: Dispatch's pool on a two-core machine may run only two at once.
            Thread {
                defer { group.leave() }
                var document = Document(id: "d\(index)", source: "d", text: "sleep \(index)")
                do {
                    _ = try stage.process(&document)
                    if case .int(let pid)? = document.metadata["plugin.pid"] { pids.withLock { _ = $0.insert(pid) } }
                    if document.text != "SLEEP \(index)" { failures.add(1, ordering: .relaxed) }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(failures.load(ordering: .relaxed) == 0)
        // A worker is held until its answer arrives and idle workers are reused last-in first-out,
        // so three different processes mean the three documents were in flight at once.
        #expect(pids.withLock { $0.count } == 3, "three documents at once went to three processes (\(seconds) s)")
    }

    @Test func aHungWorkerDoesNotBlockTheOthers() throws {
        let stage = try misbehaving(workers: 2, timeout: 5)
        let hung = Mutex<Result<(Disposition, Document), StageError>?>(nil)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { hung.withLock { $0 = run(stage, "hang") } }
        Thread.sleep(forTimeInterval: 0.3)
        let started = DispatchTime.now().uptimeNanoseconds
        for index in 0..<5 { #expect(pid(run(stage, "quick \(index)")) != nil) }
        // Blocked behind the hung worker, they would finish after its 5 s timeout.
        #expect(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < 3)
        group.wait()
        #expect(hung.withLock { $0.flatMap(errorMessage) }?.contains("timed out") == true)
    }

    @Test func aMissingProgramIsReportedWhenTheStageStarts() {
        #expect(throws: StageError("plugin program 'no-such-galley-plugin' was not found in PATH")) {
            _ = try makeStage(["no-such-galley-plugin"])
        }
        #expect(throws: StageError.self) { _ = try makeStage(["./missing.py"]) }
    }

    @Test func aPluginThatDiesAtStartIsReportedWhenTheStageStartsWithItsStandardError() {
        let script = "import sys; print('no model file here', file=sys.stderr); sys.exit(7)"
        do {
            _ = try makeStage(["python3", "-c", script])
            Issue.record("a plugin that exits at once passed its start-up probe")
        } catch {
            let message = StageError.describe(error)
            #expect(message.contains("exited with status 7"), "\(message)")
            #expect(message.contains("start-up probe"), "\(message)")
            #expect(message.contains("    no model file here"), "\(message)")
        }
    }

    @Test func aMissingScriptIsReportedWithPythonsOwnMessage() {
        do {
            _ = try makeStage(["python3", "plugins/missing.py"])
            Issue.record("a plugin whose script is missing passed its start-up probe")
        } catch {
            let message = StageError.describe(error)
            #expect(message.contains("exited with status 2"), "\(message)")
            #expect(message.contains("can't open file"), "\(message)")
        }
    }

    @Test func aPluginThatNeverAnswersFailsItsProbeAfterTheTimeout() {
        // Reads the probe and never answers, as a plugin whose answer sits in an unflushed buffer.
        let script = "import sys, time\nfor line in sys.stdin:\n    time.sleep(60)\n"
        do {
            _ = try makeStage(["python3", "-c", script], timeout: 0.5)
            Issue.record("a plugin that never answers passed its start-up probe")
        } catch {
            let message = StageError.describe(error)
            #expect(message.contains("timed out answering"), "\(message)")
            #expect(message.contains("flush"), "the message says a plugin must flush: \(message)")
            #expect(message.contains("wrote nothing on standard error"), "\(message)")
        }
    }

    @Test func aPluginMayAnswerTheProbeWithAnError() throws {
        let script = "import json, sys\nfor line in sys.stdin:\n    print(json.dumps({'id': json.loads(line)['id'], 'error': 'empty'}), flush=True)\n"
        let stage = try makeStage(["python3", "-c", script])
        defer { stage.pool.shutdown() }
        #expect(errorMessage(run(stage, "x"))?.contains("empty") == true)
    }

    @Test func waitingForAFreeWorkerIsReportedAsWaitNotPluginTime() throws {
        let stage = try misbehaving(workers: 1)
        defer { stage.pool.shutdown() }
        let waits = Mutex<[UInt64]>([])
        let done = DispatchSemaphore(value: 0)
        for index in 0..<2 {
            // Threads of their own: a document waits for the worker only if both run at once.
            Thread {
                _ = StageWait.take()
                _ = run(stage, "sleep \(index)")
                let waited = StageWait.take()
                waits.withLock { $0.append(waited) }
                done.signal()
            }.start()
        }
        done.wait()
        done.wait()
        let sorted = waits.withLock { $0.sorted() }
        // One document had the worker at once; the other waited for its half second.
        #expect(sorted[0] < 200_000_000, "\(sorted)")
        #expect(sorted[1] > 300_000_000, "\(sorted)")
    }

    @Test func shutdownClosesTheWorkers() throws {
        let stage = try misbehaving(workers: 2)
        guard let pid = pid(run(stage, "ok")) else {
            Issue.record("no pid")
            return
        }
        stage.pool.shutdown()
        #expect(kill(pid_t(pid), 0) != 0, "the plugin process is gone")
    }

    @Test func aWorkerThatExitsBetweenDocumentsIsReplacedWithoutFailingAnything() throws {
        let script = "import json, sys\nline = sys.stdin.readline()\ndocument = json.loads(line)\nprint(json.dumps(document), flush=True)\n"
        let stage = try makeStage(["python3", "-c", script])
        for index in 0..<3 {
            // The start-up probe was the first process's one document: let it exit first.
            Thread.sleep(forTimeInterval: 0.2)
            let result = run(stage, "document \(index)")
            guard case .success((.keep, let document)) = result else {
                Issue.record("document \(index): \(result)")
                continue
            }
            #expect(document.text == "document \(index)")
        }
    }
}
