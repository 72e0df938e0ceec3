@testable import ExportStage
import Foundation
import GalleyCore
import Testing

/// The corpus holds lines in memory up to ``CorpusWriter/bufferBytes`` before writing them:
/// what is committed must be the lines appended, whatever their sizes, withdrawals and order.
@Suite struct CorpusWriterTests {
    @Test func bufferedLinesOfEverySizeAreCommittedWholeAndInInputOrder() throws {
        let output = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let destination = output.appendingPathComponent("corpus.jsonl")
        let writer = try CorpusWriter(destination: destination)
        let sizes = [10, CorpusWriter.bufferBytes - 1, 3, CorpusWriter.bufferBytes + 5, 7, CorpusWriter.bufferBytes / 2,
                     CorpusWriter.bufferBytes / 2, 1, 2 * CorpusWriter.bufferBytes, 5]
        var lines: [String: Data] = [:]
        for (index, size) in sizes.enumerated() {
            let id = "d\(index)"
            let line = Data(String(repeating: Character(UnicodeScalar(UInt8(97 + index % 26))), count: size).utf8)
            lines[id] = line
            if index == 4 {
                // A large line written through a sink, between buffered ones.
                let sink = writer.append(id: id, hashFrom: 7) { sink in
                    line.withUnsafeBytes { sink.write($0) }
                }
                #expect(sink?.hash == StableHash.value(of: line, continuing: 7))
            } else {
                writer.append(line: line, id: id)
            }
        }
        writer.withdraw("d2")
        writer.withdraw("d8")
        // Input order: reversed.
        let order = sizes.indices.reversed().map { "d\($0)" }
        try writer.commit(inputOrder: order)
        var expected = Data()
        for id in order where id != "d2" && id != "d8" {
            expected.append(lines[id]!)
            expected.append(0x0A)
        }
        #expect(try Data(contentsOf: destination) == expected)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }
}
