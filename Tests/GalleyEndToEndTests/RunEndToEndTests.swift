import Foundation
import GalleyCore
import Testing

@Suite(.serialized) struct RunEndToEndTests {
    static let pipeline = """
        version: 1
        input:
          paths: [in]
          include: ["*.txt"]
        output:
          dir: out
        concurrency:
          documents: ${DOCS:-8}
        stages:
          - use: export
            with: { formats: [json, jsonl] }
        """

    static func corpus() -> [String: Data] {
        var files: [String: Data] = [
            "pipeline.yaml": pipeline.data,
            "in/a-zh.txt": "实行高水平对外开放\n\n□ 记者 张三\n\n今年全区经济运行平稳。".data,
            "in/b-en.txt": "LONDON (Reuters) - Markets rose.\n\nAnalysts said the rally would last.".data,
            "in/c-empty.txt": Data(),
            "in/d-binary.txt": Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x00, 0x01]),
            "in/e-gbk.txt": Data([0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5, 0xB1, 0xA8, 0xB5, 0xC0, 0xC4, 0xDA, 0xC8, 0xDD]),
            "in/notes.md": "not included".data,
        ]
        for index in 0..<40 {
            files["in/many/\(String(format: "%03d", index)).txt"] = "第\(index)篇 document \(index)\n\n正文。".data
        }
        return files
    }

    @Test func runsThePipelineAndQuarantinesBadInputs() throws {
        let root = try makeWorkspace(Self.corpus())
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["run"], in: root)
        #expect(result.status == 3, "stderr: \(result.stderr)")
        let out = root.appendingPathComponent("out")
        let docs = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("docs").path).sorted()
        #expect(docs.count == 43)
        #expect(docs.contains("a-zh.json") && docs.contains("many__007.json") && docs.contains("c-empty.json"))
        let failed = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("failed").path).sorted()
        #expect(failed == ["d-binary.json", "e-gbk.json"])
        let quarantined = try String(contentsOf: out.appendingPathComponent("failed/e-gbk.json"), encoding: .utf8)
        #expect(quarantined.contains("\"stage\": \"read\"") && quarantined.contains("legacy encoding"))

        let lines = try String(contentsOf: out.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 43)
        let ids = try lines.map { try JSONDecoder().decode(Document.self, from: Data($0.utf8)).id }
        #expect(ids.prefix(3) == ["a-zh", "b-en", "c-empty"])
        #expect(ids.last == "many__039")

        let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: out.appendingPathComponent("docs/a-zh.json")))
        #expect(document.source == "in/a-zh.txt")
        #expect(document.sections.count == 1)

        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("metrics.json"))) as? [String: Any]
        let run = metrics?["run"] as? [String: Any]
        #expect(run?["documents"] as? Int == 45)
        #expect(run?["failed"] as? Int == 2)
        let prom = try String(contentsOf: out.appendingPathComponent("metrics.prom"), encoding: .utf8)
        #expect(prom.contains("galley_stage_documents_in_total{stage=\"export\"} 43"))
        #expect(result.stderr.contains("export") && result.stderr.contains("p95 ms"))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }
        #expect(hidden.isEmpty, "temporary files left: \(hidden)")
    }

    @Test func outputsAreByteForByteTheSameWithOneOrEightDocumentsInFlight() throws {
        let root = try makeWorkspace(Self.corpus())
        defer { try? FileManager.default.removeItem(at: root) }
        func snapshot(documents: Int, jobs: Int) throws -> [String: Data] {
            try? FileManager.default.removeItem(at: root.appendingPathComponent("out"))
            try GalleyBinary.run(["run", "--jobs", "\(jobs)"], in: root, environment: ["DOCS": "\(documents)"])
            let out = root.appendingPathComponent("out")
            var files: [String: Data] = [:]
            for folder in ["docs", "failed"] {
                for name in try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(folder).path) {
                    files["\(folder)/\(name)"] = try Data(contentsOf: out.appendingPathComponent("\(folder)/\(name)"))
                }
            }
            files["corpus.jsonl"] = try Data(contentsOf: out.appendingPathComponent("corpus.jsonl"))
            return files
        }
        let serial = try snapshot(documents: 1, jobs: 1)
        let parallel = try snapshot(documents: 8, jobs: 4)
        #expect(serial.count == 46)
        #expect(serial == parallel)
    }

    @Test func invalidConfigurationExitsTwoBeforeReadingAnything() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "input:\n  paths: [in]\nstages:\n  - use: exprot\n  - use: export\n    with: {formats: [json], colour: red}\n".data,
            "in/a.txt": "text".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        for command in [["validate"], ["run"]] {
            let result = try GalleyBinary.run(command, in: root)
            #expect(result.status == 2)
            #expect(result.stderr.contains("pipeline.yaml:4:10: error: unknown stage 'exprot'; did you mean 'export'?"))
            #expect(result.stderr.contains("pipeline.yaml:6:29: error: unknown option 'colour' in stage 'export'"))
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
    }

    @Test func validateReportsSettingsOnlyAStageCanCheck() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "stages:\n  - use: filter\n    with: {languages: [Chinese]}\n  - use: export\n".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["validate"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("pipeline.yaml:2:5: error: stage 'filter' cannot start:"), "\(result.stderr)")
    }

    @Test func validateStartsEveryPluginAndReportsOneThatCannotAnswer() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "stages:\n  - use: external\n    with: {command: [python3, plugins/missing.py], timeout: 5}\n".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["validate"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("pipeline.yaml:2:5: error: stage 'external' cannot start:"), "\(result.stderr)")
        #expect(result.stderr.contains("start-up probe"), "\(result.stderr)")
        #expect(result.stderr.contains("can't open file"), "python's own message: \(result.stderr)")
        #expect(!result.stdout.contains("ok"))
    }

    @Test func validatePrintsOkOnStandardOutput() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "stages:\n  - use: cleanup\n  - use: export\n".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["validate"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pipeline.yaml: ok (2 stages: cleanup → export)\n")
    }

    @Test func overridesInputAndOutputFromTheCommandLine() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": Self.pipeline.data,
            "in/a.txt": "in the configured folder".data,
            "other/b.txt": "given on the command line".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try GalleyBinary.run(["run", "--input", "other", "--output", "elsewhere"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("elsewhere/docs/b.json").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("elsewhere/docs/a.json").path))
        let missing = try GalleyBinary.run(["run", "--input", "nowhere"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("input path 'nowhere' does not exist"))
    }
}

@Suite struct CommandEndToEndTests {
    @Test func streamWritesOneDocumentPerLineInOrderAndSurvivesBadLines() throws {
        let root = try makeWorkspace(["pipeline.yaml": "stages:\n  - use: export\n".data])
        defer { try? FileManager.default.removeItem(at: root) }
        var input = ""
        for index in 0..<30 { input += #"{"id": "n\#(index)", "text": "第\#(index)段。"}"# + "\n" }
        input += "this is not json\n"
        input += " \t\u{3000}\n"
        input += #"{"id": "no-text"}"# + "\n"
        input += #"{"id": "last", "text": "end"}"# + "\n"
        let result = try GalleyBinary.run(["stream"], in: root, input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 34)
        #expect(lines[0].hasPrefix(#"{"id":"n0","source":"stdin:1""#))
        #expect(lines[30].contains(#""error":"line 31 is not a JSON object"#))
        #expect(lines[31].contains(#""error":"line 32 is empty""#))
        #expect(lines[32].contains(#""id":"no-text""#) && lines[32].contains("no \\\"text\\\" string"))
        #expect(lines[33].hasPrefix(#"{"id":"last""#))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output").path))
    }

    @Test func streamWritesItsMetricsWhenAsked() throws {
        let root = try makeWorkspace(["pipeline.yaml": "stages:\n  - use: cleanup\n  - use: summarize\n".data])
        defer { try? FileManager.default.removeItem(at: root) }
        let input = (0..<5).map { #"{"id": "m\#($0)", "text": "One sentence here. Another one there."}"# + "\n" }.joined()
        let result = try GalleyBinary.run(["stream", "--jobs", "2", "--metrics", "stream-metrics.json"], in: root, input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: root.appendingPathComponent("stream-metrics.json"))
        let file = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let run = try #require(file["run"] as? [String: Any])
        #expect(run["documents"] as? Int == 5)
        let stages = try #require(run["stages"] as? [[String: Any]])
        #expect(stages.map { $0["stage"] as? String } == ["cleanup", "summarize"])
        #expect(stages.allSatisfy { $0["documents_in"] as? Int == 5 })
    }

    @Test func stagesAndSchemaDescribeEveryStage() throws {
        let root = try makeWorkspace([:])
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let stages = try GalleyBinary.run(["stages", "--json"], in: root)
        let list = try JSONSerialization.jsonObject(with: stages.stdout.data) as? [[String: Any]]
        #expect(list?.contains { $0["name"] as? String == "export" } == true)
        let schema = try GalleyBinary.run(["schema"], in: root)
        let object = try JSONSerialization.jsonObject(with: schema.stdout.data) as? [String: Any]
        #expect(object?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let text = try GalleyBinary.run(["stages"], in: root)
        #expect(text.stdout.contains("export — "))
    }

    @Test func searchFindsChineseAndEnglishInTheDatabaseOfARun() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "input:\n  paths: [in]\nstages:\n  - use: cleanup\n  - use: export\n    with: {formats: [sqlite]}\n".data,
            "in/zh.txt": "区两会召开\n\n图为昨日上午，医务工作者正在区行政中心进行核酸采样。\n".data,
            "in/en.txt": "Clinics Expand\n\nNurses were vaccinating residents across the district on Monday.\n".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try GalleyBinary.run(["run"], in: root).status == 0)
        let chinese = try GalleyBinary.run(["search", "核酸采样"], in: root)
        #expect(chinese.status == 0, "\(chinese.stderr)")
        #expect(chinese.stdout.contains("zh") && chinese.stdout.contains("[核酸采样]"))
        let english = try GalleyBinary.run(["search", "vaccinated", "--json"], in: root)
        #expect(english.stdout.contains("\"en\""), "\(english.stdout)")
        let usage = try GalleyBinary.run(["search"], in: root)
        #expect(usage.status == 2)
    }
}
