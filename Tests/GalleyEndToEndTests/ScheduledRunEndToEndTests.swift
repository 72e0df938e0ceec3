import Foundation
import Testing

/// Incremental, locked, interruptible runs, driven through the real binary and real signals.
@Suite(.serialized) struct ScheduledRunEndToEndTests {
    static let pipeline = """
        input:
          paths: [in]
        output:
          dir: out
          prune: ${PRUNE:-false}
        stages:
          - use: export
            name: ${EXPORT_NAME:-export}
            with: { formats: [json, jsonl] }
        """

    static func corpus(_ count: Int) -> [String: Data] {
        var files: [String: Data] = ["pipeline.yaml": pipeline.data]
        for index in 0..<count {
            let body = String(repeating: "第\(index)篇。今年全区经济运行总体平稳。\n\nThe quick brown fox \(index).\n", count: 8)
            files["in/\(String(format: "%05d", index)).txt"] = body.data
        }
        return files
    }

    /// Every output a user reads, by relative path.
    static func outputs(of root: URL) throws -> [String: Data] {
        let out = root.appendingPathComponent("out")
        var files: [String: Data] = ["corpus.jsonl": try Data(contentsOf: out.appendingPathComponent("corpus.jsonl"))]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("docs").path) {
            files["docs/\(name)"] = try Data(contentsOf: out.appendingPathComponent("docs/\(name)"))
        }
        return files
    }

    static func leftovers(in root: URL) throws -> [String] {
        let out = root.appendingPathComponent("out")
        return try ["", "docs"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(folder).path)
                .filter { $0.contains(".tmp-") }
        }
    }

    @Test func secondRunSkipsUnchangedInputsAndSaysSo() throws {
        let root = try makeWorkspace(Self.corpus(12))
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try GalleyBinary.run(["run"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("12 documents: 12 succeeded, 0 skipped (unchanged), 0 failed, 0 removed"))
        let before = try Self.outputs(of: root)

        let second = try GalleyBinary.run(["run"], in: root)
        #expect(second.status == 0)
        #expect(second.stderr.contains("12 documents: 0 succeeded, 12 skipped (unchanged), 0 failed, 0 removed"), "\(second.stderr)")
        #expect(try Self.outputs(of: root) == before)

        try "changed text".data.write(to: root.appendingPathComponent("in/00003.txt"))
        let third = try GalleyBinary.run(["run"], in: root)
        #expect(third.stderr.contains("12 documents: 1 succeeded, 11 skipped (unchanged)"), "\(third.stderr)")
        let corpus = try String(contentsOf: root.appendingPathComponent("out/corpus.jsonl"), encoding: .utf8)
        #expect(corpus.split(separator: "\n").count == 12)
        #expect(corpus.contains("changed text"))

        let forced = try GalleyBinary.run(["run", "--force"], in: root)
        #expect(forced.stderr.contains("12 documents: 12 succeeded, 0 skipped"))
        let history = try String(contentsOf: root.appendingPathComponent("out/runs.jsonl"), encoding: .utf8)
        #expect(history.split(separator: "\n").count == 4)
        let prom = try String(contentsOf: root.appendingPathComponent("out/metrics.prom"), encoding: .utf8)
        #expect(prom.contains("galley_run_last_success_timestamp_seconds "))
    }

    @Test func aChangedPipelineReprocessesEverything() throws {
        let root = try makeWorkspace(Self.corpus(5))
        defer { try? FileManager.default.removeItem(at: root) }
        try GalleyBinary.run(["run"], in: root)
        let same = try GalleyBinary.run(["run"], in: root)
        #expect(same.stderr.contains("0 succeeded, 5 skipped"))
        let changed = try GalleyBinary.run(["run"], in: root, environment: ["EXPORT_NAME": "writer"])
        #expect(changed.stderr.contains("5 documents: 5 succeeded, 0 skipped"), "\(changed.stderr)")
    }

    @Test func reportsAndPrunesDisappearedInputs() throws {
        let root = try makeWorkspace(Self.corpus(4))
        defer { try? FileManager.default.removeItem(at: root) }
        try GalleyBinary.run(["run"], in: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("in/00001.txt"))
        let kept = try GalleyBinary.run(["run"], in: root)
        #expect(kept.stderr.contains("3 documents: 0 succeeded, 3 skipped (unchanged), 0 failed, 1 removed"), "\(kept.stderr)")
        #expect(kept.stderr.contains("output.prune"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/docs/00001.json").path))
        let pruned = try GalleyBinary.run(["run"], in: root, environment: ["PRUNE": "true"])
        #expect(pruned.stderr.contains("1 removed"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/docs/00001.json").path))
        let after = try GalleyBinary.run(["run"], in: root, environment: ["PRUNE": "true"])
        #expect(after.stderr.contains("0 failed, 0 removed"))
    }

    @Test func aSecondRunExitsSeventyFiveWhileTheFirstHoldsTheLock() throws {
        let root = try makeWorkspace(Self.corpus(2))
        defer { try? FileManager.default.removeItem(at: root) }
        let lockFolder = root.appendingPathComponent("out/.galley")
        try FileManager.default.createDirectory(at: lockFolder, withIntermediateDirectories: true)
        let descriptor = open(lockFolder.appendingPathComponent("lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let blocked = try GalleyBinary.run(["run"], in: root)
        #expect(blocked.status == 75)
        #expect(blocked.stderr.contains("another galley run"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/docs").path))
        close(descriptor)
        #expect(try GalleyBinary.run(["run"], in: root).status == 0)
    }

    /// Starts `galley run` and sends `signal` once some documents are written.
    func interruptedRun(in root: URL, signal: Int32) throws -> Int32 {
        let process = Process()
        process.executableURL = GalleyBinary.url
        process.arguments = ["run", "--quiet", "--jobs", "1"]
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let docs = root.appendingPathComponent("out/docs")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && process.isRunning {
            if ((try? FileManager.default.contentsOfDirectory(atPath: docs.path).count) ?? 0) >= 50 { break }
            usleep(2000)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let interruptedCorpusSize = 1200

    /// The outputs of an uninterrupted run over the corpus, made once for all signals.
    static let referenceOutputs: Result<[String: Data], any Error> = Result {
        let reference = try makeWorkspace(corpus(interruptedCorpusSize))
        defer { try? FileManager.default.removeItem(at: reference) }
        try GalleyBinary.run(["run", "--quiet"], in: reference)
        return try outputs(of: reference)
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGKILL])
    func anInterruptedRunIsFinishedByTheNextOneWithIdenticalOutputs(signal: Int32) throws {
        let total = Self.interruptedCorpusSize
        let interrupted = try makeWorkspace(Self.corpus(total))
        defer { try? FileManager.default.removeItem(at: interrupted) }

        let status = try interruptedRun(in: interrupted, signal: signal)
        switch signal {
        case SIGTERM: #expect(status == 143)
        case SIGINT: #expect(status == 130)
        default: #expect(status == SIGKILL)  // Foundation reports the signal that killed it.
        }
        let done = try FileManager.default.contentsOfDirectory(atPath: interrupted.appendingPathComponent("out/docs").path)
        #expect(done.count < total, "the run finished before the signal; make the corpus larger")

        let rerun = try GalleyBinary.run(["run"], in: interrupted)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        if signal != SIGKILL {
            // A clean stop recorded what it finished: the next run skips exactly those.
            #expect(rerun.stderr.contains("\(total - done.count) succeeded, \(done.count) skipped"), "\(rerun.stderr)")
        }
        #expect(try Self.outputs(of: interrupted) == Self.referenceOutputs.get())
        #expect(try Self.leftovers(in: interrupted).isEmpty)
    }
}
