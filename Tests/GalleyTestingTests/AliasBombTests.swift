import Foundation
import GalleyConfig
import GalleyCore
@testable import GalleyTesting
import Testing

/// Issue 19, defect 7: a test file of nested aliases (a few hundred bytes that expand to
/// millions of nodes) is refused before anything expands it, as `pipeline.yaml` is.
@Suite struct AliasBombTests {
    /// `levels` lines, each a list of nine aliases to the line before: 9^levels nodes.
    static func bomb(levels: Int, under key: String) -> String {
        var lines = [#"- &a0 ["x","x","x","x","x","x","x","x","x"]"#]
        for level in 1..<levels {
            lines.append("- &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]")
        }
        return "anchors:\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n" + key
    }

    @Test func aTestFileOfNestedAliasesIsRefusedQuickly() {
        let yaml = Self.bomb(levels: 7, under: """
            cases:
              - name: bomb
                input: hello
                expect:
                  - field: text
                    equals: *a6
            """)
        let started = Date()
        var messages: [String] = []
        do {
            _ = try PipelineTestParser(catalog: testCatalog).parse(text: yaml, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
        } catch {
            messages = error.diagnostics.map(\.description)
        }
        #expect(messages.contains { $0.hasPrefix("t.yaml:8:") && $0.contains("aliases") }, "\(messages)")
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func thePipelineLoaderRefusesTheSameBomb() {
        let yaml = Self.bomb(levels: 7, under: "stages: *a6\n")
        let loader = PipelineLoader(catalog: testCatalog)
        do {
            _ = try loader.load(text: yaml, fileName: "pipeline.yaml", file: URL(fileURLWithPath: "/tmp/pipeline.yaml"),
                                baseDirectory: URL(fileURLWithPath: "/tmp"), checkInputs: false)
            Issue.record("the bomb was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("aliases") }, "\(error.diagnostics)")
        }
    }

    @Test func modestAliasesStillWork() throws {
        let file = try PipelineTestParser(catalog: testCatalog).parse(text: """
            cases:
              - name: first
                input: &shared "same text"
                expect: [{ field: text, equals: *shared }]
              - name: second
                input: *shared
                expect: [{ field: text, equals: "same text" }]
            """, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
        #expect(file.cases.map(\.input) == ["same text", "same text"])
    }
}
