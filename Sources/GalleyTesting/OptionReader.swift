import Foundation
import GalleyConfig
import GalleyCore
import Yams

/// Reads the `with:` options of a stage named in a test case against the stage's declared
/// options, the same checks `pipeline.yaml` gets: unknown keys (with a suggestion), types,
/// ranges, choices and regular expressions. (GalleyConfig's reader is internal to it; this
/// one has no `${VAR}` expansion, which tests should not depend on.)
enum OptionReader {
    static func read(_ node: Node?, specs: [OptionSpec], stage: String, problems: inout Problems) -> [String: OptionValue] {
        guard let node, !isNull(node) else {
            for spec in specs where spec.isRequired {
                problems.error("stage '\(stage)' requires '\(spec.name)' under 'with:'", at: node)
            }
            return [:]
        }
        guard case .mapping(let mapping) = node else {
            problems.error("'with' must be a mapping of options of stage '\(stage)'", at: node)
            return [:]
        }
        var values: [String: OptionValue] = [:]
        for (key, item) in mapping {
            let name = key.scalar?.string ?? ""
            guard let spec = specs.first(where: { $0.name == name }) else {
                let known = specs.map(\.name)
                problems.error("unknown option '\(name)' in stage '\(stage)'" + Suggestion.hint(for: name, in: known)
                               + (known.isEmpty ? " (it takes no options)" : " (known: \(known.joined(separator: ", ")))"), at: key)
                continue
            }
            if isNull(item) { continue }
            if let value = value(item, as: spec.type, name: name, problems: &problems) { values[name] = value }
        }
        for spec in specs where spec.isRequired && values[spec.name] == nil && mapping[spec.name] == nil {
            problems.error("stage '\(stage)' requires '\(spec.name)' under 'with:'", at: node)
        }
        return values
    }

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func value(_ node: Node, as type: OptionType, name: String, problems: inout Problems) -> OptionValue? {
        func mismatch() -> OptionValue? {
            problems.error("'\(name)' must be \(type.displayName)", at: node)
            return nil
        }
        func inRange<T: Comparable>(_ number: T, _ low: T?, _ high: T?) -> Bool {
            if let low, number < low { return false }
            if let high, number > high { return false }
            return true
        }
        switch type {
        case .boolean:
            switch node.scalar?.string.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: return mismatch()
            }
        case .integer(let low, let high):
            guard let text = node.scalar?.string, let number = Int(text.replacingOccurrences(of: "_", with: "")) else { return mismatch() }
            guard inRange(number, low, high) else {
                problems.error("value \(number) is out of range for '\(name)' (\(type.displayName))", at: node)
                return nil
            }
            return .int(number)
        case .number(let low, let high):
            guard let text = node.scalar?.string, let number = Double(text), number.isFinite else { return mismatch() }
            guard inRange(number, low, high) else {
                problems.error("value \(text) is out of range for '\(name)' (\(type.displayName))", at: node)
                return nil
            }
            return .number(number)
        case .string, .path:
            guard let text = node.scalar?.string else { return mismatch() }
            return .string(text)
        case .regex:
            guard let text = node.scalar?.string else { return mismatch() }
            guard (try? NSRegularExpression(pattern: text)) != nil else {
                problems.error("'\(name)' is not a valid regular expression: \(text)", at: node)
                return nil
            }
            return .string(text)
        case .choice(let words):
            guard let text = node.scalar?.string else { return mismatch() }
            guard words.contains(text) else {
                problems.error("'\(text)' is not a valid value for '\(name)' (expected \(words.joined(separator: ", ")))"
                               + Suggestion.hint(for: text, in: words), at: node)
                return nil
            }
            return .string(text)
        case .list(let element):
            guard case .sequence(let sequence) = node else { return mismatch() }
            let items = sequence.map { value($0, as: element, name: name, problems: &problems) }
            return items.contains { $0 == nil } ? nil : .list(items.compactMap { $0 })
        case .map(let element):
            guard case .mapping(let mapping) = node else { return mismatch() }
            var members: [String: OptionValue] = [:]
            var ok = true
            for (key, item) in mapping {
                let keyText = key.scalar?.string ?? ""
                if let value = value(item, as: element, name: "\(name).\(keyText)", problems: &problems) {
                    members[keyText] = value
                } else {
                    ok = false
                }
            }
            return ok ? .map(members) : nil
        }
    }
}
