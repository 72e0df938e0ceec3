import Foundation
import GalleyCore
import Synchronization

/// Appends documents to a temporary JSON Lines file and renames it into place at the end,
/// so that `corpus.jsonl` is always either the previous run's or this run's, never a mix.
///
/// A write that fails (a full disk) spoils this run's corpus: the temporary file may end in
/// half a line. The writer then stops appending, and ``commit()`` removes the temporary file
/// and throws an error naming `corpus.jsonl` and the reason, leaving the previous complete
/// `corpus.jsonl` in place. The documents themselves are not failed by it: their own files
/// were written, and the next run writes the whole corpus again.
final class CorpusWriter: Sendable {
    private let destination: URL
    private let temporary: URL
    private let state: Mutex<State>

    private struct State {
        var handle: FileHandle?
        /// The first write error, which spoils the corpus of this run.
        var failure: String?
        /// Where each document's line is in the temporary file, in the order appended.
        var lines: [(id: String, offset: UInt64, length: Int)] = []
        var size: UInt64 = 0
        /// Whether a line was taken back (``withdraw(_:)``): the file then holds bytes no entry
        /// of `lines` does, and is rewritten from them at commit.
        var withdrawn = false
        /// Lines appended and not yet written (at most ``bufferBytes``): two `write` calls a
        /// document cost more than encoding its line.
        var pending = Data()

        /// Writes the pending lines; a failure becomes the corpus's failure.
        mutating func flush() {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            guard failure == nil, let handle else { return }
            do {
                try handle.write(contentsOf: pending)
            } catch {
                failure = OutputFile.reason(error)
            }
        }
    }

    /// The most bytes of lines held before they are written.
    static let bufferBytes = 1 << 18

    init(destination: URL) throws {
        self.destination = destination
        temporary = OutputFile.temporaryURL(for: destination)
        do {
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StageError("cannot write \(destination.path): \(OutputFile.reason(error))")
        }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw StageError("cannot write \(destination.path): cannot create the temporary file \(temporary.lastPathComponent)")
        }
        state = Mutex(State(handle: try FileHandle(forWritingTo: temporary)))
    }

    func append(_ document: Document) {
        append(line: GalleyJSON.line(document), id: document.id)
    }

    /// Appends one document's line (`GalleyJSON.line`, without the newline). A write that
    /// fails is kept as the corpus's failure: the run's corpus is then never committed.
    func append(line: Data, id: String) {
        state.withLock { state in
            guard state.failure == nil, let handle = state.handle else { return }
            if state.pending.count + line.count + 1 > Self.bufferBytes { state.flush() }
            if line.count + 1 > Self.bufferBytes {
                do {
                    // The newline on its own: appending it to `line` would copy the whole line.
                    try handle.write(contentsOf: line)
                    try handle.write(contentsOf: Self.newline)
                } catch {
                    state.failure = OutputFile.reason(error)
                    return
                }
            } else {
                state.pending.append(line)
                state.pending.append(0x0A)
            }
            state.lines.append((id, state.size, line.count + 1))
            state.size += UInt64(line.count + 1)
        }
    }

    private static let newline = Data([0x0A])

    /// Appends the line that `body` writes to the sink it is given (a large document's JSON,
    /// written a buffer at a time rather than held whole), hashed from `start` when given.
    /// Returns the sink when the line was written (its hash, when hashing), nil when the corpus
    /// had already failed (nothing is written then) or fails now.
    func append(id: String, hashFrom start: UInt64? = nil, writing body: (ByteSink) -> Void) -> ByteSink? {
        state.withLock { state in
            state.flush()
            guard state.failure == nil, let handle = state.handle else { return nil }
            let sink = ByteSink(descriptor: handle.fileDescriptor, hashFrom: start)
            body(sink)
            // The newline is not part of the line's hash.
            let end = ByteSink(descriptor: handle.fileDescriptor)
            if sink.failure == nil { Self.newline.withUnsafeBytes { end.write($0) } }
            if let failure = sink.failure ?? end.failure {
                state.failure = failure
                return nil
            }
            state.lines.append((id, state.size, sink.count + 1))
            state.size += UInt64(sink.count + 1)
            return sink
        }
    }

    /// Takes back the line of document `id` (a document that failed after its line was
    /// appended): it stays in the temporary file but is left out when the corpus is committed.
    func withdraw(_ id: String) {
        state.withLock { state in
            let before = state.lines.count
            state.lines.removeAll { $0.id == id }
            if state.lines.count != before { state.withdrawn = true }
        }
    }

    /// The reason this run's corpus cannot be committed, if a write failed (lines still held
    /// in memory are written first).
    var failure: String? {
        state.withLock { state in
            state.flush()
            return state.failure
        }
    }

    /// Renames the corpus into place. With `inputOrder` (ids in input order), lines appended
    /// in another order are first copied, one at a time, into input order.
    func commit(inputOrder: [String] = []) throws {
        try state.withLock { state in
            guard let open = state.handle else { return }
            state.flush()
            state.handle = nil
            if state.failure == nil {
                do {
                    try open.synchronize()
                } catch {
                    state.failure = OutputFile.reason(error)
                }
            }
            try? open.close()
            if state.failure == nil && (!inputOrder.isEmpty || state.withdrawn) {
                do {
                    try reorder(state.lines, inputOrder: inputOrder, rewrite: state.withdrawn)
                } catch {
                    state.failure = OutputFile.reason(error)
                }
            }
            if let failure = state.failure {
                try? FileManager.default.removeItem(at: temporary)
                throw StageError("cannot write \(destination.path): \(failure)\(keptNote)")
            }
            do {
                try OutputFile.rename(temporary, to: destination)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw StageError("cannot write \(destination.path): \(StageError.describe(error))\(keptNote)")
            }
        }
    }

    /// Rewrites the temporary file with its lines in input order (lines of ids not in
    /// `inputOrder` last, as appended); nothing is done when they already are, unless `rewrite`
    /// (a line was withdrawn).
    private func reorder(_ lines: [(id: String, offset: UInt64, length: Int)], inputOrder: [String],
                         rewrite: Bool) throws {
        let position = Dictionary(inputOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = lines.enumerated().sorted { left, right in
            (position[left.element.id] ?? Int.max, left.offset) < (position[right.element.id] ?? Int.max, right.offset)
        }.map(\.element)
        guard rewrite || sorted.map(\.offset) != lines.map(\.offset) else { return }
        let ordered = OutputFile.temporaryURL(for: destination)
        guard FileManager.default.createFile(atPath: ordered.path, contents: nil) else {
            throw StageError("cannot create a temporary file next to \(destination.lastPathComponent)")
        }
        do {
            let source = try FileHandle(forReadingFrom: temporary)
            defer { try? source.close() }
            let target = try FileHandle(forWritingTo: ordered)
            defer { try? target.close() }
            for line in sorted {
                try source.seek(toOffset: line.offset)
                guard let data = try source.read(upToCount: line.length), data.count == line.length else {
                    throw StageError("the temporary corpus file is shorter than what was written to it")
                }
                try target.write(contentsOf: data)
            }
            try target.synchronize()
            try OutputFile.rename(ordered, to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: ordered)
            throw error
        }
    }

    private var keptNote: String {
        FileManager.default.fileExists(atPath: destination.path) ? "; the previous corpus.jsonl is kept" : ""
    }

    /// Closes and removes the temporary file: the previous `corpus.jsonl` stays (an interrupted run).
    func discard() {
        state.withLock { state in
            if let open = state.handle {
                try? open.close()
                try? FileManager.default.removeItem(at: temporary)
                state.handle = nil
            }
        }
    }

    deinit {
        // A run that never committed leaves no temporary file behind.
        discard()
    }
}
