import Foundation
import GalleyCore
import Yams

/// Turns YAML nodes into typed option values, collecting a ``Diagnostic`` for every problem
/// instead of stopping at the first. `${VAR}` and `${VAR:-default}` in scalars are expanded
/// from the environment first. Used for `pipeline.yaml` and for `galley test` files.
public struct ValueReader {
    public let file: String
    public let environment: [String: String]
    /// Keys renamed to get past a duplicate-key error; they were already reported.
    let silencedKeys: Set<String>
    public var diagnostics: [Diagnostic] = []

    /// A reader for `file` (the name messages print), expanding variables from `environment`.
    public init(file: String, environment: [String: String] = [:]) {
        self.init(file: file, environment: environment, silencedKeys: [], diagnostics: [])
    }

    init(file: String, environment: [String: String], silencedKeys: Set<String>, diagnostics: [Diagnostic]) {
        self.file = file
        self.environment = environment
        self.silencedKeys = silencedKeys
        self.diagnostics = diagnostics
    }

    public mutating func error(_ message: String, at node: Node?) {
        let mark = node?.mark
        diagnostics.append(Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    public mutating func error(_ message: String, line: Int, column: Int) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
    }

    /// Whether a node is YAML's null (`~`, `null`, or nothing).
    public static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar's text with environment variables expanded.
    public mutating func scalarText(_ node: Node) -> String? {
        guard let scalar = node.scalar else { return nil }
        return expand(scalar.string, at: node)
    }

    mutating func expand(_ text: String, at node: Node) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("$") {
                result += "$"
                rest = after.dropFirst()
                continue
            }
            guard after.hasPrefix("{") else {
                result += "$"
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                error("'$\(after.prefix(40))' has no closing '}' (write $$ for a literal $)", at: node)
                result += "$"
                rest = after
                continue
            }
            let body = after[after.index(after: after.startIndex)..<close]
            rest = after[after.index(after: close)...]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
                error("'${\(body)}' is not a valid environment variable reference", at: node)
                continue
            }
            if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                error("environment variable '\(name)' is not set (write ${\(name):-default} to give a default)", at: node)
            }
        }
        result += rest
        return result
    }

    /// Reads `node` as a value of `type`; nil (with a diagnostic) when it is not one.
    public mutating func value(_ node: Node, as type: OptionType, name: String) -> OptionValue? {
        switch type {
        case .boolean:
            guard let text = scalarText(node) else { return mismatch(node, type, name) }
            switch text.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: return mismatch(node, type, name)
            }
        case .integer(let low, let high):
            guard let text = scalarText(node), let number = Int(text.replacingOccurrences(of: "_", with: "")) else {
                return mismatch(node, type, name)
            }
            if let low, number < low { return outOfRange(node, "\(number)", type, name) }
            if let high, number > high { return outOfRange(node, "\(number)", type, name) }
            return .int(number)
        case .number(let low, let high):
            guard let text = scalarText(node), let number = Double(text), number.isFinite else {
                return mismatch(node, type, name)
            }
            if let low, number < low { return outOfRange(node, text, type, name) }
            if let high, number > high { return outOfRange(node, text, type, name) }
            return .number(number)
        case .string, .path:
            guard let text = scalarText(node) else { return mismatch(node, type, name) }
            return .string(text)
        case .regex:
            guard let text = scalarText(node) else { return mismatch(node, type, name) }
            do {
                _ = try NSRegularExpression(pattern: text)
            } catch {
                self.error("'\(name)' is not a valid regular expression: \(text)", at: node)
                return nil
            }
            return .string(text)
        case .choice(let words):
            guard let text = scalarText(node) else { return mismatch(node, type, name) }
            guard words.contains(text) else {
                error("'\(text)' is not a valid value for '\(name)' (expected \(words.joined(separator: ", ")))"
                      + Suggestion.hint(for: text, in: words), at: node)
                return nil
            }
            return .string(text)
        case .list(let element):
            guard case .sequence(let sequence) = node else { return mismatch(node, type, name) }
            var items: [OptionValue] = []
            var ok = true
            for item in sequence {
                if let value = value(item, as: element, name: name) { items.append(value) } else { ok = false }
            }
            return ok ? .list(items) : nil
        case .map(let element):
            guard case .mapping(let mapping) = node else { return mismatch(node, type, name) }
            var members: [String: OptionValue] = [:]
            var ok = true
            for (key, item) in mapping {
                guard let keyText = key.scalar?.string else {
                    error("keys of '\(name)' must be strings", at: key)
                    ok = false
                    continue
                }
                if let value = value(item, as: element, name: "\(name).\(keyText)") {
                    members[keyText] = value
                } else {
                    ok = false
                }
            }
            return ok ? .map(members) : nil
        }
    }

    private mutating func mismatch(_ node: Node, _ type: OptionType, _ name: String) -> OptionValue? {
        let found: String
        switch node {
        case .scalar(let scalar): found = "'\(scalar.string)'"
        case .mapping: found = "a mapping"
        case .sequence: found = "a list"
        case .alias: found = "an alias"
        }
        error("'\(name)' must be \(Self.article(type.displayName)), found \(found)", at: node)
        return nil
    }

    private mutating func outOfRange(_ node: Node, _ text: String, _ type: OptionType, _ name: String) -> OptionValue? {
        error("value \(text) is out of range for '\(name)' (\(type.displayName))", at: node)
        return nil
    }

    static func article(_ word: String) -> String {
        if word.contains(" | ") { return "one of \(word)" }
        return (["a", "e", "i", "o", "u"].contains(word.prefix(1)) ? "an " : "a ") + word
    }

    /// Reads a mapping whose keys are declared by `specs`: unknown keys, wrong types, missing
    /// required keys and out-of-range values are each reported. Returns the values set.
    /// `owner` is where a missing mapping is reported.
    public mutating func options(_ node: Node?, specs: [OptionSpec], context: String, owner: Node? = nil) -> [String: OptionValue] {
        guard let node, !Self.isNull(node) else {
            for spec in specs where spec.isRequired {
                error("\(context) requires '\(spec.name)'", at: node ?? owner)
            }
            return [:]
        }
        guard case .mapping(let mapping) = node else {
            error("\(context) must be a mapping of options", at: node)
            return [:]
        }
        var values: [String: OptionValue] = [:]
        for (key, item) in mapping {
            guard let name = key.scalar?.string else {
                error("option names in \(context) must be strings", at: key)
                continue
            }
            if silencedKeys.contains(name) { continue }
            guard let spec = specs.first(where: { $0.name == name }) else {
                let known = specs.map(\.name)
                let list = known.isEmpty ? "it takes no options" : "known: \(known.joined(separator: ", "))"
                error("unknown option '\(name)' in \(context)" + Suggestion.hint(for: name, in: known) + " (\(list))", at: key)
                continue
            }
            if Self.isNull(item) {
                if spec.isRequired { error("'\(name)' in \(context) must not be empty", at: item) }
                continue
            }
            if let value = value(item, as: spec.type, name: name) { values[name] = value }
        }
        for spec in specs where spec.isRequired && values[spec.name] == nil
            && !mapping.contains(where: { $0.key.scalar?.string == spec.name }) {
            error("\(context) requires '\(spec.name)'", at: node)
        }
        return values
    }
}
