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
}
