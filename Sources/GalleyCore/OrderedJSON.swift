import Foundation

/// A JSON tree whose objects keep their keys in the order given, and its serializer.
///
/// Documents are written through this rather than `JSONEncoder`, so that their fields come in
/// the order DESIGN.md shows (`id`, `source`, `language`, `text`, …) and the same document is
/// always the same bytes.
public indirect enum OrderedJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(serialized()) }

    /// Compact JSON (one line), or indented by two spaces when `pretty`.
    public func serialized(pretty: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    /// UTF-8 bytes of ``serialized(pretty:)``.
    public func data(pretty: Bool = false) -> Data {
        Data(serialized(pretty: pretty).utf8)
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            if value.isFinite {
                output += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            } else {
                output += "null"
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                if pretty { Self.newline(&output, indent + 1) }
                item.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output += "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                if pretty { Self.newline(&output, indent + 1) }
                Self.writeString(key, to: &output)
                output += pretty ? ": " : ":"
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: Int) {
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// Writes `value` as a JSON string. The bytes between characters that need escaping are
    /// copied in runs (every escaped character is ASCII, so a run always ends on a character
    /// boundary); texts with line breaks — nearly all — are not rebuilt character by character.
    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        let utf8 = value.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if runStart != index { output += value[runStart..<index] }
                output += escapes[Int(byte == 0x22 ? 0x20 : byte == 0x5C ? 0x21 : byte)]
                index = utf8.index(after: index)
                runStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        if runStart != utf8.endIndex { output += value[runStart..<utf8.endIndex] }
        output += "\""
    }

    /// The escape of each control character (0x00–0x1F), then of `"` and of `\\`.
    private static let escapes: [String] = (0..<0x20).map { (code: Int) -> String in
        switch code {
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x08: "\\b"
        case 0x0C: "\\f"
        default:
            "\\u00" + (code < 0x10 ? "0" : "") + String(code, radix: 16)
        }
    } + ["\\\"", "\\\\"]
}

/// Values that have a canonical JSON form with ordered keys.
public protocol OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON { get }
}

extension Optional where Wrapped: OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON { self?.orderedJSON ?? .null }
}

extension String: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON { .string(self) }
}

extension Int: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON { .int(self) }
}

extension Array: OrderedJSONRepresentable where Element: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON { .array(map(\.orderedJSON)) }
}

extension JSONValue: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.orderedJSON))
        case .object(let members): .object(members.keys.sorted().map { ($0, members[$0]!.orderedJSON) })
        }
    }
}

extension Document: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON {
        .object([
            ("id", .string(id)),
            ("source", .string(source)),
            ("language", language.orderedJSON),
            ("text", .string(text)),
            ("sections", sections.orderedJSON),
            ("captions", captions.orderedJSON),
            ("metadata", metadata.orderedJSON),
        ])
    }
}

extension Section: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("kicker", kicker.orderedJSON),
            ("title", title.orderedJSON),
            ("subtitle", subtitle.orderedJSON),
            ("byline", byline.orderedJSON),
            ("text", .string(text)),
            ("summary", summary.orderedJSON),
        ]
        if let keywords { members.append(("keywords", keywords.orderedJSON)) }
        return .object(members)
    }
}

extension Caption: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("text", .string(text)),
            ("credit", credit.orderedJSON),
            ("section", section.orderedJSON),
        ]
        if let kind { members.append(("kind", .string(kind))) }
        if let label { members.append(("label", .string(label))) }
        return .object(members)
    }
}

extension Metadata: OrderedJSONRepresentable {
    public var orderedJSON: OrderedJSON { JSONValue.object(values).orderedJSON }
}
