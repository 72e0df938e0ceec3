import Foundation
import GalleyCore
import Logging
import Synchronization

/// `galley stream`: JSON Lines `{"id": …, "text": …}` in, one document JSON a line out, in
/// input order. A line that cannot be read yields `{"id": …, "error": …}` and the stream goes
/// on. Nothing but documents goes to standard output.
public struct StreamRun: Sendable {
    public let runner: PipelineRunner

    public init(stages: [PipelineStage], documentsInFlight: Int, jobs: Int) {
        runner = PipelineRunner(stages: stages, documentsInFlight: documentsInFlight, jobs: jobs)
    }

    /// One request line.
    struct Request: Decodable {
        var id: String?
        var text: String?
        var source: String?

        enum CodingKeys: String, CodingKey { case id, text, source }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
                id = text
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .id) {
                id = String(number)
            }
            text = try container.decodeIfPresent(String.self, forKey: .text)
            source = try container.decodeIfPresent(String.self, forKey: .source)
        }
    }

    /// Hands out the lines of standard input. Only reading a line happens here, under the
    /// runner's input lock; decoding it happens in `load`, on the workers, in parallel. The
    /// unit's `stdin:N` names the line in logs only: whatever is written to standard output
    /// depends on the line's content alone (see ``document(fromLine:number:)``).
    struct LineSource: InputSource {
        var lineNumber = 0
        mutating func next() -> InputUnit? {
            guard let line = readLine(strippingNewline: true) else { return nil }
            lineNumber += 1
            let number = lineNumber
            return InputUnit(id: "line-\(number)", source: "stdin:\(number)") {
                try StreamRun.document(fromLine: line, number: number)
            }
        }
    }

    /// The source of a document whose line names none.
    public static let defaultSource = "stdin"

    /// The id of a document whose line names none: `text-` and the hash of its text, so that
    /// the same text gets the same id wherever and in whatever partition it is processed.
    public static func contentID(ofText text: String) -> String {
        "text-" + StableHash.hex(of: Data(text.utf8))
    }

    /// The id of a line that cannot be read as a request: `line-` and the hash of its bytes.
    public static func contentID(ofLine line: String) -> String {
        "line-" + StableHash.hex(of: Data(line.utf8))
    }

    /// The document a request line asks for. Nothing in it depends on where the line is in
    /// the stream (`number` only appears in messages on standard error): a line without `id`
    /// gets ``contentID(ofText:)``, one without `source` gets ``defaultSource``, and a line
    /// that is not a request fails under ``contentID(ofLine:)`` (or the `id` it names).
    static func document(fromLine line: String, number: Int) throws -> Document {
        // Stops at the first character that is not a space: no copy of the line.
        guard !line.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else {
            throw InputError(id: contentID(ofLine: line), message: "the line is empty")
        }
        guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else {
            throw InputError(id: contentID(ofLine: line), message: "the line is not a JSON object with \"id\" and \"text\"")
        }
        guard let text = request.text else {
            throw InputError(id: request.id ?? contentID(ofLine: line), message: "the line has no \"text\" string")
        }
        return Document(id: request.id ?? contentID(ofText: text), source: request.source ?? defaultSource, text: text)
    }

    struct ErrorLine: Encodable {
        var id: String
        var error: String
        var stage: String
    }

    /// What a finished stream reports.
    public struct Result: Sendable {
        public var metrics: RunMetrics
        /// A hash of the ids of the stream's documents, in order: the same input gives the
        /// same one wherever it runs (a name for files of a task that may be retried).
        public var inputsDigest: String
    }

    /// Runs until standard input ends.
    public func run(logger: Logger) -> Result {
        let source = LineSource()
        let encoder = GalleyJSON.compactEncoder()
        let runner = self.runner
        let digest = IDDigest()
        let metrics = runner.run(source) { _, outcome in
            var line: Data
            do {
                switch outcome {
                case .succeeded(var document), .replayed(var document):
                    digest.add(document.id)
                    document.materializeSections()
                    line = GalleyJSON.line(document)
                case .dropped(let id, _, let stage, let reason):
                    digest.add(id)
                    line = try encoder.encode(["id": id, "dropped": reason, "stage": stage])
                case .failed(let record, _):
                    digest.add(record.id)
                    logger.error("\(record.source): failed at \(record.stage): \(record.error)")
                    line = try encoder.encode(ErrorLine(id: record.id, error: record.error, stage: record.stage))
                }
            } catch {
                line = Data("{\"error\":\"cannot encode the document\"}".utf8)
            }
            line.append(0x0A)
            do {
                try FileHandle.standardOutput.write(contentsOf: line)
            } catch {
                logger.critical("cannot write to standard output: \(error)")
                runner.requestStop()
            }
        }
        return Result(metrics: metrics, inputsDigest: digest.hex)
    }
}

/// FNV-1a 64 over a sequence of ids, each followed by a newline (as ``StableHash`` over their
/// concatenation would be), taken as they are delivered.
final class IDDigest: Sendable {
    private let state = Mutex<UInt64>(0xcbf2_9ce4_8422_2325)

    func add(_ id: String) {
        state.withLock { hash in
            for byte in id.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0x0A
            hash = hash &* 0x100_0000_01b3
        }
    }

    var hex: String {
        let hex = String(state.withLock { $0 }, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
