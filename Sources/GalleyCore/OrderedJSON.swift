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
        let output = bytes(pretty: pretty, extra: 0)
        let string = String(decoding: output.buffer, as: UTF8.self)
        output.deallocate()
        return string
    }

    /// UTF-8 bytes of ``serialized(pretty:)``, followed by a newline with `newline`: written
    /// into one buffer sized for them in advance, which the `Data` then owns (no copy).
    public func data(pretty: Bool = false, newline: Bool = false) -> Data {
        var output = bytes(pretty: pretty, extra: newline ? 1 : 0)
        if newline { output.append(0x0A) }
        return output.data()
    }

    /// Writes ``data(pretty:newline:)``'s bytes to `sink` through a buffer of `bufferBytes`
    /// (at most as many as the output), without holding the whole output in memory: a large
    /// document's JSON goes to its file, or through a hash, a buffer at a time.
    public func write(to sink: ByteSink, pretty: Bool = false, newline: Bool = false, bufferBytes: Int = 1 << 20) {
        var output = ByteOutput(
            capacity: min(bufferBytes, estimatedByteCount(pretty: pretty, indent: 0) + 1), sink: sink)
        write(to: &output, pretty: pretty, indent: 0)
        if newline { output.append(0x0A) }
        output.flush()
        output.deallocate()
    }

    /// The UTF-8 of ``serialized(pretty:)``, written as bytes with room for `extra` more:
    /// strings are copied from their UTF-8 in runs, with no `String` grown piece by piece.
    private func bytes(pretty: Bool, extra: Int) -> ByteOutput {
        // Room for all of it from the start: growing by doubling would hold the old and the new
        // buffer at once, up to three times a large document's JSON.
        var output = ByteOutput(capacity: estimatedByteCount(pretty: pretty, indent: 0) + extra)
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

    private func write(to output: inout ByteOutput, pretty: Bool, indent: Int) {
        switch self {
        case .null: output.append(Self.nullBytes)
        case .bool(let value): output.append(value ? Self.trueBytes : Self.falseBytes)
        case .int(let value): Self.append(String(value), to: &output)
        case .double(let value):
            if value.isFinite {
                Self.append(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)",
                            to: &output)
            } else {
                output.append(Self.nullBytes)
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let items):
            if items.isEmpty { output.append(Self.emptyArray); return }
            output.append(0x5B)  // [
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(0x2C) }  // ,
                if pretty { Self.newline(&output, indent + 1) }
                item.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output.append(0x5D)  // ]
        case .object(let members):
            if members.isEmpty { output.append(Self.emptyObject); return }
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

    private static let nullBytes: StaticString = "null"
    private static let trueBytes: StaticString = "true"
    private static let falseBytes: StaticString = "false"
    private static let emptyArray: StaticString = "[]"
    private static let emptyObject: StaticString = "{}"

    private static func append(_ text: String, to output: inout ByteOutput) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    private static func newline(_ output: inout ByteOutput, _ indent: Int) {
        output.append(0x0A)
        output.append(repeating: 0x20, count: 2 * indent)
    }

    /// Writes `value` as a JSON string: `"`, `\\` and the control characters escaped, everything
    /// else (all of Unicode) as it is. The bytes between characters that need escaping are
    /// copied in runs, found 8 bytes at a time (every escaped character is ASCII, so a run always
    /// ends on a character boundary).
    static func writeString(_ value: String, to output: inout ByteOutput) {
        output.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var runStart = 0
            var index = 0
            func escape(at position: Int) {
                let byte = base[position]
                if runStart != position { output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: position &- runStart)) }
                output.append(contentsOf: escapes[Int(byte == 0x22 ? 0x20 : byte == 0x5C ? 0x21 : byte)])
                runStart = position &+ 1
            }
            // Whole words of 8 bytes: one with nothing to escape is skipped at once; in one that
            // has, the lowest flagged byte is one to escape (the flags are exact up to it), and
            // the search goes on right after it.
            while index &+ 8 <= count {
                let flags = escapeFlags(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                if flags == 0 {
                    index &+= 8
                    continue
                }
                let position = index &+ flags.trailingZeroBitCount >> 3
                escape(at: position)
                index = position &+ 1
            }
            while index < count {
                let byte = base[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C { escape(at: index) }
                index &+= 1
            }
            if runStart != count { output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count &- runStart)) }
        }
        output.append(0x22)
    }

    /// The high bit of each of 8 bytes (the first byte lowest) that may need escaping: not zero
    /// exactly when one of them is a control character (below 0x20), `"` or `\\`, and the
    /// lowest flag always marks such a byte.
    @inline(__always)
    static func escapeFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // The usual test for a byte below `n`: `(x − n·ones) & ~x & highs` flags every byte below
        // `n`, and may flag a byte above a true one too (the borrow runs upward only, so the
        // lowest flag is always true); below 1 is a zero byte, where `x ^ c·ones` finds the byte `c`.
        func below(_ value: UInt64, _ n: UInt64) -> UInt64 { (value &- n &* ones) & ~value & highs }
        return below(word, 0x20) | below(word ^ (0x22 &* ones), 1) | below(word ^ (0x5C &* ones), 1)
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

/// Bytes written one after the other into memory from `malloc`, grown with `realloc` (which
/// moves a large block by remapping its pages rather than copying it, and never holds the old
/// and the new block at once), handed to a `Data` without a copy by ``data()``.
///
/// With a ``ByteSink``, the memory is a buffer of fixed size instead: whenever it is full its
/// bytes go to the sink, and runs longer than the buffer go to the sink directly.
struct ByteOutput {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private let sink: ByteSink?

    init(capacity: Int, sink: ByteSink? = nil) {
        self.capacity = max(capacity, 16)
        self.sink = sink
        guard let memory = malloc(self.capacity) else { fatalError("out of memory") }
        base = memory.assumingMemoryBound(to: UInt8.self)
    }

    /// Hands the bytes buffered so far to the sink.
    mutating func flush() {
        guard let sink, count > 0 else { return }
        sink.write(UnsafeRawBufferPointer(start: base, count: count))
        count = 0
    }

    /// The bytes written, valid until the next write.
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func reserve(_ extra: Int) {
        guard count &+ extra > capacity else { return }
        if sink != nil {
            flush()
            if extra <= capacity { return }
        }
        var capacity = self.capacity
        while capacity < count + extra { capacity *= 2 }
        guard let memory = realloc(base, capacity) else { fatalError("out of memory") }
        base = memory.assumingMemoryBound(to: UInt8.self)
        self.capacity = capacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if let sink, count &+ bytes.count > capacity {
            flush()
            if bytes.count >= capacity {
                sink.write(UnsafeRawBufferPointer(bytes))
                return
            }
        }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(repeating byte: UInt8, count repeats: Int) {
        reserve(repeats)
        (base + count).initialize(repeating: byte, count: repeats)
        count &+= repeats
    }

    /// A `Data` that takes the memory over (trimmed to what was written); the output is not to
    /// be used afterwards.
    consuming func data() -> Data {
        if count < capacity, let trimmed = realloc(base, max(count, 1)) {
            base = trimmed.assumingMemoryBound(to: UInt8.self)
        }
        return Data(bytesNoCopy: base, count: count, deallocator: .free)
    }

    /// Frees the memory (when no ``data()`` was made).
    consuming func deallocate() { free(base) }
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
