import Foundation
import GalleyCore
import Testing

/// JSON written to a sink a buffer at a time (large documents) must be the bytes written in
/// one piece, and the sink's hash the hash of those bytes.
@Suite struct ByteSinkTests {
    static func sample() -> Document {
        // Long runs without escapes (longer than the small buffers below, so they go to the
        // sink directly), escapes at buffer edges, and every script width.
        let paragraph = String(repeating: "plain words é今🎉 ", count: 40) + "\"quoted\"\\\n\t\u{1}"
        var document = Document(id: "big", source: "in/big.txt", text: (0..<30).map { _ in paragraph }.joined(separator: "\n\n"),
                                language: "en")
        document.sections = [Section(title: "One", text: paragraph, summary: ["A.", "B."]),
                             Section(text: String(repeating: "x", count: 5000), keywords: ["k"])]
        document.captions = [Caption(text: "Photo \"one\"", credit: "AP", section: 0)]
        document.metadata["cleanup.fixed"] = .int(3)
        return document
    }

    func written(_ body: (ByteSink) -> Void) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galley-sink-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        let sink = ByteSink(descriptor: descriptor)
        body(sink)
        close(descriptor)
        #expect(sink.failure == nil)
        let data = try Data(contentsOf: url)
        #expect(sink.count == data.count)
        return data
    }

    @Test func jsonWrittenABufferAtATimeIsTheSameBytes() throws {
        let json = Self.sample().orderedJSON
        for buffer in [16, 100, 4096, 1 << 20] {
            for pretty in [false, true] {
                let whole = json.data(pretty: pretty, newline: pretty)
                let streamed = try written { json.write(to: $0, pretty: pretty, newline: pretty, bufferBytes: buffer) }
                #expect(streamed == whole, "buffer \(buffer), pretty \(pretty)")
            }
        }
    }

    @Test func aHashingSinkHashesWhatItIsGiven() {
        let json = Self.sample().orderedJSON
        let start = StableHash.value(of: Data("prefix\n".utf8))
        let sink = ByteSink(descriptor: nil, hashFrom: start)
        json.write(to: sink, bufferBytes: 64)
        let line = json.data()
        #expect(sink.count == line.count)
        #expect(sink.hash == StableHash.value(of: line, continuing: start))
        #expect(StableHash.hex(sink.hash!) == StableHash.hex(of: line, continuing: start))
        // Without a start there is no hash, only the count.
        let counting = ByteSink(descriptor: nil)
        json.write(to: counting)
        #expect(counting.hash == nil)
        #expect(counting.count == line.count)
    }

    @Test func aWriteThatFailsIsKeptAndLaterWritesAreSkipped() {
        // A descriptor open for reading only: every write fails.
        let descriptor = open("/dev/null", O_RDONLY)
        defer { close(descriptor) }
        let sink = ByteSink(descriptor: descriptor, hashFrom: 1)
        Self.sample().orderedJSON.write(to: sink, bufferBytes: 32)
        #expect(sink.failure != nil)
        #expect(sink.count == 0)
        #expect(sink.hash == 1)
    }

    @Test func textWrittenThroughABufferedWriterArrivesWholeAndInOrder() throws {
        let pieces = ["short", String(repeating: "long 长 ", count: 300), "", "\n\n", "end"]
        let streamed = try written { sink in
            var writer = BufferedSinkWriter(sink, bufferBytes: 64)
            for piece in pieces { writer.write(piece) }
            writer.finish()
        }
        #expect(streamed == Data(pieces.joined().utf8))
    }
}
