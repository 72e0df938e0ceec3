import Foundation
import GalleyConfig
import GalleyCore
@testable import GalleyTesting
import Logging
import Testing

@Suite struct PipelineTestRunnerTests {
    func results(_ yaml: String, pipeline: String? = nil) throws -> PipelineTestResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipelineFile = folder.appendingPathComponent("pipeline.yaml")
        if let pipeline { try pipeline.write(to: pipelineFile, atomically: true, encoding: .utf8) }
        let file = try PipelineTestParser(catalog: testCatalog).parse(text: yaml, name: "t.yaml", baseDirectory: folder)
        let runner = PipelineTestRunner(catalog: testCatalog, pipelineFile: pipelineFile, pipelineName: "pipeline.yaml",
                                        logger: Logger(label: "test"))
        return try runner.run(file)
    }

    @Test func passingExpectationsPass() throws {
        let result = try results("""
            cases:
              - name: upper
                input: "abc\\n\\ndef"
                stages: [uppercase]
                expect:
                  - { field: text, equals: "ABC\\n\\nDEF" }
                  - { field: text, contains: "DEF" }
                  - { field: text, matches: "^ABC\\\\s+DEF$" }
                  - { field: sections, count: 1 }
                  - { field: "sections[0].title", equals: null }
                  - { field: "sections[0]", equals: { title: null, kicker: null, subtitle: null, byline: null, text: "ABC\\n\\nDEF", summary: null } }
                  - { field: captions, count: 0 }
              - name: dropped
                input: ab
                stages: [drop_short]
                dropped: true
            """)
        #expect(result.cases.map(\.passed) == [true, true], "\(result.cases.flatMap(\.failures))")
    }

    @Test func aWrongExpectationFailsLoudlyWithADiff() throws {
        let result = try results("""
            cases:
              - name: wrong
                input: "line one\\nline two"
                stages: [uppercase]
                expect:
                  - { field: text, equals: "LINE ONE\\nLINE 2" }
                  - { field: "sections[0].title", equals: "TITLE" }
                  - { field: text, contains: "LINE TWO!" }
                  - { field: captions, count: 1 }
                  - { field: text, matches: "^line" }
                  - { field: "sections[2].text", equals: x }
            """)
        #expect(result.failed == 1)
        let failures = result.cases[0].failures.map(\.description)
        #expect(failures == [
            "t.yaml:6:9: text is not equal to the expected value\n    --- expected\n    +++ actual\n     LINE ONE\n    -LINE 2\n    +LINE TWO",
            "t.yaml:7:9: sections[0].title is not equal to the expected value\n    expected: \"TITLE\"\n    actual:   null",
            "t.yaml:8:9: text does not contain \"LINE TWO!\"\n    actual: \"LINE ONE\\nLINE TWO\"\n    the text has \"LINE TWO\" followed by \"\", expected \"!\"",
            "t.yaml:9:9: captions has 0 items, expected 1\n    actual: []",
            "t.yaml:10:9: text does not match /^line/\n    actual: \"LINE ONE\\nLINE TWO\"",
            "t.yaml:11:9: sections[2].text: 'sections' has 1 item, so [2] does not exist",
        ])
    }

    @Test func oneLineDifferencesPointAtTheCharacter() {
        #expect(TextDiff.explain(expected: "abcdef", actual: "abXdef") == [
            "expected: \"abcdef\"",
            "actual:   \"abXdef\"",
            "             ^ first difference at character 3",
        ])
    }

    @Test func unexpectedDropsAndStageErrorsFailTheCase() throws {
        let result = try results("""
            cases:
              - name: dropped unexpectedly
                input: ab
                stages: [drop_short]
                expect: [{ field: text, equals: ab }]
              - name: kept unexpectedly
                input: abcdef
                stages: [drop_short]
                dropped: true
              - name: explodes
                input: abc
                stages: [uppercase, exploding]
                expect: [{ field: text, equals: ABC }]
            """)
        #expect(result.cases.map(\.failures.first?.summary) == [
            "the document was dropped by stage 'drop_short': too short",
            "expected a stage to drop the document, but it was kept",
            "stage 'exploding' failed: boom",
        ])
    }

    @Test func casesWithoutStagesRunThePipelineWithoutStagesThatWriteFiles() throws {
        let result = try results("""
            cases:
              - name: pipeline
                input: abc
                expect: [{ field: "sections[0].title", equals: TITLE }, { field: text, equals: ABC }]
            """, pipeline: """
            stages:
              - use: uppercase
                with: { titles: true }
              - use: writer
            """)
        #expect(result.cases[0].passed, "\(result.cases[0].failures)")
        #expect(result.cases[0].stages == ["uppercase"])
    }

    @Test func aBrokenPipelineIsAConfigurationError() {
        #expect(throws: ConfigurationError.self) {
            _ = try results("cases:\n  - { name: a, input: x, expect: [{ field: text, equals: x }] }\n",
                            pipeline: "stages:\n  - use: nope\n")
        }
    }

    @Test func theReportEndsWithTheCounts() throws {
        let result = try results("""
            cases:
              - { name: good, input: abc, stages: [uppercase], expect: [{ field: text, equals: ABC }] }
              - { name: bad, input: abc, stages: [uppercase], expect: [{ field: text, equals: abc }] }
            """)
        let report = PipelineTestReport.render([result])
        #expect(report.hasPrefix("t.yaml\n  ✓ good\n  ✗ bad\n      t.yaml:3:60: text is not equal to the expected value\n"))
        #expect(report.hasSuffix("\n1 passed, 1 failed\n"))
    }
}
