import Foundation
import GalleyCore

/// One line a plugin wrote back for one document.
enum PluginAnswer: Sendable, Equatable {
    /// The changed document.
    case document(Document)
    /// `{"id": …, "drop": true, "reason": …}`.
    case drop(reason: String)

    /// The control fields of an answer, read before deciding what it is.
    private struct Envelope: Decodable {
        var id: String?
        var drop: Bool?
        var reason: String?
        var error: String?
        var hasText: Bool

        enum CodingKeys: String, CodingKey { case id, drop, reason, error, text }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try? container.decodeIfPresent(String.self, forKey: .id)
            drop = try? container.decodeIfPresent(Bool.self, forKey: .drop)
            reason = try? container.decodeIfPresent(String.self, forKey: .reason)
            if let text = try? container.decodeIfPresent(String.self, forKey: .error) {
                error = text
            } else if container.contains(.error), (try? container.decodeNil(forKey: .error)) == false {
                error = "the plugin reported an error"
            }
            hasText = (try? container.decodeIfPresent(String.self, forKey: .text)) != nil
        }
    }

    /// Reads `line`. Garbage and answers for another document break the worker (the stream is
    /// out of step); an `error` answer or an unusable document fail this document only.
    static func parse(_ line: Data, expectedID: String, plugin: String) throws(PluginFailure) -> PluginAnswer {
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: line) else {
            throw .broken("plugin '\(plugin)' answered something that is not a JSON object: \(excerpt(line))")
        }
        guard let id = envelope.id else {
            throw .broken("plugin '\(plugin)' answered without a string \"id\": \(excerpt(line))")
        }
        guard id == expectedID else {
            throw .broken("plugin '\(plugin)' answered for id '\(id)' while document '\(expectedID)' was waiting")
        }
        if let error = envelope.error {
            throw .answered("plugin '\(plugin)' failed the document: \(error)")
        }
        if envelope.drop == true {
            return .drop(reason: envelope.reason.map { "plugin '\(plugin)': \($0)" } ?? "dropped by plugin '\(plugin)'")
        }
        guard envelope.hasText else {
            throw .answered("plugin '\(plugin)' answered without \"text\", \"drop\" or \"error\": \(excerpt(line))")
        }
        let document: Document
        do {
            document = try decoder.decode(Document.self, from: line)
        } catch {
            throw .answered("plugin '\(plugin)' answered a document Galley cannot read: \(describe(error))")
        }
        var unusable: [String] = []
        document.metadata.forEachCounter { key, value in
            if !value.isFinite || abs(value) > maxCounter { unusable.append("'\(key)' = \(value)") }
        }
        guard unusable.isEmpty else {
            throw .answered("plugin '\(plugin)' answered counters the run cannot sum (beyond ±2^53, or not finite): \(unusable.sorted().joined(separator: ", "))")
        }
        return .document(document)
    }

    /// The largest counter a plugin may report: integers up to 2^53 are exact in a Double,
    /// and sums of them cannot overflow to infinity within any run.
    static let maxCounter = 9_007_199_254_740_992.0

    static func excerpt(_ line: Data) -> String {
        let text = String(decoding: line.prefix(120), as: UTF8.self)
        return "'" + text + (line.count > 120 ? "…'" : "'")
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
             .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
        default:
            return "\(error)"
        }
    }
}
