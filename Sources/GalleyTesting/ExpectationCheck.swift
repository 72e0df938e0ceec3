import Foundation
import GalleyCore

/// Checks one expectation against a document's JSON and, when it fails, says how.
enum ExpectationCheck {
    static func check(_ expectation: Expectation, in document: OrderedJSON, file: String) -> Failure? {
        let location = "\(file):\(expectation.line):\(expectation.column)"
        let field = expectation.field.description
        let value: OrderedJSON
        switch expectation.field.resolve(in: document) {
        case .success(let found): value = found
        case .failure(let lookup):
            return Failure(location: location, summary: "\(field): \(lookup.message)", details: [])
        }
        switch expectation.check {
        case .equals(let expected):
            if normalized(value) == normalized(expected) { return nil }
            var details = ["expected: \(show(expected))", "actual:   \(show(value))"]
            if case .string(let wanted) = expected, case .string(let got) = value {
                details = TextDiff.explain(expected: wanted, actual: got)
            }
            return Failure(location: location, summary: "\(field) is not equal to the expected value", details: details)
        case .contains(let expected):
            switch value {
            case .string(let text):
                guard case .string(let part) = expected else {
                    return Failure(location: location, summary: "\(field) is a string; 'contains' needs text, found \(show(expected))", details: [])
                }
                if text.contains(part) { return nil }
                return Failure(location: location, summary: "\(field) does not contain \(show(expected))",
                               details: ["actual: \(show(value))"] + TextDiff.nearest(part, in: text))
            case .array(let items):
                if items.contains(where: { normalized($0) == normalized(expected) }) { return nil }
                return Failure(location: location, summary: "\(field) has no item equal to \(show(expected))",
                               details: ["actual: \(show(value))"])
            default:
                return Failure(location: location, summary: "\(field) is \(FieldPath.kind(of: value)); 'contains' applies to strings and arrays",
                               details: ["actual: \(show(value))"])
            }
        case .matches(let pattern, let regex):
            guard case .string(let text) = value else {
                return Failure(location: location, summary: "\(field) is \(FieldPath.kind(of: value)); 'matches' applies to strings",
                               details: ["actual: \(show(value))"])
            }
            if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { return nil }
            return Failure(location: location, summary: "\(field) does not match /\(pattern)/", details: ["actual: \(show(value))"])
        case .count(let expected):
            let actual: Int
            switch value {
            case .array(let items): actual = items.count
            case .object(let members): actual = members.count
            case .string(let text): actual = text.count
            default:
                return Failure(location: location, summary: "\(field) is \(FieldPath.kind(of: value)); 'count' applies to arrays, objects and strings",
                               details: ["actual: \(show(value))"])
            }
            if actual == expected { return nil }
            return Failure(location: location, summary: "\(field) has \(actual) item\(actual == 1 ? "" : "s"), expected \(expected)",
                           details: ["actual: \(show(value))"])
        }
    }

    /// Objects with sorted keys, so that key order never decides equality.
    static func normalized(_ value: OrderedJSON) -> OrderedJSON {
        switch value {
        case .array(let items): .array(items.map(normalized))
        case .object(let members): .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, normalized($0.1)) })
        default: value
        }
    }

    /// A value as JSON on one line, cut at 300 characters.
    static func show(_ value: OrderedJSON) -> String {
        let text = value.serialized()
        return text.count > 300 ? String(text.prefix(300)) + "… (\(text.count) characters)" : text
    }
}

/// Differences between two texts, for failure messages.
enum TextDiff {
    /// For `equals` on strings: the first differing character of one-line texts, a line diff
    /// (`-` expected, `+` actual) of longer ones.
    static func explain(expected: String, actual: String) -> [String] {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if expectedLines.count == 1 && actualLines.count == 1 {
            let common = zip(expected, actual).prefix { $0 == $1 }.count
            let prefix = "actual:   \""
            let caretOffset = prefix.count + OrderedJSON.string(String(actual.prefix(common))).serialized().count - 2
            return [
                "expected: \(OrderedJSON.string(expected).serialized())",
                "actual:   \(OrderedJSON.string(actual).serialized())",
                String(repeating: " ", count: caretOffset) + "^ first difference at character \(common + 1)",
            ]
        }
        return ["--- expected", "+++ actual"] + lineDiff(expectedLines, actualLines)
    }

    /// A minimal line diff (longest common subsequence); unchanged lines far from a change are elided.
    static func lineDiff(_ old: [String], _ new: [String]) -> [String] {
        guard old.count * new.count <= 250_000 else {
            return old.map { "-" + $0 } + new.map { "+" + $0 }
        }
        var lengths = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [(Character, String)] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append((" ", old[i])); i += 1; j += 1
            } else if i < old.count, j == new.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                lines.append(("-", old[i])); i += 1
            } else {
                lines.append(("+", new[j])); j += 1
            }
        }
        let changed = lines.indices.filter { lines[$0].0 != " " }
        var output: [String] = []
        var skipped = false
        for (index, line) in lines.enumerated() {
            let near = changed.contains { abs($0 - index) <= 2 }
            if line.0 != " " || near {
                if skipped { output.append(" …"); skipped = false }
                output.append(String(line.0) + line.1)
            } else {
                skipped = true
            }
        }
        if skipped { output.append(" …") }
        return output
    }

    /// For `contains`: the longest prefix of `part` that the text does contain, to show where
    /// the text stops agreeing with the expectation.
    static func nearest(_ part: String, in text: String) -> [String] {
        var low = 0, high = part.count
        while low < high {
            let middle = (low + high + 1) / 2
            if text.contains(String(part.prefix(middle))) { low = middle } else { high = middle - 1 }
        }
        guard low > 0 else { return ["(no part of the expected text occurs)"] }
        let found = String(part.prefix(low))
        guard let range = text.range(of: found) else { return [] }
        let after = text[range.upperBound...].prefix(12)
        return ["the text has \(OrderedJSON.string(found).serialized()) followed by \(OrderedJSON.string(String(after)).serialized()), expected \(OrderedJSON.string(String(part.dropFirst(low))).serialized())"]
    }
}
