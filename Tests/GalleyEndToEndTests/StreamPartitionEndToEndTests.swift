import Foundation
import Testing

/// `galley stream` under an engine that splits its input into partitions (Spark's `rdd.pipe`,
/// Hadoop Streaming): what comes out must not depend on how the lines were split.
@Suite struct StreamPartitionEndToEndTests {
    static let pipeline = """
        stages:
          - use: cleanup
          - use: sections
          - use: summarize
            with: { sentences: 1 }
        """

    /// Lines with and without `id` and `source`, a line that is not JSON, an empty line and a
    /// line without text: every kind the contract names.
    static let lines: [String] = {
        var lines: [String] = []
        for index in 0..<12 {
            let text = "Report \(index)\\n\\nThe council met on Monday. It approved plan \(index). Residents welcomed it."
            switch index % 3 {
            case 0: lines.append(#"{"text": "\#(text)"}"#)
            case 1: lines.append(#"{"id": "named-\#(index)", "text": "\#(text)"}"#)
            default: lines.append(#"{"text": "\#(text)", "source": "feed/\#(index).txt"}"#)
            }
        }
        lines.insert("not json at all", at: 4)
        lines.insert("   ", at: 7)
        lines.insert(#"{"title": "no text"}"#, at: 9)
        return lines
    }()

    @Test func outputDoesNotDependOnHowTheInputIsSplit() throws {
        let root = try makeWorkspace(["pipeline.yaml": Self.pipeline.data])
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = try GalleyBinary.run(["stream"], in: root, input: Self.lines.map { $0 + "\n" }.joined())
        #expect(whole.status == 0, "\(whole.stderr)")
        let expected = whole.stdout.split(separator: "\n").map(String.init)
        #expect(expected.count == Self.lines.count)
        for partitions in [2, 3, 5] {
            var combined: [String] = []
            let size = (Self.lines.count + partitions - 1) / partitions
            for start in stride(from: 0, to: Self.lines.count, by: size) {
                let part = Self.lines[start..<min(start + size, Self.lines.count)]
                let result = try GalleyBinary.run(["stream", "--jobs", "2"], in: root, input: part.map { $0 + "\n" }.joined())
                #expect(result.status == 0, "\(result.stderr)")
                combined += result.stdout.split(separator: "\n").map(String.init)
            }
            #expect(combined == expected, "\(partitions) partitions")
        }
        // Ids and sources come from the line itself.
        #expect(expected[0].hasPrefix(#"{"id":"text-"#) && expected[0].contains(#""source":"stdin""#))
        #expect(expected[1].hasPrefix(#"{"id":"named-1","source":"stdin""#))
        #expect(expected[2].contains(#""source":"feed/2.txt""#))
        #expect(expected[4].contains(#""id":"line-"#) && expected[4].contains(#""stage":"read""#))
        #expect(!whole.stdout.contains("stdin:"))
    }

    @Test func theSameTextGetsTheSameIdWhateverItsPosition() throws {
        let root = try makeWorkspace(["pipeline.yaml": "stages:\n  - use: cleanup\n".data])
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try GalleyBinary.run(["stream"], in: root, input: "{\"text\": \"a\"}\n{\"text\": \"b\"}\n")
        let second = try GalleyBinary.run(["stream"], in: root, input: "{\"text\": \"b\"}\n")
        let idOfB = first.stdout.split(separator: "\n")[1].prefix(29)
        #expect(second.stdout.hasPrefix(idOfB))
        #expect(first.stdout.split(separator: "\n")[0].prefix(29) != idOfB)
    }
}

/// `galley stream --metrics` from many tasks at once.
@Suite struct StreamMetricsEndToEndTests {
    @Test func parallelTasksWriteMetricsFilesOfTheirOwn() throws {
        let root = try makeWorkspace(["pipeline.yaml": "stages:\n  - use: cleanup\n".data])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("metrics"), withIntermediateDirectories: true)
        let first = "{\"text\": \"one\"}\n{\"text\": \"two\"}\n"
        let second = "{\"text\": \"three\"}\n"
        #expect(try GalleyBinary.run(["stream", "--metrics", "metrics"], in: root, input: first).status == 0)
        #expect(try GalleyBinary.run(["stream", "--metrics", "metrics/"], in: root, input: second).status == 0)
        // A retried task (the same input) writes the same file again.
        #expect(try GalleyBinary.run(["stream", "--metrics", "metrics"], in: root, input: first).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("metrics").path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count == 2, "\(names)")
        #expect(names.allSatisfy { $0.hasPrefix("galley-stream-") && $0.hasSuffix(".json") })

        let templated = try GalleyBinary.run(["stream", "--metrics", "m-{host}-{pid}-{inputs}.json"], in: root, input: second)
        #expect(templated.status == 0, "\(templated.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix("m-") }
        #expect(written.count == 1 && !written[0].contains("{"), "\(written)")
        let data = try Data(contentsOf: root.appendingPathComponent(written[0]))
        let run = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["run"] as? [String: Any])
        #expect(run["documents"] as? Int == 1)
    }
}
