import Foundation
import Testing

/// `galley run --shard I/N` and `galley merge`: the merge of the shards' outputs is the output
/// of one run over every input — byte for byte where the format has no clock in it.
@Suite struct ShardMergeEndToEndTests {
    static let pipeline = """
        input:
          paths: [in]
          max_bytes: 4000
        output:
          dir: out
        stages:
          - use: cleanup
          - use: dehyphenate
          - use: sections
          - use: captions
          - use: summarize
            with: { sentences: 1 }
          - use: export
            with: { formats: [json, jsonl, markdown, sqlite, report] }
        """

    /// English and Chinese pages in nested folders, two paths that make the same id (`a/b.txt`
    /// and `a__b.txt`: the second gets a suffix that depends on the whole input list), and a
    /// file too large for `max_bytes`, which fails.
    static func workspace() throws -> URL {
        var files: [String: Data] = ["pipeline.yaml": pipeline.data]
        for index in 0..<14 {
            let folder = ["news", "news/local", "archive"][index % 3]
            files["in/\(folder)/page-\(index).txt"] = """
                Council Report \(index)

                The council met on Monday to discuss the river. It approved plan \(index) for the bridge and \
                the school. Resi-
                dents welcomed the decision, said the mayor.

                Photo: the river at dawn (Photo: J. Smith)
                """.data
        }
        files["in/zh/page.txt"] = "区两会召开\n\n□ 记者 王兴法\n\n今年全区经济运行总体平稳，利用外\n\n资总体平稳。\n\n图为昨日上午，医务工作者正在进行核酸采样。陆新 摄\n".data
        files["in/a/b.txt"] = "Same id one\n\nFirst of two paths with one name.\n".data
        files["in/a__b.txt"] = "Same id two\n\nSecond of two paths with one name.\n".data
        files["in/big.txt"] = String(repeating: "too large. ", count: 500).data
        return try makeWorkspace(files)
    }

    /// Every file under `folder` with its bytes, by relative path, `.galley/` left out.
    static func files(under folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        let prefix = folder.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = String(path.dropFirst(prefix.count))
            guard !relative.hasPrefix(".galley"), (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true
            else { continue }
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// The database's contents without its clocks: documents, sections, captions, passages
    /// (with their ids, which the search indexes use), search hits in both indexes, the run's counts.
    static func databaseDump(_ url: URL) throws -> String {
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            q = lambda sql: print(repr(c.execute(sql).fetchall()))
            q("select id, source, language, text, characters, bytes, metadata, fingerprint, run_id from documents order by rowid")
            q("select * from sections order by rowid")
            q("select * from captions order by rowid")
            q("select * from passages order by id")
            q("select rowid from search_words where search_words match 'council' order by rank, rowid")
            q("select rowid from search_trigrams where search_trigrams match '核酸采样' order by rank, rowid")
            q("select id, status, documents, succeeded, failed, dropped, skipped, bytes_read from runs")
            q("select run_id, position, stage, use, documents_in, documents_out, failed, dropped, bytes_in, bytes_out from run_stages")
            q("select * from run_failures")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// The report from its list of failures to its footer: everything but the timings.
    static func reportBody(_ data: Data?) -> String {
        let html = String(decoding: data ?? Data(), as: UTF8.self)
        guard let start = html.range(of: "<h2>Failed documents"), let end = html.range(of: "<footer>") else { return "" }
        return String(html[start.lowerBound..<end.lowerBound])
    }

    static func json(_ data: Data?) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data ?? Data()) as? [String: Any])
    }

    @Test(arguments: [1, 2, 3])
    func mergedShardsEqualOneRun(shards count: Int) throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let single = try GalleyBinary.run(["run", "--output", "single", "--quiet"], in: root)
        #expect(single.status == 3, "\(single.stderr)")
        var shardFolders: [String] = []
        for index in 1...count {
            let folder = "shards/\(index)"
            let shard = try GalleyBinary.run(["run", "--shard", "\(index)/\(count)", "--output", folder, "--quiet", "--jobs", "2"], in: root)
            #expect(shard.status == 0 || shard.status == 3, "\(shard.stderr)")
            shardFolders.append(folder)
        }
        // A shard's documents are its own: together the shards hold each input once.
        let perShard = try shardFolders.map { try Self.files(under: root.appendingPathComponent($0)).keys.filter { $0.hasPrefix("docs/") } }
        #expect(perShard.map(\.count).reduce(0, +) == 17)
        #expect(Set(perShard.joined()).count == 17)

        let merge = try GalleyBinary.run(["merge", "merged"] + shardFolders.reversed(), in: root)
        #expect(merge.status == 3, "\(merge.stderr)")

        let expected = try Self.files(under: root.appendingPathComponent("single"))
        let merged = try Self.files(under: root.appendingPathComponent("merged"))
        #expect(expected.keys.sorted() == merged.keys.sorted())
        let clocked: Set<String> = ["galley.sqlite", "metrics.json", "metrics.prom", "runs.jsonl", "report.html"]
        for (path, data) in expected where !clocked.contains(path) {
            #expect(merged[path] == data, "\(path) differs with \(count) shard(s)")
        }
        #expect(expected["corpus.jsonl"]!.count > 1000 && expected["failed/big.json"] != nil)
        #expect(expected.keys.contains { $0.hasPrefix("docs/a__b-") }, "the colliding id got its suffix")

        let database = try Self.databaseDump(root.appendingPathComponent("single/galley.sqlite"))
        #expect(database.contains("'zh'") && database.contains("big"))
        #expect(try Self.databaseDump(root.appendingPathComponent("merged/galley.sqlite")) == database)
        let search = try GalleyBinary.run(["search", "核酸采样", "--json", "--db", "single/galley.sqlite"], in: root)
        let mergedSearch = try GalleyBinary.run(["search", "核酸采样", "--json", "--db", "merged/galley.sqlite"], in: root)
        #expect(!search.stdout.isEmpty && search.stdout == mergedSearch.stdout)

        #expect(Self.reportBody(merged["report.html"]) == Self.reportBody(expected["report.html"]))
        #expect(Self.reportBody(expected["report.html"]).contains("page-13"))

        let singleRun = try #require(try Self.json(expected["metrics.json"])["run"] as? [String: Any])
        let mergedRun = try #require(try Self.json(merged["metrics.json"])["run"] as? [String: Any])
        for key in ["documents", "succeeded", "failed", "dropped", "skipped", "bytes_read"] {
            #expect(singleRun[key] as? Int == mergedRun[key] as? Int, "\(key)")
        }
        #expect(singleRun["counters"] as? [String: Double] == mergedRun["counters"] as? [String: Double])
        let singleStages = try #require(singleRun["stages"] as? [[String: Any]])
        let mergedStages = try #require(mergedRun["stages"] as? [[String: Any]])
        #expect(singleStages.count == mergedStages.count)
        for (one, other) in zip(singleStages, mergedStages) {
            for key in ["documents_in", "documents_out", "failed", "dropped", "bytes_in", "bytes_out"] {
                #expect(one[key] as? Int == other[key] as? Int, "\(one["stage"] ?? "") \(key)")
            }
            let latency = try #require(other["latency_ms"] as? [String: Double])
            #expect(latency["p50"]! > 0 && latency["p50"]! <= latency["p95"]! && latency["p99"]! <= latency["max"]!)
        }
        let prom = String(decoding: merged["metrics.prom"]!, as: UTF8.self)
        #expect(prom.contains("galley_run_documents 18\n"))
        #expect(String(decoding: merged["runs.jsonl"]!, as: UTF8.self).split(separator: "\n").count == 1)
    }

    @Test func mergeRefusesShardsThatDoNotMakeAWholeRun() throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        for index in 1...3 {
            let shard = try GalleyBinary.run(["run", "--shard", "\(index)/3", "--output", "s\(index)", "--quiet"], in: root)
            #expect(shard.status == 0 || shard.status == 3, "\(shard.stderr)")
        }
        let half = try GalleyBinary.run(["run", "--shard", "1/2", "--output", "half", "--quiet"], in: root)
        #expect(half.status == 0 || half.status == 3, "\(half.stderr)")

        let missing = try GalleyBinary.run(["merge", "m", "s1", "s3"], in: root)
        #expect(missing.status == 2 && missing.stderr.contains("missing shard 2/3"), "\(missing.stderr)")
        let mixed = try GalleyBinary.run(["merge", "m", "s1", "s2", "s3", "half"], in: root)
        #expect(mixed.status == 2 && mixed.stderr.contains("shards of different runs"), "\(mixed.stderr)")
        let twice = try GalleyBinary.run(["merge", "m", "s1", "s2", "s3", "s3"], in: root)
        #expect(twice.status == 2 && twice.stderr.contains("given twice"), "\(twice.stderr)")
        let notAShard = try GalleyBinary.run(["merge", "m", "in"], in: root)
        #expect(notAShard.status == 2 && notAShard.stderr.contains("not the output of a finished"), "\(notAShard.stderr)")
        let intoAShard = try GalleyBinary.run(["merge", "s1", "s1", "s2", "s3"], in: root)
        #expect(intoAShard.status == 2, "\(intoAShard.stderr)")

        // Another input appears before shard 2 runs again: its shards no longer saw the same inputs.
        try "late".data.write(to: root.appendingPathComponent("in/late.txt"))
        _ = try GalleyBinary.run(["run", "--shard", "2/3", "--output", "s2", "--quiet"], in: root)
        let stale = try GalleyBinary.run(["merge", "m", "s1", "s2", "s3"], in: root)
        #expect(stale.status == 2 && stale.stderr.contains("saw other inputs"), "\(stale.stderr)")

        // One output folder per shard.
        let wrongFolder = try GalleyBinary.run(["run", "--shard", "2/3", "--output", "s1", "--quiet"], in: root)
        #expect(wrongFolder.status == 2 && wrongFolder.stderr.contains("holds the output of shard 1/3"), "\(wrongFolder.stderr)")
        let badSpec = try GalleyBinary.run(["run", "--shard", "4/3"], in: root)
        #expect(badSpec.status == 2)
    }

    @Test func aRerunMergeReplacesTheEarlierMerge() throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        for index in 1...2 {
            _ = try GalleyBinary.run(["run", "--shard", "\(index)/2", "--output", "s\(index)", "--quiet"], in: root)
        }
        #expect(try GalleyBinary.run(["merge", "m", "s1", "s2", "--quiet"], in: root).status == 3)
        try FileManager.default.removeItem(at: root.appendingPathComponent("in/archive"))
        for index in 1...2 {
            _ = try GalleyBinary.run(["run", "--shard", "\(index)/2", "--output", "s\(index)", "--quiet"], in: root)
        }
        #expect(try GalleyBinary.run(["merge", "m", "s1", "s2", "--quiet"], in: root).status == 3)
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("m/docs").path)
        #expect(docs.count == 17 - 4)
        #expect(!docs.contains { $0.hasPrefix("archive__") })
        let corpus = try String(contentsOf: root.appendingPathComponent("m/corpus.jsonl"), encoding: .utf8)
        #expect(corpus.split(separator: "\n").count == 13)
    }
}
