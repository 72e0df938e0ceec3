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
        var messages: [String] = []
        do {
            _ = try PipelineTestParser(catalog: testCatalog).parse(text: yaml, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
        } catch {
            messages = error.diagnostics.map(\.description)
        }
        #expect(messages.contains { $0.hasPrefix("t.yaml:8:") && $0.contains("aliases") }, "\(messages)")
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

/// Yams sorts duplicate mapping keys with a comparison that recurses twice per nesting level:
/// a few hundred bytes of nested list keys took seconds, a few more levels hours. Keys that are
/// lists or mappings are refused before composing, in both kinds of file.
@Suite struct ComplexKeyTests {
    /// Three keys `[[…[0]…], i]`, each twice.
    static let nestedKeys: String = {
        let deep = String(repeating: "[", count: 30) + "0" + String(repeating: "]", count: 30)
        return (0..<3).map { "? [\(deep), \($0)]\n: 1\n? [\(deep), \($0)]\n: 2\n" }.joined()
    }()

    @Test func aTestFileWithNestedListKeysIsRefused() {
        var messages: [String] = []
        do {
            _ = try PipelineTestParser(catalog: testCatalog).parse(text: Self.nestedKeys, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
        } catch {
            messages = error.diagnostics.map(\.description)
        }
        #expect(messages.contains { $0.hasPrefix("t.yaml:1:3:") && $0.contains("keys must be plain text") }, "\(messages)")
    }

    @Test func thePipelineLoaderRefusesThemToo() {
        let loader = PipelineLoader(catalog: testCatalog)
        do {
            _ = try loader.load(text: "stages:\n  - cleanup\n" + Self.nestedKeys, fileName: "pipeline.yaml", file: URL(fileURLWithPath: "/tmp/pipeline.yaml"),
                                baseDirectory: URL(fileURLWithPath: "/tmp"), checkInputs: false)
            Issue.record("the nested keys were accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("keys must be plain text") }, "\(error.diagnostics)")
        }
    }

    @Test(arguments: ["{a: 1}", "[a]", "*list"])
    func aKeyThatIsACollectionOrAnAliasToOneIsRefused(key: String) {
        let yaml = "anchors: &list [x]\n\(key == "*list" ? "*list " : "? \(key)\n"): value\n"
        #expect(throws: GuardedYAML.Refusal.self) { try GuardedYAML.check(yaml) }
    }

    @Test func plainKeysAliasesToTextAndMergeKeysStillPass() throws {
        let yaml = """
            base: &base {a: 1}
            name: &n key
            *n : value
            derived:
              <<: *base
              b: [1, {c: [2]}]
            """
        try GuardedYAML.check(yaml)
        #expect(try GuardedYAML.compose(yaml) != nil)
    }
}
