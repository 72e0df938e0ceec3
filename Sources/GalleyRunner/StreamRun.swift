import Foundation
import GalleyCore
import Logging

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
    /// runner's input lock; decoding it happens in `load`, on the workers, in parallel. Until
    /// then a line's id is `line-N`; a line that names its id but cannot be read fails with it.
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

    /// The document a request line asks for.
    static func document(fromLine line: String, number: Int) throws -> Document {
        // Stops at the first character that is not a space: no copy of the line.
        guard !line.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else {
            throw StageError("line \(number) is empty")
        }
        guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else {
            throw StageError("line \(number) is not a JSON object with \"id\" and \"text\"")
        }
        guard let text = request.text else {
            throw InputError(id: request.id, message: "line \(number) has no \"text\" string")
        }
        return Document(id: request.id ?? "line-\(number)", source: request.source ?? "stdin:\(number)", text: text)
    }

    struct ErrorLine: Encodable {
        var id: String
        var error: String
        var stage: String
    }

    /// Runs until standard input ends; returns the metrics.
    public func run(logger: Logger) -> RunMetrics {
        let source = LineSource()
        let encoder = GalleyJSON.compactEncoder()
        let runner = self.runner
        return runner.run(source) { _, outcome in
            var line: Data
            do {
                switch outcome {
                case .succeeded(var document), .replayed(var document):
                    document.materializeSections()
                    line = GalleyJSON.line(document)
                case .dropped(let id, _, let stage, let reason):
                    line = try encoder.encode(["id": id, "dropped": reason, "stage": stage])
                case .failed(let record, _):
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
    }
}
