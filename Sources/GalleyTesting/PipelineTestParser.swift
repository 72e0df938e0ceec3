import Foundation
import GalleyConfig
import GalleyCore
import Yams

/// Reads a pipeline test file with `Yams.compose` (never `Yams.load`), reporting every problem
/// with its line and column, as `galley validate` does for `pipeline.yaml`.
public struct PipelineTestParser: Sendable {
    public var catalog: StageCatalog

    public init(catalog: StageCatalog) { self.catalog = catalog }

    static let fileKeys = ["cases"]
    static let caseKeys = ["name", "input", "id", "language", "stages", "dropped", "expect"]
    static let stageKeys = ["use", "with"]
    static let checkKeys = ["equals", "contains", "matches", "count"]
    static let expectationKeys = ["field"] + checkKeys

    /// Reads the file at `url`; `name` is what messages print.
    public func parse(file url: URL, name: String) throws(ConfigurationError) -> PipelineTestFile {
        guard let data = try? Data(contentsOf: url) else {
            throw ConfigurationError([Diagnostic(file: name, line: 0, column: 0, message: "cannot read the test file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigurationError([Diagnostic(file: name, line: 0, column: 0, message: "the test file is not valid UTF-8")])
        }
        return try parse(text: text, name: name, baseDirectory: url.standardizedFileURL.deletingLastPathComponent())
    }

    public func parse(text: String, name: String, baseDirectory: URL) throws(ConfigurationError) -> PipelineTestFile {
        var problems = Problems(file: name)  // no environment: tests must not depend on it
        let root: Node?
        do {
            root = try GuardedYAML.compose(text)
        } catch let refusal as GuardedYAML.Refusal {
            throw ConfigurationError([Diagnostic(file: name, line: refusal.line, column: refusal.column, message: refusal.message)])
        } catch let error as YamlError {
            let (line, column, message) = PipelineLoader.describe(error)
            throw ConfigurationError([Diagnostic(file: name, line: line, column: column, message: "invalid YAML: \(message)")])
        } catch {
            throw ConfigurationError([Diagnostic(file: name, line: 1, column: 1, message: "invalid YAML: \(error)")])
        }
        var cases: [PipelineTestCase] = []
        if let root, case .mapping(let mapping) = root {
            var casesNode: Node?
            for (key, value) in mapping {
                let keyName = key.scalar?.string ?? ""
                if keyName == "cases" { casesNode = value } else { problems.unknown(keyName, at: key, in: "the test file", known: Self.fileKeys) }
            }
            if let casesNode, case .sequence(let sequence) = casesNode, !sequence.isEmpty {
                var names: [String: Int] = [:]
                for item in sequence {
                    if let testCase = readCase(item, problems: &problems) {
                        if let first = names[testCase.name] {
                            problems.error("two cases are named '\(testCase.name)' (the first at line \(first))", at: item)
                        }
                        names[testCase.name] = testCase.line
                        cases.append(testCase)
                    }
                }
            } else {
                problems.error("'cases' must be a non-empty list of cases, each with 'name', 'input' and 'expect'", at: casesNode ?? root)
            }
        } else {
            problems.error("a test file is a mapping with 'cases:', a list of cases with 'name', 'input' and 'expect'", at: root)
        }
        if !problems.diagnostics.isEmpty { throw ConfigurationError(problems.diagnostics.sorted()) }
        return PipelineTestFile(name: name, baseDirectory: baseDirectory, cases: cases)
    }

    private func readCase(_ node: Node, problems: inout Problems) -> PipelineTestCase? {
        guard case .mapping(let mapping) = node else {
            problems.error("a case is a mapping with 'name', 'input' and 'expect'", at: node)
            return nil
        }
        let before = problems.diagnostics.count
        var name: String?, input: String?, id: String?, language: String?, dropped: Bool?
        var stages: [StageReference]?
        var expectations: [Expectation] = []
        for (key, value) in mapping {
            switch key.scalar?.string {
            case "name": name = problems.string(value, "name")
            case "input": input = problems.string(value, "input")
            case "id": id = problems.string(value, "id")
            case "language": language = problems.string(value, "language")
            case "dropped": dropped = problems.bool(value, "dropped")
            case "stages": stages = readStages(value, problems: &problems)
            case "expect":
                guard case .sequence(let items) = value else {
                    problems.error("'expect' must be a list of checks such as { field: text, contains: \"…\" }", at: value)
                    continue
                }
                for item in items {
                    if let expectation = readExpectation(item, problems: &problems) { expectations.append(expectation) }
                }
            default: problems.unknown(key.scalar?.string ?? "", at: key, in: "a case", known: Self.caseKeys)
            }
        }
        if name == nil, mapping["name"] == nil { problems.error("this case has no 'name'", at: node) }
        if input == nil, mapping["input"] == nil { problems.error("this case has no 'input' text", at: node) }
        if mapping["expect"] == nil && dropped == nil {
            problems.error("this case checks nothing: add 'expect:' (a list of checks) or 'dropped: true'", at: node)
        } else if case .sequence(let items)? = mapping["expect"], items.isEmpty, dropped == nil {
            problems.error("'expect' is empty: this case would check nothing", at: mapping["expect"])
        }
        if dropped == true && !expectations.isEmpty {
            problems.error("a case with 'dropped: true' has no document to check: remove 'expect' or the drop", at: mapping["expect"])
        }
        guard problems.diagnostics.count == before, let name, let input else { return nil }
        let mark = node.mark
        return PipelineTestCase(name: name, line: mark?.line ?? 0, column: mark?.column ?? 0, input: input,
                                id: id ?? "test", language: language, stages: stages, dropped: dropped,
                                expectations: expectations)
    }

    private func readStages(_ node: Node, problems: inout Problems) -> [StageReference]? {
        guard case .sequence(let items) = node else {
            problems.error("'stages' must be a list of stage names, such as [cleanup, dehyphenate]", at: node)
            return nil
        }
        var stages: [StageReference] = []
        for item in items {
            var useNode: Node?, withNode: Node?
            switch item {
            case .scalar:
                useNode = item
            case .mapping(let mapping):
                for (key, value) in mapping {
                    switch key.scalar?.string {
                    case "use": useNode = value
                    case "with": withNode = value
                    default: problems.unknown(key.scalar?.string ?? "", at: key, in: "a stage", known: Self.stageKeys)
                    }
                }
            default:
                problems.error("a stage is a name (cleanup) or a mapping ({ use: filter, with: { min_chars: 10 } })", at: item)
                continue
            }
            guard let useNode, let use = useNode.scalar?.string, !use.isEmpty else {
                problems.error("this stage has no 'use:' naming its module", at: item)
                continue
            }
            guard let type = catalog.type(named: use) else {
                problems.error("unknown stage '\(use)'" + Suggestion.hint(for: use, in: catalog.names)
                               + " (known: \(catalog.names.joined(separator: ", ")))", at: useNode)
                continue
            }
            if type.descriptor.writesOutput {
                problems.error("stage '\(use)' writes files; galley test runs stages that change documents only", at: useNode)
                continue
            }
            let options = problems.options(withNode, specs: type.descriptor.options, context: "stage '\(use)'", owner: item)
            let mark = item.mark
            stages.append(StageReference(use: use, options: options, line: mark?.line ?? 0, column: mark?.column ?? 0))
        }
        return stages
    }

    private func readExpectation(_ node: Node, problems: inout Problems) -> Expectation? {
        guard case .mapping(let mapping) = node else {
            problems.error("a check is a mapping such as { field: text, contains: \"…\" }", at: node)
            return nil
        }
        var field: FieldPath?
        var checks: [(String, Node, Node)] = []
        for (key, value) in mapping {
            let keyName = key.scalar?.string ?? ""
            if keyName == "field" {
                guard let text = problems.string(value, "field") else { continue }
                switch FieldPath.parse(text) {
                case .success(let path): field = path
                case .failure(let error):
                    let mark = value.mark
                    let quoted = value.scalar.map { $0.style == .plain ? 0 : 1 } ?? 0
                    problems.error("invalid field path '\(text)': \(error.message)",
                                   line: mark?.line ?? 1, column: (mark?.column ?? 1) + quoted + error.offset)
                }
            } else if Self.checkKeys.contains(keyName) {
                checks.append((keyName, key, value))
            } else {
                problems.unknown(keyName, at: key, in: "a check", known: Self.expectationKeys)
            }
        }
        if mapping["field"] == nil {
            problems.error("this check has no 'field' (a path into the document such as text or sections[0].title)", at: node)
        }
        guard checks.count == 1 else {
            if checks.isEmpty {
                problems.error("this check needs one of \(Self.checkKeys.joined(separator: ", "))", at: node)
            } else {
                problems.error("a check has one of \(Self.checkKeys.joined(separator: ", ")); split it into one check each", at: checks[1].1)
            }
            return nil
        }
        let (kind, _, value) = checks[0]
        let check: Expectation.Check
        switch kind {
        case "equals":
            check = .equals(YAMLJSON.json(value))
        case "contains":
            check = .contains(YAMLJSON.json(value))
        case "matches":
            guard let pattern = problems.string(value, "matches") else { return nil }
            do {
                check = .matches(pattern: pattern, regex: try NSRegularExpression(pattern: pattern))
            } catch {
                problems.error("'matches' is not a valid regular expression: \(pattern)", at: value)
                return nil
            }
        default:
            guard let text = value.scalar?.string, value.scalar?.style == .plain, let number = Int(text), number >= 0 else {
                problems.error("'count' must be a whole number of items, 0 or more", at: value)
                return nil
            }
            check = .count(number)
        }
        guard let field else { return nil }
        let mark = node.mark
        return Expectation(field: field, check: check, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }
}

/// The problems found so far in one file: GalleyConfig's reader, which checks stage options
/// exactly as `pipeline.yaml` gets them checked, with the few reads test files add.
typealias Problems = ValueReader

extension ValueReader {
    mutating func unknown(_ key: String, at node: Node, in place: String, known: [String]) {
        error("unknown key '\(key)' in \(place)" + Suggestion.hint(for: key, in: known)
              + " (known: \(known.joined(separator: ", ")))", at: node)
    }

    mutating func string(_ node: Node, _ name: String) -> String? {
        guard let scalar = node.scalar else {
            error("'\(name)' must be text", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, _ name: String) -> Bool? {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("'\(name)' must be true or false", at: node)
            return nil
        }
    }
}

/// YAML values as JSON, for `equals` and `contains`: plain scalars are resolved the YAML 1.2
/// way (`null`, `~`, `true`, numbers), quoted scalars are always strings.
enum YAMLJSON {
    static func json(_ node: Node) -> OrderedJSON {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            let text = scalar.string
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                if let number = Int(text) { return .int(number) }
                if text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true, let number = Double(text) {
                    return .double(number)
                }
                return .string(text)
            }
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .mapping(let mapping):
            return .object(mapping.map { ($0.key.scalar?.string ?? "", json($0.value)) })
        case .alias:
            return .null
        }
    }
}
