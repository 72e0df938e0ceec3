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
    }

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
        var line = GalleyJSON.line(document)
        line.append(0x0A)
        state.withLock { state in
            guard state.failure == nil, let handle = state.handle else { return }
            do {
                try handle.write(contentsOf: line)
            } catch {
                state.failure = OutputFile.reason(error)
            }
        }
    }

    /// The reason this run's corpus cannot be committed, if a write failed.
    var failure: String? { state.withLock { $0.failure } }

    func commit() throws {
        try state.withLock { state in
            guard let open = state.handle else { return }
            state.handle = nil
            if state.failure == nil {
                do {
                    try open.synchronize()
                } catch {
                    state.failure = OutputFile.reason(error)
                }
            }
            try? open.close()
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
