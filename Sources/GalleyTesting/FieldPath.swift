import GalleyCore

/// A path into the document JSON: `text`, `sections[0].title`, `captions[-1].credit` (negative
/// indexes count from the end). Metadata keys contain dots and are found whole:
/// `metadata.cleanup.mojibake_fixed` reads the key `cleanup.mojibake_fixed`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        case key(String)
        /// An array index; negative counts from the end.
        case index(Int)
    }

    public var steps: [Step]
    public var description: String

    /// Parses `text`; on error, the message and the 0-based character offset of the problem.
    public static func parse(_ text: String) -> Result<FieldPath, FieldPathError> {
        var steps: [Step] = []
        let characters = Array(text)
        var position = 0
        guard !characters.isEmpty else { return .failure(FieldPathError(message: "the field path is empty", offset: 0)) }
        while position < characters.count {
            if characters[position] == "[" {
                guard let close = characters[position...].firstIndex(of: "]") else {
                    return .failure(FieldPathError(message: "'[' without ']'", offset: position))
                }
                let inside = String(characters[(position + 1)..<close]).trimmingSpaces()
                guard let index = Int(inside) else {
                    return .failure(FieldPathError(message: "'[\(inside)]' is not an index: write a whole number such as [0] or [-1]", offset: position))
                }
                steps.append(.index(index))
                position = close + 1
                if position < characters.count {
                    if characters[position] == "." {
                        position += 1
                        guard position < characters.count else {
                            return .failure(FieldPathError(message: "the path ends with '.'", offset: position - 1))
                        }
                    } else if characters[position] != "[" {
                        return .failure(FieldPathError(message: "expected '.' or '[' after ']'", offset: position))
                    }
                }
            } else {
                var end = position
                while end < characters.count, characters[end] != ".", characters[end] != "[" { end += 1 }
                let key = String(characters[position..<end])
                guard !key.isEmpty else {
                    return .failure(FieldPathError(message: "empty name in the field path", offset: position))
                }
                steps.append(.key(key))
                position = end
                if position < characters.count, characters[position] == "." {
                    position += 1
                    guard position < characters.count else {
                        return .failure(FieldPathError(message: "the path ends with '.'", offset: position - 1))
                    }
                }
            }
        }
        return .success(FieldPath(steps: steps, description: text))
    }

    /// The value at this path in `json`, or a message saying where the path leaves the document.
    public func resolve(in json: OrderedJSON) -> Result<OrderedJSON, LookupFailure> {
        var current = json
        var walked = ""
        var index = 0
        while index < steps.count {
            switch steps[index] {
            case .key(let key):
                guard case .object(let members) = current else {
                    return .failure(LookupFailure(message: "'\(walked)' is \(Self.kind(of: current)), not an object, so it has no '\(key)'"))
                }
                if let value = members.first(where: { $0.0 == key })?.1 {
                    current = value
                    walked += walked.isEmpty ? key : ".\(key)"
                } else if let (joined, consumed) = Self.dottedKey(in: members, from: steps[index...]) {
                    // Metadata keys contain dots: `metadata.cleanup.fixed` → key `cleanup.fixed`.
                    current = members.first { $0.0 == joined }!.1
                    walked += walked.isEmpty ? joined : ".\(joined)"
                    index += consumed
                    continue
                } else {
                    let keys = members.map(\.0).joined(separator: ", ")
                    let place = walked.isEmpty ? "the document" : "'\(walked)'"
                    return .failure(LookupFailure(message: "\(place) has no field '\(key)' (it has: \(keys))"))
                }
            case .index(let position):
                guard case .array(let items) = current else {
                    return .failure(LookupFailure(message: "'\(walked)' is \(Self.kind(of: current)), not an array, so [\(position)] does not apply"))
                }
                let resolved = position < 0 ? items.count + position : position
                guard resolved >= 0, resolved < items.count else {
                    return .failure(LookupFailure(message: "'\(walked)' has \(items.count) item\(items.count == 1 ? "" : "s"), so [\(position)] does not exist"))
                }
                current = items[resolved]
                walked += "[\(position)]"
            }
            index += 1
        }
        return .success(current)
    }

    private static func dottedKey(in members: [(String, OrderedJSON)], from rest: ArraySlice<Step>) -> (String, Int)? {
        var parts: [String] = []
        for step in rest {
            guard case .key(let key) = step else { break }
            parts.append(key)
            let joined = parts.joined(separator: ".")
            if parts.count > 1, members.contains(where: { $0.0 == joined }) { return (joined, parts.count) }
        }
        return nil
    }

    static func kind(of value: OrderedJSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A field path that cannot be parsed.
public struct FieldPathError: Error, Sendable {
    public var message: String
    public var offset: Int
}

/// A path that leaves the document.
public struct LookupFailure: Error, Sendable {
    public var message: String
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
