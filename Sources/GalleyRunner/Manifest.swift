import Foundation
import GalleyCore
import Synchronization

/// What the output folder knows about earlier runs: for every input, the content it was
/// processed from and the pipeline that processed it (`output/manifest.json`).
///
/// Progress inside a run is appended to a journal (`output/.galley/journal.jsonl`) as each
/// document completes, and folded into the manifest when the run ends — or at the start of
/// the next run, after a crash or `kill -9`, so that exactly the unfinished inputs are redone.
public struct Manifest: Codable, Sendable, Equatable {
    public var inputs: [String: Entry]

    public struct Entry: Codable, Sendable, Equatable {
        public var source: String
        /// FNV-1a 64 of the input's bytes, in hex.
        public var hash: String
        public var size: Int
        /// Modification time in seconds since 1970, for the quick unchanged check.
        public var modified: Double
        /// The fingerprint of the pipeline and Galley version that processed it.
        public var pipeline: String
        /// `ok` or `dropped`.
        public var status: String
    }

    public init(inputs: [String: Entry] = [:]) { self.inputs = inputs }

    /// The manifest of `folder`, with any journal of an unfinished run folded in. A missing
    /// or unreadable manifest is an empty one (everything is processed again).
    public static func load(from folder: URL) -> Manifest {
        var manifest = Manifest()
        if let data = try? Data(contentsOf: url(in: folder)),
           let decoded = try? JSONDecoder().decode(Manifest.self, from: data) {
            manifest = decoded
        }
        if let journal = try? String(contentsOf: journalURL(in: folder), encoding: .utf8) {
            for line in journal.split(separator: "\n") {
                guard let record = try? JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8)) else { continue }
                manifest.apply(record)
            }
        }
        return manifest
    }

    /// Records what a journal record says: an input finished, or must be redone.
    mutating func apply(_ record: JournalRecord) {
        if let entry = record.entry {
            inputs[record.id] = entry
        } else {
            inputs.removeValue(forKey: record.id)
        }
    }

    /// Writes the manifest atomically and removes the journal it supersedes.
    public func save(to folder: URL) throws {
        try OutputFile.write(try encoded(), to: Self.url(in: folder), durable: true)
        try? FileManager.default.removeItem(at: Self.journalURL(in: folder))
    }

    /// The manifest as `JSONEncoder` writes it with `.prettyPrinted`, `.sortedKeys` and
    /// `.withoutEscapingSlashes`, byte for byte, written directly (the encoder cost about
    /// 40,000 instructions an input); with a modification time that is not finite, the
    /// encoder's error.
    func encoded() throws -> Data {
        guard inputs.values.allSatisfy(\.modified.isFinite) else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(64 + inputs.count * 256)
        func append(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func string(_ value: String) {
            out.append(0x22)
            for byte in value.utf8 {
                switch byte {
                case 0x22: append("\\\"")
                case 0x5C: append("\\\\")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0..<0x20:
                    let hex: StaticString = "0123456789abcdef"
                    append("\\u00")
                    out.append(hex.utf8Start[Int(byte >> 4)])
                    out.append(hex.utf8Start[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
        func field(_ name: StaticString, _ value: String, last: Bool = false) {
            append("      \"")
            append(name)
            append("\" : ")
            out.append(contentsOf: value.utf8)
            append(last ? "\n" : ",\n")
        }
        func stringField(_ name: StaticString, _ value: String, last: Bool = false) {
            append("      \"")
            append(name)
            append("\" : ")
            string(value)
            append(last ? "\n" : ",\n")
        }
        append("{\n  \"inputs\" : {\n")
        if inputs.isEmpty { append("\n") }
        // The encoder's order of keys: their UTF-8, byte by byte.
        let keys = inputs.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (index, key) in keys.enumerated() {
            let entry = inputs[key]!
            append("    ")
            string(key)
            append(" : {\n")
            stringField("hash", entry.hash)
            // The shortest text that reads back as the same Double, without a trailing `.0`.
            var modified = entry.modified.description
            if modified.hasSuffix(".0") { modified.removeLast(2) }
            field("modified", modified)
            stringField("pipeline", entry.pipeline)
            field("size", String(entry.size))
            stringField("source", entry.source)
            stringField("status", entry.status, last: true)
            append(index == keys.count - 1 ? "    }\n" : "    },\n")
        }
        append("  }\n}")
        return Data(out)
    }

    public static func url(in folder: URL) -> URL { folder.appendingPathComponent("manifest.json") }

    public static func stateFolder(in folder: URL) -> URL { folder.appendingPathComponent(".galley") }

    public static func journalURL(in folder: URL) -> URL {
        stateFolder(in: folder).appendingPathComponent("journal.jsonl")
    }
}

/// One line of the journal: an input finished (with its entry) or must be redone (nil).
struct JournalRecord: Codable, Equatable {
    var id: String
    var entry: Manifest.Entry?

    /// The record as one line of JSON that `JSONDecoder` reads back as the same record, written
    /// without the encoder's cost per document; nil for a modification time JSON cannot hold
    /// (not finite), which `JSONEncoder` refuses too.
    var line: [UInt8]? {
        if let entry, !entry.modified.isFinite { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(256 + id.utf8.count * 2)
        func key(_ name: StaticString) {
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [0x22, 0x3A])
        }
        func string(_ value: String) {
            out.append(0x22)
            for byte in value.utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x2F: out.append(contentsOf: [0x5C, 0x2F])
                case 0x08: out.append(contentsOf: [0x5C, 0x62])
                case 0x0C: out.append(contentsOf: [0x5C, 0x66])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
        out.append(0x7B)
        key("id")
        string(id)
        if let entry {
            out.append(0x2C)
            key("entry")
            out.append(0x7B)
            key("source")
            string(entry.source)
            out.append(0x2C)
            key("hash")
            string(entry.hash)
            out.append(0x2C)
            key("size")
            out.append(contentsOf: String(entry.size).utf8)
            out.append(0x2C)
            key("modified")
            // The shortest text that reads back as the same Double (`1733590000.25`, `1e+16`).
            out.append(contentsOf: entry.modified.description.utf8)
            out.append(0x2C)
            key("pipeline")
            string(entry.pipeline)
            out.append(0x2C)
            key("status")
            string(entry.status)
            out.append(0x7D)
        }
        out.append(0x7D)
        return out
    }
}

/// Appends journal records; used from the run's completion callback. Keeps what it appended,
/// so that the run folds its own records into the manifest without reading them back.
final class Journal: Sendable {
    private let handle: Mutex<(file: FileHandle?, records: [JournalRecord])>

    init(folder: URL) throws {
        let url = Manifest.journalURL(in: folder)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let file = try FileHandle(forWritingTo: url)
        try file.seekToEnd()
        handle = Mutex((file, []))
    }

    func append(_ record: JournalRecord) {
        guard var line = record.line else { return }
        line.append(0x0A)
        handle.withLock { state in
            guard let file = state.file, (try? file.write(contentsOf: line)) != nil else { return }
            state.records.append(record)
        }
    }

    /// Closes the file and returns the records written since the journal was opened.
    func close() -> [JournalRecord] {
        handle.withLock { state in
            try? state.file?.close()
            state.file = nil
            return state.records
        }
    }
}

/// What an input looks like now, for the unchanged check.
struct InputState {
    var size: Int
    var modified: Double

    /// One `stat`: `FileManager.attributesOfItem` also looks up the owner's and the group's
    /// names (reading /etc/passwd and /etc/group, and trying nscd's socket) for every file.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        size = Int(status.st_size)
        modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
    }
}
