import Foundation
import Testing

/// `--log-format json`: every line on stderr is a JSON object, numbers are JSON numbers, and
/// configuration errors come the same way.
@Suite struct JSONLogEndToEndTests {
    static func objects(_ stderr: String) throws -> [[String: Any]] {
        try stderr.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    @Test func configurationErrorsAreJSONWithTheirPlace() throws {
        let root = try makeWorkspace(["pipeline.yaml": "stages:\n  - use: sumarize\n  - use: export\n    with: {formats: [pdf]}\n".data])
        defer { try? FileManager.default.removeItem(at: root) }
        for command in [["run"], ["stream"], ["validate"]] {
            let result = try GalleyBinary.run(command + ["--log-format", "json"], in: root, input: "")
            #expect(result.status == 2)
            let lines = try Self.objects(result.stderr)
            #expect(lines.count == 2, "\(result.stderr)")
            #expect(lines.allSatisfy { $0["level"] as? String == "error" && $0["file"] as? String == "pipeline.yaml" })
            #expect(lines.first?["line"] as? Int == 2)
            #expect(lines.first?["column"] as? Int != nil)
            #expect((lines.first?["message"] as? String)?.contains("did you mean 'summarize'?") == true)
        }
    }

    @Test func runSummaryAndStreamErrorsAreJSON() throws {
        let root = try makeWorkspace([
            "pipeline.yaml": "input:\n  paths: [in]\nstages:\n  - use: cleanup\n  - use: export\n".data,
            "in/a.txt": "text".data,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try GalleyBinary.run(["run", "--log-format", "json"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let finished = try #require(try Self.objects(run.stderr).first { $0["message"] as? String == "run finished" })
        #expect(finished["documents"] as? Int == 1 && finished["exit_code"] as? Int == 0)
        #expect(finished["wall_seconds"] is Double || finished["wall_seconds"] is Int)

        let stream = try GalleyBinary.run(["stream", "--log-format", "json"], in: root, input: "not json\n")
        #expect(stream.status == 0)
        let lines = try Self.objects(stream.stderr)
        #expect(lines.count == 1 && lines[0]["level"] as? String == "error", "\(stream.stderr)")
    }
}
