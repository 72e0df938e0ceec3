import Foundation
import GalleyCore
import Testing

/// Hostile conditions from issue 19: what a full disk, a vanished log reader, forged file
/// names, symlinks, unreadable folders, a tampered manifest and dangerous output folders can
/// and cannot do to a run's outputs. Each test reproduces one defect.
@Suite(.serialized) struct HardeningEndToEndTests {
    static let pipeline = """
        version: 1
        input:
          paths: [in]
          include: ["*.txt"]
        output:
          dir: out
          prune: ${PRUNE:-false}
        stages:
          - use: export
            with: { formats: [json, jsonl] }
        """

    /// Runs `script` with bash in `directory`, `$GALLEY` naming the binary.
    static func shell(_ script: String, in directory: URL) throws -> GalleyBinary.Result {
        try GalleyBinary.run(["-c", script], in: directory, environment: ["GALLEY": GalleyBinary.url.path],
                             executable: URL(fileURLWithPath: "/bin/bash"))
    }

    static func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    // MARK: 1. A full disk

    /// `ulimit -f` makes every write past the limit fail (EFBIG), as a full disk does (ENOSPC).
    @Test func aWriteThatFailsKeepsThePreviousCorpusAndNamesTheFile() throws {
        var files: [String: Data] = ["pipeline.yaml": Self.pipeline.data]
        for index in 0..<12 {
            files["in/\(String(format: "%02d", index)).txt"] = String(repeating: "word\(index) ", count: 300).data
        }
        let root = try makeWorkspace(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try GalleyBinary.run(["run"], in: root)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let corpusURL = root.appendingPathComponent("out/corpus.jsonl")
        let complete = try Data(contentsOf: corpusURL)
        #expect(complete.count > 30_000)

        // 16 KB per file: every document's JSON fits, the corpus does not.
        let second = try Self.shell(#"ulimit -f 16 && exec "$GALLEY" run --force"#, in: root)
        #expect(second.status == 1, "stderr: \(second.stderr)")
        #expect(try Data(contentsOf: corpusURL) == complete, "corpus.jsonl was replaced by a partial one")
        #expect(second.stderr.contains("corpus.jsonl") && second.stderr.contains("File too large"), "stderr: \(second.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path)
            .filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    // MARK: 11. SIGPIPE

    @Test func aLogReaderThatGoesAwayDoesNotStopTheRun() throws {
        var files: [String: Data] = ["pipeline.yaml": Self.pipeline.data]
        for index in 0..<20 { files["in/\(index).txt"] = "document \(index)".data }
        files["in/bad.txt"] = Data([0x00, 0x01, 0x02, 0xFF])
        let root = try makeWorkspace(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.shell(#""$GALLEY" run 2>&1 | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}""#, in: root)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3", "galley's exit status: \(result.stdout)")
        let out = root.appendingPathComponent("out")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
        let corpus = Self.text(out.appendingPathComponent("corpus.jsonl")) ?? ""
        #expect(corpus.split(separator: "\n").count == 20)
    }

    // MARK: 13. Forged log lines

    @Test func controlCharactersInFileNamesAreEscapedInTheLog() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "in/evil\nfake error line\u{1B}[2J.txt": Data([0x00, 0x01, 0x02]),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["run"], in: root)
        #expect(result.status == 3, "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "an escape sequence reached the log")
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("fake error line") })
        #expect(result.stderr.contains(#"evil\nfake error line\u{1B}[2J.txt"#), "stderr: \(result.stderr)")
    }

    // MARK: 2. Symbolic links

    static func documents(in root: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out/docs").path)) ?? []).sorted()
    }

    @Test func symlinkedInputFoldersAndFilesAreFollowedAndLoopsEnd() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "store/data/a.txt": "first".data,
            "store/data/sub/b.txt": "second".data,
            "store/extra.txt": "third".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let fileManager = FileManager.default
        try fileManager.createSymbolicLink(atPath: root.appendingPathComponent("in").path, withDestinationPath: "store/data")
        try fileManager.createSymbolicLink(atPath: root.appendingPathComponent("store/data/link.txt").path,
                                           withDestinationPath: "../extra.txt")
        try fileManager.createSymbolicLink(atPath: root.appendingPathComponent("store/data/sub/loop").path,
                                           withDestinationPath: "..")
        let result = try GalleyBinary.run(["run"], in: root)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(Self.documents(in: root) == ["a.json", "link.json", "sub__b.json"])
        #expect(result.stderr.contains("already read"), "the loop is not reported: \(result.stderr)")

        let slash = try GalleyBinary.run(["run", "--force", "--input", "in/", "--output", "out2"], in: root)
        #expect(slash.status == 0, "stderr: \(slash.stderr)")
        let corpus = Self.text(root.appendingPathComponent("out2/corpus.jsonl")) ?? ""
        #expect(corpus.split(separator: "\n").count == 3)
    }

    @Test func aRunThatFindsNoInputsPrunesNothingUnlessAsked() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "in/a.txt": "first".data,
            "in/b.txt": "second".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try GalleyBinary.run(["run"], in: root, environment: ["PRUNE": "true"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        try FileManager.default.removeItem(at: root.appendingPathComponent("in/a.txt"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("in/b.txt"))
        let empty = try GalleyBinary.run(["run"], in: root, environment: ["PRUNE": "true"])
        #expect(empty.status == 0, "stderr: \(empty.stderr)")
        #expect(Self.documents(in: root) == ["a.json", "b.json"], "a run without inputs pruned every output")
        #expect(empty.stderr.contains("--prune-without-inputs"), "stderr: \(empty.stderr)")
        let asked = try GalleyBinary.run(["run", "--prune-without-inputs"], in: root, environment: ["PRUNE": "true"])
        #expect(asked.status == 0, "stderr: \(asked.stderr)")
        #expect(Self.documents(in: root).isEmpty)
    }

    // MARK: 3. Unreadable folders

    /// Runs galley as an unprivileged user when the tests run as root (root reads every folder).
    /// `openUp` first lets that user write everywhere in the workspace.
    static func runUnprivileged(_ arguments: [String], in root: URL, environment: [String: String] = [:],
                                openUp: Bool) throws -> GalleyBinary.Result {
        guard geteuid() == 0 else { return try GalleyBinary.run(arguments, in: root, environment: environment) }
        if openUp { _ = try shell("chmod -R a+rwX .", in: root) }
        return try GalleyBinary.run(["--reuid=65534", "--regid=65534", "--clear-groups", "--", GalleyBinary.url.path] + arguments,
                                    in: root, environment: environment, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }

    @Test func anUnreadableFolderFailsTheRunAndKeepsItsOutputs() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "in/a.txt": "first".data,
            "in/sub/b.txt": "second".data,
        ])
        defer {
            _ = try? Self.shell("chmod -R u+rwx .", in: root)
            try? FileManager.default.removeItem(at: root)
        }
        let first = try Self.runUnprivileged(["run"], in: root, environment: ["PRUNE": "true"], openUp: true)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(Self.documents(in: root) == ["a.json", "sub__b.json"])
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: root.appendingPathComponent("in/sub").path)
        let second = try Self.runUnprivileged(["run"], in: root, environment: ["PRUNE": "true"], openUp: false)
        #expect(second.status == 3, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("in/sub") && second.stderr.contains("Permission denied"), "stderr: \(second.stderr)")
        #expect(Self.documents(in: root) == ["a.json", "sub__b.json"], "the unreadable folder's outputs were pruned")
    }

    // MARK: 4. A tampered manifest

    @Test func pruneNeverRemovesFilesOutsideTheOutputFolder() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "in/a.txt": "first".data,
            "victim.json": "precious".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try GalleyBinary.run(["run"], in: root).status == 0)
        let manifestURL = root.appendingPathComponent("out/manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        var inputs = manifest["inputs"] as! [String: Any]
        var entry = inputs["a"] as! [String: Any]
        entry["source"] = "in/gone.txt"
        inputs["../../victim"] = entry
        manifest["inputs"] = inputs
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let result = try GalleyBinary.run(["run"], in: root, environment: ["PRUNE": "true"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(Self.text(root.appendingPathComponent("victim.json")) == "precious", "prune deleted a file outside the output folder")
        #expect(result.stderr.contains("../../victim"), "stderr: \(result.stderr)")
        #expect(Self.documents(in: root) == ["a.json"])
    }

    // MARK: 5. Dangerous output folders

    @Test func validateAndRunRejectAnOutputFolderInsideTheInputs() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.replacingOccurrences(of: "dir: out", with: "dir: in/out").data,
            "in/a.txt": "first".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let validate = try GalleyBinary.run(["validate"], in: root)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("pipeline.yaml:6:8: error: output.dir: ") && validate.stderr.contains("inside the input folder"),
                "stderr: \(validate.stderr)")
        let run = try GalleyBinary.run(["run"], in: root)
        #expect(run.status == 2 && run.stderr.contains("inside the input folder"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("in/out").path))
        let empty = try GalleyBinary.run(["run", "--output", ""], in: root)
        #expect(empty.status == 2 && empty.stderr.contains("--output"), "stderr: \(empty.stderr)")
    }

    // MARK: 8. galley stream and input.max_bytes

    @Test func streamRefusesLinesLongerThanMaxBytesAndGoesOn() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "input:\n  max_bytes: 1000\nstages:\n  - use: cleanup\n".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let big = #"{"id": "big", "text": ""# + String(repeating: "x", count: 200_000) + "\"}"
        let input = big + "\n" + #"{"id": "small", "text": "fine"}"# + "\n"
        let result = try GalleyBinary.run(["stream"], in: root, input: input)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "stdout: \(result.stdout.prefix(300))")
        #expect(lines.first?.contains("max_bytes") == true && lines.first?.contains("\"error\"") == true,
                "\(lines.first?.prefix(300) ?? "")")
        #expect(lines.last?.contains("\"id\":\"small\"") == true)
    }

    // MARK: 14. Long file names

    @Test func longCJKFileNamesAreExportedAndQuarantined() throws {
        let long = String(repeating: "报", count: 80)  // 240 bytes, 244 with ".txt": a legal name
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "in/\(long).txt": "正文。".data,
            "in/\(long)坏.txt": Data([0x00, 0x01, 0x02]),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["run"], in: root)
        #expect(result.status == 3, "stderr: \(result.stderr)")
        let docs = Self.documents(in: root)
        #expect(docs.count == 1 && docs.allSatisfy { $0.utf8.count <= 255 }, "\(docs)")
        let failed = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out/failed").path)) ?? []
        #expect(failed.count == 1, "no quarantine file: \(result.stderr)")
    }

    // MARK: 10 and 13. Plugins on SIGTERM, and their standard error in the log

    static let sleepyPlugin = """
        import os, sys, time
        os.makedirs("pids", exist_ok=True)
        open(os.path.join("pids", str(os.getpid())), "w").close()
        for line in sys.stdin:
            if '"escape"' in line:
                print("\\x1b[2J\\x1b[31mred\\nfake error line", file=sys.stderr, flush=True)
            if '"escape"' in line or '"galley:probe"' in line:
                sys.stdout.write(line)
                sys.stdout.flush()
            else:
                time.sleep(3600)
        """

    static func pluginPipeline(workers: Int) -> String {
        """
        input:
          paths: [in]
        output:
          dir: out
        stages:
          - use: external
            with: { command: [python3, plugin.py], workers: \(workers), timeout: 600 }
          - use: export
        """
    }

    /// The process ids the sleepy plugin's workers wrote under `pids/`, once there are at least
    /// `count` of them (30 s at most).
    static func pluginPIDs(in root: URL, atLeast count: Int) -> [pid_t] {
        let folder = root.appendingPathComponent("pids")
        let deadline = Date().addingTimeInterval(30)
        while true {
            let pids = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).compactMap { pid_t($0) }
            if pids.count >= count || Date() >= deadline { return pids }
            usleep(50_000)
        }
    }

    /// Whether `pid` runs (a zombie waiting to be reaped by PID 1 does not).
    static func alive(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = status.lastIndex(of: ")") else { return false }
        return !status[status.index(after: close)...].hasPrefix(" Z")
    }

    @Test func sigtermLeavesNoPluginWorkerRunning() throws {
        var files: [String: Data] = ["pipeline.yaml": Self.pluginPipeline(workers: 3).data, "plugin.py": Self.sleepyPlugin.data]
        for index in 0..<3 { files["in/\(index).txt"] = "document \(index)".data }
        let root = try makeWorkspace(files)
        defer { try? FileManager.default.removeItem(at: root) }
        var pids: [pid_t] = []
        defer { for pid in pids { kill(pid, SIGKILL) } }
        let process = Process()
        process.executableURL = GalleyBinary.url
        process.arguments = ["run", "--grace", "1"]
        process.currentDirectoryURL = root
        process.standardError = FileHandle.nullDevice
        try process.run()
        pids = Self.pluginPIDs(in: root, atLeast: 3)
        #expect(pids.count == 3)
        usleep(300_000)  // the documents reach the workers
        let stopped = Date()
        process.terminate()
        // Foundation sees its child end only once every holder of the child's inherited pipes
        // has: plugins left running would keep `waitUntilExit` waiting forever.
        while process.isRunning && Date().timeIntervalSince(stopped) < 15 { usleep(50_000) }
        let survivors = pids.filter(Self.alive)
        #expect(survivors.isEmpty, "plugin workers still running after SIGTERM: \(survivors)")
        for pid in pids { kill(pid, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        #expect(Date().timeIntervalSince(stopped) < 5)
    }

    /// SIGTERM while the plugins are still starting (before they answer their start-up probe,
    /// before the run takes signals itself): no plugin is left behind and the exit is 143.
    @Test(arguments: [["run"], ["stream"], ["validate"]])
    func sigtermDuringPluginStartUpLeavesNoPluginRunning(command: [String]) throws {
        let silent = Self.sleepyPlugin.replacingOccurrences(of: #"'"galley:probe"' in line"#, with: "False")
        var files: [String: Data] = ["pipeline.yaml": Self.pluginPipeline(workers: 2).data, "plugin.py": silent.data]
        files["in/0.txt"] = "document".data
        let root = try makeWorkspace(files)
        defer { try? FileManager.default.removeItem(at: root) }
        var pids: [pid_t] = []
        defer { for pid in pids { kill(pid, SIGKILL) } }
        let process = Process()
        process.executableURL = GalleyBinary.url
        process.arguments = command
        process.currentDirectoryURL = root
        process.standardInput = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        pids = Self.pluginPIDs(in: root, atLeast: 1)
        #expect(!pids.isEmpty, "no plugin started")
        usleep(200_000)
        let stopped = Date()
        process.terminate()
        while process.isRunning && Date().timeIntervalSince(stopped) < 15 { usleep(50_000) }
        pids = Self.pluginPIDs(in: root, atLeast: 0)
        let survivors = pids.filter(Self.alive)
        #expect(survivors.isEmpty, "plugin workers still running after SIGTERM during start-up: \(survivors)")
        for pid in pids { kill(pid, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
    }

    @Test func pluginStandardErrorReachesTheLogEscaped() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pluginPipeline(workers: 1).data, "plugin.py": Self.sleepyPlugin.data,
            "in/escape.txt": "escape".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["run"], in: root)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "an escape sequence reached the log")
        #expect(result.stderr.contains(#"\u{1B}[2J\u{1B}[31mred"#), "stderr: \(result.stderr)")
    }

    // MARK: 15. A corrupt database

    @Test func aCorruptDatabaseIsMovedAsideAndRebuilt() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.replacingOccurrences(of: "[json, jsonl]", with: "[json, jsonl, sqlite]").data,
            "in/a.txt": "The harbour reopened today.".data,
            "in/b.txt": "港口今天重新开放。".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try GalleyBinary.run(["run"], in: root).status == 0)
        let out = root.appendingPathComponent("out")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: out.path + "/galley.sqlite" + suffix) }
        try Data(String(repeating: "this is not a database ", count: 200).utf8).write(to: out.appendingPathComponent("galley.sqlite"))
        let result = try GalleyBinary.run(["run"], in: root)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("galley.sqlite.corrupt-"), "stderr: \(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.contains { $0.hasPrefix("galley.sqlite.corrupt-") }, "\(names)")
        let search = try GalleyBinary.run(["search", "harbour", "--db", "out/galley.sqlite"], in: root)
        #expect(search.status == 0 && search.stdout.contains("1. a\n"), "\(search.stdout) \(search.stderr)")
    }

    // MARK: 16. Resumed runs make progress first

    /// Notes, when a new document reaches it, how many lines the run's corpus has so far.
    static let watchingPlugin = """
        import glob, json, sys
        for line in sys.stdin:
            document = json.loads(line)
            if document["text"].startswith("new"):
                lines = sum(len(open(p).read().splitlines()) for p in glob.glob("out/.corpus.jsonl.tmp-*"))
                open("corpus-lines-when-new-arrived", "w").write(str(lines))
            sys.stdout.write(json.dumps(document) + "\\n")
            sys.stdout.flush()
        """

    @Test func newDocumentsAreProcessedBeforeUnchangedOnesAreReplayed() throws {
        var files: [String: Data] = [
            "pipeline.yaml": Self.pluginPipeline(workers: 1).data, "plugin.py": Self.watchingPlugin.data,
        ]
        for index in 0..<20 { files["in/\(String(format: "%02d", index)).txt"] = "old \(index)".data }
        let root = try makeWorkspace(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try GalleyBinary.run(["run"], in: root).status == 0)
        try "new one".data.write(to: root.appendingPathComponent("in/10a.txt"))
        let result = try GalleyBinary.run(["run", "--jobs", "1"], in: root)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let seen = Self.text(root.appendingPathComponent("corpus-lines-when-new-arrived"))
        #expect(seen == "0", "unchanged documents were replayed before the new one was processed (\(seen ?? "none") corpus lines)")
        let corpus = Self.text(root.appendingPathComponent("out/corpus.jsonl")) ?? ""
        let ids = corpus.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ids.sorted() && ids.count == 21 && ids.contains("10a"), "corpus.jsonl is not in input order: \(ids)")
    }
}
