import Foundation
import GalleyConfig
import GalleyCore
import Testing

/// A stage with one option of every kind, so that validation can be tested without the
/// built-in stages.
struct ProbeStage: Stage {
    static let descriptor = StageDescriptor(
        name: "summarize", summary: "A probe with options of every type.",
        options: [
            OptionSpec("sentences", .integer(min: 1, max: 50), default: .int(3), "How many."),
            OptionSpec("ratio", .number(min: 0, max: 1), "A share."),
            OptionSpec("algorithm", .choice(["textrank", "lexrank", "lead"]), default: .string("textrank"), "Which."),
            OptionSpec("enabled", .boolean, default: .bool(true), "Whether."),
            OptionSpec("pattern", .regex, "A regular expression."),
            OptionSpec("command", .list(.string), "An argv."),
            OptionSpec("env", .map(.string), "Variables."),
        ])
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition { .keep }
}

struct RequiredStage: Stage {
    static let descriptor = StageDescriptor(
        name: "external", summary: "Needs a command.",
        options: [OptionSpec("command", .list(.string), required: true, "The argv.")])
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition { .keep }
}

@Suite struct PipelineLoaderTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
    }

    func load(_ yaml: String, environment: [String: String] = [:]) -> Result<PipelineConfiguration, ConfigurationError> {
        let loader = PipelineLoader(catalog: StageCatalog([ProbeStage.self, RequiredStage.self]), environment: environment)
        do {
            return .success(try loader.load(text: yaml, fileName: "pipeline.yaml",
                                            file: folder.appendingPathComponent("pipeline.yaml"), baseDirectory: folder))
        } catch {
            return .failure(error)
        }
    }

    func problems(_ yaml: String, environment: [String: String] = [:]) -> [String] {
        switch load(yaml, environment: environment) {
        case .success: return []
        case .failure(let error): return error.diagnostics.map(\.description)
        }
    }

    @Test func acceptsAValidPipelineAndFillsDefaults() throws {
        let configuration = try load("""
            version: 1
            input:
              paths: [in]
            stages:
              - use: summarize
                with: { sentences: 2 }
            """).get()
        #expect(configuration.stages.count == 1)
        #expect(configuration.stages[0].options.int("sentences") == 2)
        #expect(configuration.stages[0].options.string("algorithm") == "textrank")
        #expect(configuration.stages[0].options.double("ratio") == nil)
        #expect(configuration.concurrency.documents == 8)
        #expect(configuration.output.directory == folder.appendingPathComponent("output").standardizedFileURL)
    }

    @Test func reportsYAMLSyntaxErrorsWithTheirPlace() {
        #expect(problems("stages:\n  - use: summarize\n    with: {sentences: [1}\n")
                == ["pipeline.yaml:3:25: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"])
    }

    @Test func reportsUnknownKeysAtEveryLevelWithSuggestions() {
        let found = problems("""
            verison: 1
            input:
              paths: [in]
              includes: ["*.txt"]
            stages:
              - use: summarize
                wth: {}
                with: { sentence: 2 }
            """)
        #expect(found.contains("pipeline.yaml:1:1: error: unknown key 'verison'; did you mean 'version'? (known: version, input, output, concurrency, stages)"))
        #expect(found.contains("pipeline.yaml:4:3: error: unknown option 'includes' in 'input'; did you mean 'include'? (known: paths, include, exclude, max_bytes)"))
        #expect(found.contains("pipeline.yaml:7:5: error: unknown key 'wth' in a stage; did you mean 'with'? (known: use, name, with)"))
        #expect(found.contains { $0.hasPrefix("pipeline.yaml:8:13: error: unknown option 'sentence' in stage 'summarize'; did you mean 'sentences'?") })
        #expect(found.count == 4)
    }

    @Test func suggestsTheClosestStageName() {
        #expect(problems("stages:\n  - use: summarise\n")
                == ["pipeline.yaml:2:10: error: unknown stage 'summarise'; did you mean 'summarize'? (known: summarize, external)"])
    }

    @Test func reportsMistypedOptions() {
        let found = problems("""
            stages:
              - use: summarize
                with:
                  sentences: three
                  enabled: maybe
                  command: python3
                  algorithm: pagerank
            """)
        #expect(found == [
            "pipeline.yaml:4:18: error: 'sentences' must be an integer 1…50, found 'three'",
            "pipeline.yaml:5:16: error: 'enabled' must be a boolean, found 'maybe'",
            "pipeline.yaml:6:16: error: 'command' must be a list of string, found 'python3'",
            "pipeline.yaml:7:18: error: 'pagerank' is not a valid value for 'algorithm' (expected textrank, lexrank, lead)",
        ])
    }

    @Test func reportsValuesOutOfRange() {
        #expect(problems("concurrency: {documents: 0}\nstages:\n  - use: summarize\n    with: {ratio: 1.5}\n") == [
            "pipeline.yaml:1:26: error: value 0 is out of range for 'documents' (integer 1…100000)",
            "pipeline.yaml:4:19: error: value 1.5 is out of range for 'ratio' (number 0.0…1.0)",
        ])
    }

    @Test func reportsMissingInputPaths() {
        #expect(problems("input:\n  paths: [in, missing]\nstages:\n  - use: summarize\n") == [
            "pipeline.yaml:2:15: error: input path 'missing' does not exist (resolved to \(folder.path)/missing)",
        ])
    }

    @Test func reportsDuplicateKeysAndKeepsGoing() {
        let found = problems("""
            input:
              paths: [in]
              paths: [in]
            stages:
              - use: summarize
                with:
                  sentences: 2
                  sentences: 3
                  ratio: 7
            """)
        #expect(found == [
            "pipeline.yaml:3:3: error: duplicate key 'paths' (first at line 2)",
            "pipeline.yaml:8:7: error: duplicate key 'sentences' (first at line 7)",
            "pipeline.yaml:9:14: error: value 7 is out of range for 'ratio' (number 0.0…1.0)",
        ])
    }

    @Test func reportsMissingRequiredOptionsAndInvalidRegexes() {
        let found = problems("stages:\n  - use: external\n  - use: summarize\n    with: {pattern: \"(unclosed\"}\n")
        #expect(found == [
            "pipeline.yaml:2:5: error: stage 'external' requires 'command'",
            "pipeline.yaml:4:21: error: 'pattern' is not a valid regular expression: (unclosed",
        ])
    }

    @Test func reportsAMissingOrEmptyStageList() {
        #expect(problems("version: 1\n") == ["pipeline.yaml:1:1: error: 'stages' is missing: list at least one stage, such as '- use: cleanup'"])
        #expect(problems("stages: []\n") == ["pipeline.yaml:1:9: error: 'stages' must be a non-empty list of stages, such as '- use: cleanup'"])
        #expect(problems("") == ["pipeline.yaml:1:1: error: the pipeline file is empty; it needs at least 'stages:'"])
    }

    @Test func reportsDuplicateStageNames() {
        #expect(problems("stages:\n  - use: summarize\n  - use: summarize\n")
                == ["pipeline.yaml:3:10: error: two stages are named 'summarize' (the first at line 2); give one a different 'name:'"])
        #expect(problems("stages:\n  - use: summarize\n  - use: summarize\n    name: second\n").isEmpty)
    }

    @Test func expandsEnvironmentVariables() throws {
        let configuration = try load("""
            input:
              paths: ["${DATA}"]
            output:
              dir: ${OUT:-results}
            stages:
              - use: summarize
                with: { sentences: "${N}" }
            """, environment: ["DATA": "in", "N": "4"]).get()
        #expect(configuration.input.paths == [folder.appendingPathComponent("in").standardizedFileURL])
        #expect(configuration.output.directory.lastPathComponent == "results")
        #expect(configuration.stages[0].options.int("sentences") == 4)
        #expect(problems("stages:\n  - use: summarize\n    name: ${MISSING}\n")
                == ["pipeline.yaml:3:11: error: environment variable 'MISSING' is not set (write ${MISSING:-default} to give a default)"])
    }

    @Test func survivesHostileYAML() {
        #expect(!problems("x: {{a: b}: 1}\n").isEmpty)
        #expect(!problems(String(repeating: "[", count: 5000)).isEmpty)
        #expect(!problems("a: &a [*a]\nstages: *a\n").isEmpty)
        #expect(!problems("stages:\n  - use: summarize\n    with: !!binary aGVsbG8=\n").isEmpty)
    }

    @Test func schemaDescribesEveryStageAndOption() {
        let schema = SchemaGenerator.schema(for: StageCatalog([ProbeStage.self]))
        let text = schema.orderedJSON.serialized()
        #expect(text.contains(#""$schema":"https://json-schema.org/draft/2020-12/schema""#))
        #expect(text.contains(#""const":"summarize""#))
        #expect(text.contains(#""sentences":{"default":3,"description":"How many.","maximum":50,"minimum":1,"type":"integer"}"#))
        #expect(text.contains(#""enum":["textrank","lexrank","lead"]"#))
    }

    /// Found by the `pipeline` fuzz target: libyaml counts a lone CR as a line break, and the
    /// duplicate-key report looked for the key in lines split at LF only (a crash).
    @Test func duplicateKeysAfterCarriageReturnLineBreaksAreReported() {
        let cr = String(repeating: "\r", count: 25)
        let found = problems("# yaml\(cr)a: pe\(cr)a: pe")
        #expect(found.contains { $0.contains("duplicate key 'a'") }, "\(found)")
        let mixed = problems("stages:\r\n  - use: summarize\u{2028}stages: []\n")
        #expect(mixed.contains { $0.contains("duplicate key 'stages'") }, "\(mixed)")
    }
}
