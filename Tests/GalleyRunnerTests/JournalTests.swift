import Foundation
@testable import GalleyRunner
import Testing

/// The run journal writes its lines without `JSONEncoder`; they must read back as the records
/// written, and a run folds them into the manifest as a later `Manifest.load` would.
@Suite struct JournalTests {
    static let records: [JournalRecord] = [
        JournalRecord(id: "plain", entry: Manifest.Entry(source: "in/plain.txt", hash: "00ff", size: 2_700,
                                                         modified: 1_733_590_000.123456, pipeline: "p1", status: "ok")),
        JournalRecord(id: "quotes \"and\" back\\slash", entry: Manifest.Entry(
            source: "in/a \"b\"/c\\d\t\n\u{1}\u{1F}/é中文.txt", hash: "", size: 0, modified: 0, pipeline: "", status: "dropped")),
        JournalRecord(id: "integral", entry: Manifest.Entry(source: "x", hash: "h", size: Int.max, modified: 1e16,
                                                            pipeline: "p", status: "ok")),
        JournalRecord(id: "tiny", entry: Manifest.Entry(source: "x", hash: "h", size: -1, modified: -Double.leastNonzeroMagnitude,
                                                        pipeline: "p", status: "ok")),
        JournalRecord(id: "redo", entry: nil),
    ]

    @Test func linesReadBackAsTheRecordsWritten() throws {
        for record in Self.records {
            let line = try #require(record.line)
            #expect(!line.contains(0x0A))
            #expect(try JSONDecoder().decode(JournalRecord.self, from: Data(line)) == record, "\(String(decoding: line, as: UTF8.self))")
        }
        var broken = Self.records[0]
        broken.entry?.modified = .nan
        #expect(broken.line == nil)
    }

    @Test func theRunFoldsItsRecordsAsLoadingTheJournalWould() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var start = Manifest()
        start.inputs["redo"] = Self.records[0].entry
        start.inputs["kept"] = Self.records[2].entry
        try start.save(to: folder)

        let journal = try Journal(folder: folder)
        for record in Self.records { journal.append(record) }
        let written = journal.close()
        #expect(written == Self.records)

        var folded = start
        for record in written { folded.apply(record) }
        #expect(folded == Manifest.load(from: folder))
        #expect(folded.inputs["redo"] == nil && folded.inputs["kept"] != nil && folded.inputs.count == 5)
    }
}

/// The manifest is written without `JSONEncoder`, and must be the encoder's bytes.
@Suite struct ManifestEncodingTests {
    static func encoderBytes(_ manifest: Manifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(manifest)
    }

    @Test func writesWhatTheEncoderWrites() throws {
        #expect(try Manifest().encoded() == Self.encoderBytes(Manifest()))
        var manifest = Manifest()
        let times: [Double] = [1_733_590_000, 1_733_590_000.25, 1_733_590_000.123456789, 0, -0.0, 1e16, 1e15, 1e-7, 0.1,
                               -3.5, 1e21, 1.2345678901234567e19, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        // Keys whose order differs between UTF-8 bytes, UTF-16 and canonical equivalence.
        let keys = ["b", "a", "Z", "a-1", "a_1", "a.1", "é", "e\u{301}x", "éa", "中", "\u{FF5E}", "\u{1F600}",
                    "quote\"back\\slash", "ctl\u{1}\u{1F}\t\n"]
        for (index, key) in keys.enumerated() {
            manifest.inputs[key] = Manifest.Entry(
                source: "in/a \"b\"/c\\d\t\n\r\u{8}\u{C}\u{1}\u{7F}\u{2028}/é中文.txt", hash: String(index, radix: 16),
                size: index == 3 ? Int.max : index - 1, modified: times[index % times.count], pipeline: "p\(index)",
                status: index % 3 == 0 ? "dropped" : "ok")
        }
        let written = try manifest.encoded()
        #expect(written == (try Self.encoderBytes(manifest)), "\(String(decoding: written, as: UTF8.self))")
        manifest.inputs["a"]?.modified = .infinity
        #expect(throws: EncodingError.self) { try manifest.encoded() }
    }
}
