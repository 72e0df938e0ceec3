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
        String(decoding: bytes(pretty: pretty), as: UTF8.self)
    }

    /// UTF-8 bytes of ``serialized(pretty:)``.
    public func data(pretty: Bool = false) -> Data {
        Data(bytes(pretty: pretty))
    }

    /// The UTF-8 of ``serialized(pretty:)``, written as bytes: strings are copied from their
    /// UTF-8 in runs, with no `String` grown piece by piece.
    func bytes(pretty: Bool) -> [UInt8] {
        var output: [UInt8] = []
        // Room for all of it from the start: growing by doubling would hold the old and the new
        // buffer at once, up to three times a large document's JSON.
        output.reserveCapacity(estimatedByteCount(pretty: pretty, indent: 0))
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    /// About how many bytes ``write(to:pretty:indent:)`` writes, rather more than fewer: strings
    /// are counted with one escape every 8 bytes.
    private func estimatedByteCount(pretty: Bool, indent: Int) -> Int {
        // A comma, and in pretty output a newline and the indentation, before each item.
        let separator = pretty ? 2 + 2 * (indent + 1) : 1
        switch self {
        case .null, .bool: return 5
        case .int, .double: return 24
        case .string(let value): return Self.estimatedByteCount(value)
        case .array(let items):
            return items.reduce(separator + 2) { total, item in
                total + separator + item.estimatedByteCount(pretty: pretty, indent: indent + 1)
            }
        case .object(let members):
            return members.reduce(separator + 2) { total, member in
                total + separator + Self.estimatedByteCount(member.0) + 2
                    + member.1.estimatedByteCount(pretty: pretty, indent: indent + 1)
            }
        }
    }

    private static func estimatedByteCount(_ string: String) -> Int {
        let count = string.utf8.count
        return count + count / 8 + 2
    }

    private func write(to output: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: output += Self.nullBytes
        case .bool(let value): output += value ? Self.trueBytes : Self.falseBytes
        case .int(let value): Self.append(String(value), to: &output)
        case .double(let value):
            if value.isFinite {
                Self.append(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)",
                            to: &output)
            } else {
                output += Self.nullBytes
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let items):
            if items.isEmpty { output += Self.emptyArray; return }
            output.append(0x5B)  // [
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(0x2C) }  // ,
                if pretty { Self.newline(&output, indent + 1) }
                item.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output.append(0x5D)  // ]
        case .object(let members):
            if members.isEmpty { output += Self.emptyObject; return }
            output.append(0x7B)  // {
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(0x2C) }  // ,
                if pretty { Self.newline(&output, indent + 1) }
                Self.writeString(key, to: &output)
                output.append(0x3A)  // :
                if pretty { output.append(0x20) }
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output.append(0x7D)  // }
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let emptyArray = Array("[]".utf8)
    private static let emptyObject = Array("{}".utf8)

    private static func append(_ text: String, to output: inout [UInt8]) {
        output.append(contentsOf: text.utf8)
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: 2 * indent))
    }

    /// Writes `value` as a JSON string: `"`, `\\` and the control characters escaped, everything
    /// else (all of Unicode) as it is. The bytes between characters that need escaping are
    /// copied in runs, found 8 bytes at a time (every escaped character is ASCII, so a run always
    /// ends on a character boundary).
    static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var runStart = 0
            var index = 0
            while index < count {
                // Whole words of 8 bytes with nothing to escape are skipped at once.
                if index &+ 8 <= count,
                   !needsEscape(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))) {
                    index &+= 8
                    continue
                }
                let byte = base[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    if runStart != index { output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index &- runStart)) }
                    output += escapes[Int(byte == 0x22 ? 0x20 : byte == 0x5C ? 0x21 : byte)]
                    runStart = index &+ 1
                }
                index &+= 1
            }
            if runStart != count { output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count &- runStart)) }
        }
        output.append(0x22)
    }

    /// Whether any of 8 bytes of UTF-8 is a control character (below 0x20), `"` or `\\`.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // The usual test for a byte below `n`: `(x − n·ones) & ~x & highs` is not zero exactly
        // when one is (it may flag a byte above a true one too, which only costs a look at those
        // 8 bytes); below 1 is a zero byte, where `x ^ c·ones` finds the byte `c`.
        func hasBelow(_ value: UInt64, _ n: UInt64) -> UInt64 { (value &- n &* ones) & ~value & highs }
        return hasBelow(word, 0x20) | hasBelow(word ^ (0x22 &* ones), 1) | hasBelow(word ^ (0x5C &* ones), 1) != 0
    }

    /// The escape of each control character (0x00–0x1F), then of `"` and of `\\`, as UTF-8.
    private static let escapes: [[UInt8]] = ((0..<0x20).map { (code: Int) -> String in
        switch code {
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x08: "\\b"
        case 0x0C: "\\f"
        default:
            "\\u00" + (code < 0x10 ? "0" : "") + String(code, radix: 16)
        }
    } + ["\\\"", "\\\\"]).map { Array($0.utf8) }
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
