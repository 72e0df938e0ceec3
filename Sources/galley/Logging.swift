import ArgumentParser
import Foundation
import Logging
import Synchronization

/// How logs are written on stderr.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Logging goes to stderr only, so that stdout stays clean for documents and JSON.
enum LoggingSetup {
    private static let json = Atomic<Bool>(false)

    /// Whether logs are JSON lines (`--log-format json`): configuration errors are then too.
    static var writesJSON: Bool { json.load(ordering: .relaxed) }

    static func bootstrap(level: Logger.Level = .info, format: LogFormat = .text) {
        json.store(format == .json, ordering: .relaxed)
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// One line per event on stderr, as swift-log's `StreamLogHandler` writes it
/// (`2026-01-01T10:00:00+0000 error galley: key=value [galley] message`), with every control
/// character of the message and the metadata escaped (`\n`, `\u{1B}`), so that neither a file
/// name with a newline nor a plugin's terminal escape sequences can forge or hide a log line.
struct TextLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let pretty = fields.isEmpty ? ""
            : " " + fields.sorted { $0.key < $1.key }.map { "\(LogText.escape($0.key))=\(LogText.escape("\($0.value)"))" }
                .joined(separator: " ")
        let line = "\(LogText.timestamp()) \(event.level) \(label):\(pretty) [\(LogText.escape(event.source))] "
            + LogText.escape("\(event.message)") + "\n"
        StandardStream.error.write(Data(line.utf8))
    }
}

/// Text made safe for a log line.
enum LogText {
    /// `text` with control characters (C0, DEL, C1) and the Unicode line and paragraph
    /// separators written as escapes: a newline as `\n`, ESC as `\u{1B}`.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func timestamp() -> String {
        var buffer = [Int8](repeating: 0, count: 64)
        var now = time(nil)
        var local = tm()
        localtime_r(&now, &local)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// One JSON object a line on stderr, for log shippers:
/// `{"label":"galley","level":"error","message":"…","time":"…", …metadata}`. Metadata given as
/// numbers or booleans (`.stringConvertible(42)`) are JSON numbers and booleans.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: Any] = [:]
        for (key, value) in metadata { fields[key] = Self.json(value) }
        for (key, value) in event.metadata ?? [:] { fields[key] = Self.json(value) }
        fields["time"] = ISO8601DateFormatter().string(from: Date())
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        line.append(0x0A)
        StandardStream.error.write(line)
    }

    /// A metadata value as JSON: numbers and booleans as such, everything else as text.
    static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text):
            return text
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int: return number
            case let number as Int32: return Int(number)
            case let number as Double where number.isFinite: return number
            case let flag as Bool: return flag
            default: return convertible.description
            }
        case .array(let values):
            return values.map(json)
        case .dictionary(let values):
            return values.mapValues(json)
        }
    }
}
