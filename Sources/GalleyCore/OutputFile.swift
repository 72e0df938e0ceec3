import Foundation
import Synchronization

/// Writes files so that a reader never sees a half-written one: the bytes go to a temporary
/// file in the same folder, which is then renamed over the destination. A killed process
/// leaves either the old file or the new one (and perhaps a temporary file, which the next
/// run removes). With `durable`, the data is also flushed to disk before the rename, so
/// that a power cut cannot leave an empty file — at the price of a disk flush per file.
public enum OutputFile {
    /// Writes `data` to `url` atomically, creating the folder when needed. When it fails (a
    /// full disk, a folder in the way), the previous version of `url` is left as it was and the
    /// error names `url` and the reason.
    public static func write(_ data: Data, to url: URL, durable: Bool = false) throws {
        let temporary = temporaryURL(for: url)
        do {
            try writeAll(data, to: temporary, sync: durable)
            try rename(temporary, to: url)
        } catch let error as MissingFolder {
            throw StageError("cannot write \(url.path): cannot create its folder: \(error.reason)")
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw StageError("cannot write \(url.path): \(StageError.describe(error)); its previous version is kept")
        }
    }

    /// Writes `data` under a temporary name next to `destination` (to be renamed into place by
    /// the caller) and returns that name; errors name `destination`.
    public static func writeTemporary(_ data: Data, for destination: URL, durable: Bool = false) throws -> URL {
        try data.withUnsafeBytes { try writeTemporary($0, for: destination, durable: durable) }
    }

    /// ``writeTemporary(_:for:durable:)`` of bytes in memory the caller holds (a string's UTF-8).
    public static func writeTemporary(_ bytes: UnsafeRawBufferPointer, for destination: URL,
                                      durable: Bool = false) throws -> URL {
        try writingTemporary(for: destination) { temporary in
            try writeAll(bytes, to: temporary, sync: durable)
        }
    }

    /// ``writeTemporary(_:for:durable:)`` with paths: the temporary file's path, next to the
    /// file at `destination` (a file written per document, whose URLs would cost more than
    /// writing its bytes).
    public static func writeTemporary(_ bytes: UnsafeRawBufferPointer, forPath destination: String,
                                      durable: Bool = false) throws -> String {
        let temporary = temporaryPath(for: destination)
        try naming(destination, removing: temporary) {
            try writeAll(bytes, toPath: temporary, sync: durable)
        }
        return temporary
    }

    /// ``writeTemporary(_:for:durable:)`` of what `body` writes to the sink it is given (a large
    /// document's JSON or Markdown, written a buffer at a time rather than held whole).
    public static func writeTemporary(for destination: URL, durable: Bool = false,
                                      _ body: (ByteSink) -> Void) throws -> URL {
        try writingTemporary(for: destination) { temporary in
            let descriptor = try openForWriting(temporary)
            defer { close(descriptor) }
            let sink = ByteSink(descriptor: descriptor)
            body(sink)
            if let failure = sink.failure { throw StageError(failure) }
            if durable && fsync(descriptor) != 0 && errno != EINVAL {
                throw StageError("cannot flush it to disk: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// A temporary name beside `destination`, after `write` has written it; a failure names
    /// `destination` and removes what was written.
    private static func writingTemporary(for destination: URL, _ write: (URL) throws -> Void) throws -> URL {
        let temporary = temporaryURL(for: destination)
        try naming(destination.path, removing: temporary.path) { try write(temporary) }
        return temporary
    }

    /// Runs `write`, which writes the temporary file at `temporary`; a failure names
    /// `destination` (the file the user knows) and removes what was written.
    private static func naming(_ destination: String, removing temporary: String,
                               _ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as MissingFolder {
            throw StageError("cannot write \(destination): \(error.reason)")
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StageError("cannot write \(destination): \(reason(error))")
        }
    }

    /// Whether the files at `first` and `second` both exist and hold the same bytes, read a
    /// mebibyte at a time.
    public static func sameContents(_ first: URL, _ second: URL) -> Bool {
        guard let one = FileHandle(forReadingAtPath: first.path) else { return false }
        defer { try? one.close() }
        guard let other = FileHandle(forReadingAtPath: second.path) else { return false }
        defer { try? other.close() }
        do {
            while true {
                // nil or empty at the end of a file.
                let left = try one.read(upToCount: 1 << 20) ?? Data()
                let right = try other.read(upToCount: 1 << 20) ?? Data()
                guard left == right else { return false }
                if left.isEmpty { return true }
            }
        } catch {
            return false
        }
    }

    /// The longest file name, in bytes, that a temporary name is built from: with the prefix
    /// and suffix the temporary name stays within the 255 bytes file systems allow.
    static let temporaryStemBytes = 200

    /// A temporary name next to `url`, unique to this process and call, at most 255 bytes long
    /// however long the name of `url` is.
    public static func temporaryURL(for url: URL) -> URL {
        // With `isDirectory` given, URL does not `stat` the path to find out.
        url.deletingLastPathComponent().appendingPathComponent(temporaryName(for: url.lastPathComponent), isDirectory: false)
    }

    /// ``temporaryURL(for:)`` as a path, next to the file at `path`, made by string operations
    /// alone.
    public static func temporaryPath(for path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return temporaryName(for: path) }
        let after = path.utf8.index(after: slash)
        return String(path[..<after]) + temporaryName(for: String(path[after...]))
    }

    /// A temporary name for a file named `name`: hidden, unique to this process and call.
    private static func temporaryName(for name: String) -> String {
        let unique = temporaryNames.add(1, ordering: .relaxed).newValue
        let stem = ByteBound.prefix(name, maxBytes: temporaryStemBytes)
        return ".\(stem).tmp-\(processID)-\(String(unique, radix: 36))"
    }

    /// This process's id, read once (`removeLeftovers` knows a run's own temporary files by it).
    private static let processID = getpid()
    /// Temporary names handed out: a counter from a random start, unique within the process
    /// without a `getrandom` call per file.
    private static let temporaryNames = Atomic<UInt64>(UInt64.random(in: 0...(UInt64.max / 2)))

    /// The folder of a file to write is missing and could not be created.
    private struct MissingFolder: Error {
        var reason: String
    }

    /// Opens `url` for writing, creating its folder only when the first `open` finds it
    /// missing (instead of a `stat` of the folder before every file).
    private static func openForWriting(_ url: URL) throws -> Int32 {
        try openForWriting(path: url.path)
    }

    private static func openForWriting(path: String) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0 && errno == ENOENT {
            do {
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: path, isDirectory: false).deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
            } catch {
                throw MissingFolder(reason: reason(error))
            }
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else { throw StageError(String(cString: strerror(errno))) }
        return descriptor
    }

    /// The reason of a Foundation or POSIX error, without Foundation's boilerplate.
    public static func reason(_ error: any Error) -> String {
        if let error = error as? StageError { return error.message }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }

    /// Renames `source` over `destination` in one step (POSIX `rename`).
    public static func rename(_ source: URL, to destination: URL) throws {
        try rename(path: source.path, to: destination.path)
    }

    /// ``rename(_:to:)`` with paths.
    public static func rename(path source: String, to destination: String) throws {
        if Foundation.rename(source, destination) != 0 {
            throw StageError("cannot move \(source) to \(destination): \(String(cString: strerror(errno)))")
        }
    }

    private static func writeAll(_ data: Data, to url: URL, sync: Bool) throws {
        try data.withUnsafeBytes { try writeAll($0, to: url, sync: sync) }
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to url: URL, sync: Bool) throws {
        try writeAll(buffer, toPath: url.path, sync: sync)
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, toPath path: String, sync: Bool) throws {
        let descriptor = try openForWriting(path: path)
        defer { close(descriptor) }
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw StageError(String(cString: strerror(errno)))
            }
            if written == 0 { throw StageError(String(cString: strerror(ENOSPC))) }
            offset += written
        }
        if sync && fsync(descriptor) != 0 && errno != EINVAL {
            throw StageError("cannot flush it to disk: \(String(cString: strerror(errno)))")
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
        document.orderedJSON.data(pretty: true, newline: true)
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
