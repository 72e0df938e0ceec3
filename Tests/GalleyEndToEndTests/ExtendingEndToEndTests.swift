import Foundation
import Testing

/// The real `galley` binary: `galley test` exit codes and output, and `galley run` with the
/// filter and external stages (drops counted per stage, a plugin that never answers).
@Suite(.timeLimit(.minutes(2))) struct ExtendingEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func galley(_ arguments: [String], in folder: URL) throws -> GalleyBinary.Result {
        try GalleyBinary.run(arguments, in: folder)
    }

    func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-e2e-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let pipeline = "stages:\n  - use: export\n"

    @Test func passingTestsExitZero() throws {
        let work = try folder(["pipeline.yaml": Self.pipeline, "t.yaml": """
            cases:
              - name: keeps the text
                input: "利用外资总体平稳"
                expect: [{ field: text, contains: "外资" }, { field: "sections[0].title", equals: null }]
            """])
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try galley(["test", "t.yaml"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "t.yaml\n  ✓ keeps the text\n\n1 passed, 0 failed\n")
    }

    @Test func aWrongExpectationExitsOneWithTheDiff() throws {
        let work = try folder(["pipeline.yaml": Self.pipeline, "t.yaml": """
            cases:
              - name: heals a broken paragraph
                input: "利用外\\n\\n资总体平稳。"
                expect:
                  - { field: text, contains: "利用外资总体平稳" }
            """])
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try galley(["test", "t.yaml"], in: work)
        #expect(result.status == 1)
        #expect(result.stdout.contains("✗ heals a broken paragraph"))
        #expect(result.stdout.contains("t.yaml:5:9: text does not contain \"利用外资总体平稳\""))
        #expect(result.stdout.contains("actual: \"利用外\\n\\n资总体平稳。\""))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func anInvalidFileExitsTwoWithLineAndColumn() throws {
        let work = try folder(["pipeline.yaml": Self.pipeline, "t.yaml": """
            cases:
              - name: typo
                input: x
                stages: [fliter]
                expect: [{ field: text, equals: x }]
            """])
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try galley(["test", "t.yaml"], in: work)
        #expect(result.status == 2)
        #expect(result.stderr.contains("t.yaml:4:14: error: unknown stage 'fliter'; did you mean 'filter'?"))
        #expect(result.stdout.isEmpty)
    }

    @Test func theRepositoryPipelineTestsPassThroughTheCommand() throws {
        let result = try galley(["test", "tests/pipeline"], in: Self.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(" passed, 0 failed"))
    }

    @Test func dropsAreCountedPerStageAndAHungPluginCannotHangTheRun() throws {
        let work = try folder([
            "pipeline.yaml": """
                input: { paths: [in] }
                output: { dir: out }
                stages:
                  - use: filter
                    with: { min_chars: 5 }
                  - use: external
                    name: silent
                    with:
                      # Answers the start-up probe (empty text), then hangs on every document.
                      command: [python3, -c, "import json, sys, time\\nfor line in sys.stdin:\\n    if json.loads(line)['text']: time.sleep(3600)\\n    print(line.strip(), flush=True)"]
                      timeout: 1
                      workers: 2
                  - use: export
                """,
            "in/a.txt": "long enough text", "in/b.txt": "also long enough", "in/c.txt": "tiny",
        ])
        defer { try? FileManager.default.removeItem(at: work) }
        let started = Date()
        let result = try galley(["run"], in: work)
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(seconds < 20, "the run took \(seconds) s")
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("out/metrics.json"))) as? [String: Any]
        let run = try #require(metrics?["run"] as? [String: Any])
        let stages = try #require(run["stages"] as? [[String: Any]])
        #expect(stages.first { $0["stage"] as? String == "filter" }?["dropped"] as? Int == 1)
        #expect(stages.first { $0["stage"] as? String == "silent" }?["failed"] as? Int == 2)
        let quarantined = try String(contentsOf: work.appendingPathComponent("out/failed/a.json"), encoding: .utf8)
        #expect(quarantined.contains("plugin 'silent' timed out answering"))
    }

    @Test func pluginStandardErrorIsLoggedUnderItsName() throws {
        let work = try folder([
            "pipeline.yaml": """
                input: { paths: [in] }
                output: { dir: out }
                stages:
                  - use: external
                    name: shout
                    with: { command: [python3, plugin.py] }
                """,
            "plugin.py": """
                import json, sys
                for line in sys.stdin:
                    document = json.loads(line)
                    print(f"looking at {document['id']}", file=sys.stderr, flush=True)
                    if document["text"].startswith("DRAFT"):
                        print(json.dumps({"id": document["id"], "drop": True}), flush=True)
                    else:
                        print(json.dumps(document), flush=True)
                """,
            "in/a.txt": "A page", "in/b.txt": "DRAFT page",
        ])
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try galley(["run"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("shout: looking at a"))
        #expect(result.stderr.contains("shout: looking at b"))
        #expect(result.stderr.contains("plugin=shout"))
        let metrics = try String(contentsOf: work.appendingPathComponent("out/metrics.json"), encoding: .utf8)
        #expect(metrics.contains("\"dropped\" : 1"))
    }
}
