import Foundation

/// Writes files so that a reader never sees a half-written one: the bytes go to a temporary
/// file in the same folder, which is then renamed over the destination. A killed process
/// leaves either the old file or the new one (and perhaps a temporary file, which the next
/// run removes). With `durable`, the data is also flushed to disk before the rename, so
/// that a power cut cannot leave an empty file — at the price of a disk flush per file.
public enum OutputFile {
    /// Writes `data` to `url` atomically, creating the folder when needed.
    public static func write(_ data: Data, to url: URL, durable: Bool = false) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = temporaryURL(for: url)
        do {
            try writeAll(data, to: temporary, sync: durable)
            try rename(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A temporary name next to `url`, unique to this process and call.
    public static func temporaryURL(for url: URL) -> URL {
        let unique = UInt64.random(in: 0...UInt64.max)
        let name = ".\(url.lastPathComponent).tmp-\(getpid())-\(String(unique, radix: 36))"
        return url.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Renames `source` over `destination` in one step (POSIX `rename`).
    public static func rename(_ source: URL, to destination: URL) throws {
        if Foundation.rename(source.path, destination.path) != 0 {
            throw StageError("cannot move \(source.path) to \(destination.path): \(String(cString: strerror(errno)))")
        }
    }

    private static func writeAll(_ data: Data, to url: URL, sync: Bool) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StageError("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StageError("cannot write \(url.path): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        if sync && fsync(descriptor) != 0 && errno != EINVAL {
            throw StageError("cannot flush \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The JSON encoders Galley writes documents and metrics with.
public enum GalleyJSON {
    /// A document as one line of JSON (`corpus.jsonl`, `galley stream`), without the newline.
    public static func line(_ document: Document) -> Data {
        document.orderedJSON.data()
    }

    /// A document as an indented JSON file (`docs/<id>.json`), with a final newline.
    public static func file(_ document: Document) -> Data {
        Data((document.orderedJSON.serialized(pretty: true) + "\n").utf8)
    }

    /// One document a line (`corpus.jsonl`, `galley stream`).
    public static func compactEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Files people read (`docs/<id>.json`, `metrics.json`).
    public static func prettyEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
