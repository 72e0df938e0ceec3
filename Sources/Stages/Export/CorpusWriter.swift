import Foundation
import GalleyCore
import Synchronization

/// Appends documents to a temporary JSON Lines file and renames it into place at the end,
/// so that `corpus.jsonl` is always either the previous run's or this run's, never a mix.
final class CorpusWriter: Sendable {
    private let destination: URL
    private let temporary: URL
    private let handle: Mutex<FileHandle?>

    init(destination: URL) throws {
        self.destination = destination
        temporary = OutputFile.temporaryURL(for: destination)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw StageError("cannot create \(temporary.path)")
        }
        handle = Mutex(try FileHandle(forWritingTo: temporary))
    }

    func append(_ document: Document) throws {
        try append(line: GalleyJSON.line(document))
    }

    /// Appends one document's line (`GalleyJSON.line`, without the newline).
    func append(line document: Data) throws {
        var line = document
        line.append(0x0A)
        try handle.withLock { handle in
            guard let handle else { throw StageError("the corpus file is already closed") }
            try handle.write(contentsOf: line)
        }
    }

    func commit() throws {
        try handle.withLock { handle in
            guard let open = handle else { return }
            try open.synchronize()
            try open.close()
            handle = nil
            try OutputFile.rename(temporary, to: destination)
        }
    }

    /// Closes and removes the temporary file: the previous `corpus.jsonl` stays (an interrupted run).
    func discard() {
        handle.withLock { handle in
            if let open = handle {
                try? open.close()
                try? FileManager.default.removeItem(at: temporary)
                handle = nil
            }
        }
    }

    deinit {
        // A run that never committed leaves no temporary file behind.
        handle.withLock { handle in
            if let open = handle {
                try? open.close()
                try? FileManager.default.removeItem(at: temporary)
            }
        }
    }
}
