import Foundation
import GalleyCore
@testable import GalleyRunner
import Testing

@Suite struct InputDecodingTests {
    @Test func decodesUTF8WithAndWithoutBOM() throws {
        #expect(try InputDecoding.decode(Data("中文 text".utf8)).text == "中文 text")
        #expect(try InputDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array("abc".utf8))).text == "abc")
    }

    @Test func decodesUTF16WithBOM() throws {
        let little: [UInt8] = [0xFF, 0xFE] + Array("中a".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + Array("中a".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try InputDecoding.decode(Data(little)).text == "中a")
        #expect(try InputDecoding.decode(Data(big)).text == "中a")
    }

    @Test func rejectsBinaryAndLegacyEncodings() {
        #expect(throws: StageError.self) { try InputDecoding.decode(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])) }
        // "中文新闻报道内容" in GBK: bytes that are not UTF-8.
        let gbk: [UInt8] = [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5, 0xB1, 0xA8, 0xB5, 0xC0, 0xC4, 0xDA, 0xC8, 0xDD]
        #expect(throws: StageError.self) { try InputDecoding.decode(Data(gbk)) }
        #expect(throws: StageError.self) { try InputDecoding.decode(Data(repeating: 0x01, count: 100)) }
    }

    @Test func replacesAndCountsStrayInvalidBytes() throws {
        let decoded = try InputDecoding.decode(Data(Array("正常的文本".utf8) + [0xFF] + Array(" more".utf8)))
        #expect(decoded.text == "正常的文本\u{FFFD} more")
        #expect(decoded.invalidSequences == 1)
    }

    @Test func emptyInputIsEmptyText() throws {
        #expect(try InputDecoding.decode(Data()).text == "")
    }

    @Test func countsControlCharactersAsCharactersNotBytes() throws {
        // 9 controls among 100 characters of which 91 are Chinese (273 bytes): text.
        let mostlyText = String(repeating: "中", count: 91) + String(repeating: "\u{01}", count: 9)
        #expect(try InputDecoding.decode(Data(mostlyText.utf8)).text == mostlyText)
        // 11 of 100: binary, with the counts in characters.
        let tooMany = String(repeating: "中", count: 89) + String(repeating: "\u{01}", count: 11)
        do {
            _ = try InputDecoding.decode(Data(tooMany.utf8))
            Issue.record("decoded a text with 11% control characters")
        } catch {
            #expect(error.description == "not text: 11 of 100 characters are control characters (a binary file?)")
        }
        // Form feeds, tabs and line ends are not counted.
        let layout = String(repeating: "a\t\r\n\u{0C}", count: 50)
        #expect(try InputDecoding.decode(Data(layout.utf8)).text == layout)
    }

    /// The counts taken 8 bytes at a time are those of a loop over every byte, wherever in a
    /// word the bytes fall.
    @Test func countsBytesAsALoopOverEachWould() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("中".utf8), Array("😀".utf8), [0x0A], [0x09],
                                 [0x0D], [0x0C], [0x01], [0x1F], [0x20], [0x7F], [0x00], [0x80], [0xFF], [0x1B]]
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            let counts = bytes.withUnsafeBufferPointer(ByteCounts.init)
            #expect(counts.hasNUL == bytes.contains(0))
            #expect(counts.characters == bytes.filter { $0 & 0xC0 != 0x80 }.count)
            #expect(counts.controls == bytes.filter { $0 < 0x20 && ![0x0A, 0x09, 0x0D, 0x0C].contains($0) }.count, "\(bytes)")
        }
    }
}

@Suite struct InputDiscoveryTests {
    @Test func findsFilesRecursivelyInSortedOrderWithGlobs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("galley-discovery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["b.txt", "a.txt", "sub/c.txt", "sub/deep/d.txt", "sub/skip.md", ".hidden.txt", "sub/x.tmp.txt"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        let found = InputDiscovery.discover(paths: [root], include: ["*.txt"], exclude: ["*.tmp.txt"])
        #expect(found.map(\.relativePath) == ["a.txt", "b.txt", "sub/c.txt", "sub/deep/d.txt"])
        #expect(found.map(\.id) == ["a", "b", "sub__c", "sub__deep__d"])
        let deep = InputDiscovery.discover(paths: [root], include: ["sub/deep/*"], exclude: [])
        #expect(deep.map(\.relativePath) == ["sub/deep/d.txt"])
    }

    @Test func makesSafeUniqueIdentifiers() {
        var identifiers = DocumentIdentifiers()
        #expect(identifiers.identifier(forRelativePath: "2020/报纸 第3版.txt") == "2020__报纸_第3版")
        let first = identifiers.identifier(forRelativePath: "x.txt")
        let second = identifiers.identifier(forRelativePath: "x.md")
        #expect(first == "x")
        #expect(second.hasPrefix("x-") && second != first)
        let hostile = DocumentIdentifiers.safeName(forRelativePath: "../a/\u{07}b;rm -rf.txt")
        #expect(!hostile.contains("/") && !hostile.contains("..") && !hostile.contains("\u{07}") && !hostile.contains(" "))
    }

    /// ASCII names take a shorter way: the same as the scalars' properties give.
    @Test func sanitizesASCIIAsTheScalarPropertiesDo() {
        for byte in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(byte)
            let allowed = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "-" || scalar == "_" || scalar == "."
            let name = "x" + String(Character(scalar)) + "y"
            #expect(DocumentIdentifiers.sanitize(name) == (allowed ? name : "x_y"), "\(byte)")
        }
        #expect(DocumentIdentifiers.sanitize("..a b.é..") == "a_b.é")
        #expect(InputDiscovery.matches("sub/deep/d.txt", include: ["**/*.txt"], exclude: []))
        #expect(InputDiscovery.matches("sub/deep/d.txt", include: ["d.*"], exclude: ["sub/*"]) == false)
        #expect(InputDiscovery.matches("d.txt", include: ["d.*"], exclude: ["e*"]))
    }
}
