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
                var handler = StreamLogHandler.standardError(label: label)
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
        FileHandle.standardError.write(line)
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
