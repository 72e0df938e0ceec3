import Foundation
import GalleyCore
import Logging
import Synchronization

/// `galley stream`: JSON Lines `{"id": …, "text": …}` in, one document JSON a line out, in
/// input order. A line that cannot be read yields `{"id": …, "error": …}` and the stream goes
/// on. Nothing but documents goes to standard output.
public struct StreamRun: Sendable {
    public let runner: PipelineRunner
    /// The longest request line read (`input.max_bytes`); longer lines are skipped unread.
    public let maxLineBytes: Int

    public init(stages: [PipelineStage], documentsInFlight: Int, jobs: Int, maxLineBytes: Int = 256 << 20,
                bytesInFlight: Int = .max) {
        runner = PipelineRunner(stages: stages, documentsInFlight: documentsInFlight, jobs: jobs,
                                bytesInFlight: bytesInFlight)
        self.maxLineBytes = maxLineBytes
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
    /// depends on the line's content alone (see ``document(fromLine:number:)``). A line longer
    /// than the limit is skipped without being kept and fails under the hash of what was read.
    struct LineSource: InputSource {
        var reader: BoundedLineReader
        var lineNumber = 0

        init(descriptor: Int32 = STDIN_FILENO, maxBytes: Int) {
            reader = BoundedLineReader(descriptor: descriptor, maxBytes: maxBytes)
        }

        mutating func next() -> InputUnit? {
            guard let line = reader.next() else { return nil }
            lineNumber += 1
            let number = lineNumber
            switch line {
            case .line(let bytes):
                return InputUnit(id: "line-\(number)", source: "stdin:\(number)", bytes: bytes.count) {
                    try StreamRun.document(fromLine: String(decoding: bytes, as: UTF8.self), number: number)
                }
            case .tooLong(let limit):
                return InputUnit(id: "line-\(number)", source: "stdin:\(number)") {
                    // Nothing of the line is kept, so its id cannot come from its content; a
                    // fixed id keeps standard output independent of where the line was.
                    throw InputError(id: "line-too-long", message: "the line is longer than input.max_bytes (\(limit) bytes); skipped")
                }
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
    public static func document(fromLine line: String, number: Int) throws -> Document {
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
        let source = LineSource(maxBytes: maxLineBytes)
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

/// Reads lines from a file descriptor, keeping at most `maxBytes` of a line: the rest of a
/// longer line is read and thrown away, so that memory stays bounded whatever comes in.
struct BoundedLineReader {
    enum Line {
        case line(Data)
        /// A line past the limit, skipped.
        case tooLong(limit: Int)
    }

    let descriptor: Int32
    let maxBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(descriptor: Int32, maxBytes: Int) {
        self.descriptor = descriptor
        self.maxBytes = maxBytes
    }

    /// The next line without its newline (and a `\r` before it), nil at the end of input.
    mutating func next() -> Line? {
        var line = Data()
        var overflow = false
        while true {
            if start < buffer.count {
                let newline = buffer[start...].firstIndex(of: 0x0A)
                let end = newline ?? buffer.count
                if !overflow {
                    if line.count + (end - start) > maxBytes + 1 {
                        overflow = true
                        line = Data()
                    } else {
                        line.append(contentsOf: buffer[start..<end])
                    }
                }
                start = newline.map { $0 + 1 } ?? buffer.count
                if newline != nil { return finish(line, overflow: overflow) }
            }
            if atEnd {
                return line.isEmpty && !overflow ? nil : finish(line, overflow: overflow)
            }
            fill()
        }
    }

    private func finish(_ line: Data, overflow: Bool) -> Line {
        var line = line
        if line.last == 0x0D { line.removeLast() }
        if overflow || line.count > maxBytes { return .tooLong(limit: maxBytes) }
        return .line(line)
    }

    private mutating func fill() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                atEnd = true
                return
            }
            buffer.append(contentsOf: chunk[0..<count])
            return
        }
    }
}
