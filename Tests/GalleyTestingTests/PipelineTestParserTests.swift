import Foundation
import GalleyConfig
import GalleyCore
@testable import GalleyTesting
import Testing

@Suite struct PipelineTestParserTests {
    let parser = PipelineTestParser(catalog: testCatalog)

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try parser.parse(text: yaml, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func readsTheFormOfTheIssue() throws {
        let file = try parser.parse(text: """
            cases:
              - name: heals a broken paragraph
                input: "利用外\\n\\n资总体平稳。"
                stages: [uppercase, { use: drop_short, with: { min: 2 } }]
                expect:
                  - { field: text, contains: "利用外资总体平稳" }
                  - { field: "sections[0].title", equals: null }
                  - { field: captions, count: 0 }
                  - { field: text, matches: "平稳" }
            """, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
        #expect(file.cases.count == 1)
        let testCase = file.cases[0]
        #expect(testCase.input == "利用外\n\n资总体平稳。")
        #expect(testCase.stages?.map(\.use) == ["uppercase", "drop_short"])
        #expect(testCase.stages?[1].options == ["min": .int(2)])
        #expect(testCase.expectations.count == 4)
        #expect(testCase.expectations[1].field.steps == [.key("sections"), .index(0), .key("title")])
        #expect(testCase.line == 2 && testCase.column == 5)
    }

    @Test func reportsEveryProblemWithLineAndColumn() {
        let found = problems("""
            cases:
              - name: one
                input: x
                stages: [upercase, { use: drop_short, with: { mni: 2 } }, writer]
                expect:
                  - { field: "sections[x]", equals: null }
                  - { field: text, matches: "(" }
                  - { feld: text, count: 1 }
              - name: two
                input: y
            """)
        #expect(found == [
            "t.yaml:4:14: error: unknown stage 'upercase'; did you mean 'uppercase'? (known: uppercase, drop_short, exploding, writer)",
            "t.yaml:4:51: error: unknown option 'mni' in stage 'drop_short'; did you mean 'min'? (known: min)",
            "t.yaml:4:63: error: stage 'writer' writes files; galley test runs stages that change documents only",
            "t.yaml:6:27: error: invalid field path 'sections[x]': '[x]' is not an index: write a whole number such as [0] or [-1]",
            "t.yaml:7:33: error: 'matches' is not a valid regular expression: (",
            "t.yaml:8:9: error: this check has no 'field' (a path into the document such as text or sections[0].title)",
            "t.yaml:8:11: error: unknown key 'feld' in a check; did you mean 'field'? (known: field, equals, contains, matches, count)",
            "t.yaml:9:5: error: this case checks nothing: add 'expect:' (a list of checks) or 'dropped: true'",
        ])
    }

    @Test func invalidYAMLHasAPlace() {
        #expect(problems("cases: [\n") == ["t.yaml:2:1: error: invalid YAML: did not find expected node content while parsing a flow node"])
        #expect(problems("cases:\n  - name: a\n    name: b\n") == ["t.yaml:2:5: error: invalid YAML: duplicate key 'name'"])
    }

    @Test func hostileInputIsAProblemNotACrash() {
        #expect(problems("x: {{a: b}: 1}\n") == ["t.yaml:1:5: error: a mapping key is a list or a mapping; keys must be plain text"])
        #expect(problems("") == ["t.yaml:1:1: error: a test file is a mapping with 'cases:', a list of cases with 'name', 'input' and 'expect'"])
    }

    @Test func aCaseMustCheckSomethingAndNamesAreUnique() {
        #expect(problems("""
            cases:
              - { name: a, input: x, dropped: true }
              - { name: a, input: x, dropped: true }
              - { name: b, input: x, expect: [] }
              - { name: c, input: x, dropped: true, expect: [{ field: text, equals: x }] }
            """) == [
                "t.yaml:3:5: error: two cases are named 'a' (the first at line 2)",
                "t.yaml:4:34: error: 'expect' is empty: this case would check nothing",
                "t.yaml:5:49: error: a case with 'dropped: true' has no document to check: remove 'expect' or the drop",
            ])
    }

    @Test func yamlScalarsBecomeJSONTheYAMLWay() throws {
        let file = try parser.parse(text: """
            cases:
              - name: values
                input: x
                expect:
                  - { field: a, equals: null }
                  - { field: a, equals: ~ }
                  - { field: a, equals: "null" }
                  - { field: a, equals: 3 }
                  - { field: a, equals: "3" }
                  - { field: a, equals: true }
                  - { field: a, equals: [1, two] }
            """, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
        let values = file.cases[0].expectations.map { expectation -> OrderedJSON in
            guard case .equals(let value) = expectation.check else { return .string("?") }
            return value
        }
        #expect(values == [.null, .null, .string("null"), .int(3), .string("3"), .bool(true), .array([.int(1), .string("two")])])
    }

    @Test func fieldPathsParseAndResolve() throws {
        let path = try FieldPath.parse("sections[-1].keywords[0]").get()
        let json = OrderedJSON.object([("sections", .array([
            .object([("keywords", .array([.string("first")]))]),
            .object([("keywords", .array([.string("last")]))]),
        ]))])
        #expect(try path.resolve(in: json).get() == .string("last"))
        let metadata = OrderedJSON.object([("metadata", .object([("cleanup.fixed", .int(2))]))])
        #expect(try FieldPath.parse("metadata.cleanup.fixed").get().resolve(in: metadata).get() == .int(2))
        if case .failure(let error) = FieldPath.parse("text.") { #expect(error.message == "the path ends with '.'") }
        else { Issue.record("'text.' parsed") }
        if case .failure(let error) = FieldPath.parse("a[1") { #expect(error.offset == 1) }
        else { Issue.record("'a[1' parsed") }
    }
}
