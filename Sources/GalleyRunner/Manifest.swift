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
                if let entry = record.entry {
                    manifest.inputs[record.id] = entry
                } else {
                    manifest.inputs.removeValue(forKey: record.id)
                }
            }
        }
        return manifest
    }

    /// Writes the manifest atomically and removes the journal it supersedes.
    public func save(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try OutputFile.write(try encoder.encode(self), to: Self.url(in: folder), durable: true)
        try? FileManager.default.removeItem(at: Self.journalURL(in: folder))
    }

    public static func url(in folder: URL) -> URL { folder.appendingPathComponent("manifest.json") }

    public static func stateFolder(in folder: URL) -> URL { folder.appendingPathComponent(".galley") }

    public static func journalURL(in folder: URL) -> URL {
        stateFolder(in: folder).appendingPathComponent("journal.jsonl")
    }
}

/// One line of the journal: an input finished (with its entry) or must be redone (nil).
struct JournalRecord: Codable {
    var id: String
    var entry: Manifest.Entry?
}

/// Appends journal records; used from the run's completion callback.
final class Journal: Sendable {
    private let handle: Mutex<FileHandle?>

    init(folder: URL) throws {
        let url = Manifest.journalURL(in: folder)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let file = try FileHandle(forWritingTo: url)
        try file.seekToEnd()
        handle = Mutex(file)
    }

    func append(_ record: JournalRecord) {
        guard var line = try? JSONEncoder().encode(record) else { return }
        line.append(0x0A)
        handle.withLock { try? $0?.write(contentsOf: line) }
    }

    func close() {
        handle.withLock { handle in
            try? handle?.close()
            handle = nil
        }
    }
}

/// What an input looks like now, for the unchanged check.
struct InputState {
    var size: Int
    var modified: Double

    /// One `stat`: `FileManager.attributesOfItem` also looks up the owner's and the group's
    /// names (reading /etc/passwd and /etc/group, and trying nscd's socket) for every file.
    init?(_ url: URL) {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return nil }
        size = Int(status.st_size)
        modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
    }
}
