import Foundation
import GalleyCore
import Testing

@Suite struct DocumentTests {
    @Test func encodesFieldsInDesignOrderWithNulls() throws {
        var document = Document(id: "a", source: "seeds/a.txt", text: "body")
        document.materializeSections()
        let json = String(decoding: GalleyJSON.line(document), as: UTF8.self)
        #expect(json == #"{"id":"a","source":"seeds/a.txt","language":null,"text":"body","sections":[{"kicker":null,"title":null,"subtitle":null,"byline":null,"text":"body","summary":null}],"captions":[],"metadata":{}}"#)
    }

    @Test(arguments: [
        "plain", "", "line\nbreak\r\n\ttab", "quote \" and backslash \\ and /",
        "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}", "今天\n\n“引号”\\", "\"\"\\\\", "emoji 🎉\nend\n",
    ])
    func writesStringsThatJSONReadsBackUnchanged(text: String) throws {
        let document = Document(id: "q\"\\", source: "s", text: text)
        let line = GalleyJSON.line(document)
        // One line: nothing unescaped that would break JSON Lines.
        #expect(!line.contains(0x0A) && !line.contains(0x0D))
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["text"] as? String == text)
        #expect(object["id"] as? String == "q\"\\")
        #expect(String(decoding: line, as: UTF8.self).contains(#""text":""#))
    }

    @Test func escapesControlCharactersAsJSONSpells() {
        let json = String(decoding: GalleyJSON.line(Document(id: "a", source: "s", text: "\u{1}\u{1f}\n\"")), as: UTF8.self)
        #expect(json.contains(#""text":"\u0001\u001f\n\"""#))
    }

    @Test func roundTripsThroughJSON() throws {
        var document = Document(id: "x", source: "s", text: "t", language: "zh",
                                sections: [Section(kicker: "k", title: "T", text: "b", summary: ["b"], keywords: ["w"])],
                                captions: [Caption(text: "c", credit: "陆新", section: 0, kind: "photo")])
        document.metadata.count("cleanup.fixed", by: 2)
        document.metadata["note"] = .string("hi")
        let decoded = try GalleyJSON.decoder().decode(Document.self, from: try GalleyJSON.compactEncoder().encode(document))
        #expect(decoded == document)
    }

    @Test func metadataKeysAreSortedSoBytesAreStable() throws {
        var metadata = Metadata()
        for key in ["z.b", "a.c", "m.x", "b.y"] { metadata.count(key) }
        let json = String(decoding: try GalleyJSON.compactEncoder().encode(metadata), as: UTF8.self)
        #expect(json == #"{"a.c":1,"b.y":1,"m.x":1,"z.b":1}"#)
        #expect(metadata.counters["m.x"] == 1)
    }

    @Test func effectiveSectionsCoverTheWholeTextWhenUnsplit() {
        let document = Document(id: "a", source: "a", text: "whole")
        #expect(document.effectiveSections == [Section(text: "whole")])
        #expect(document.sections.isEmpty)
    }
}

@Suite struct OptionsTests {
    @Test func defaultsAreFilledAndOverridden() {
        let specs = [OptionSpec("n", .integer(min: 1), default: .int(3), "n"), OptionSpec("r", .number(), "r")]
        let options = StageOptions(specs: specs, values: ["r": .number(0.4)])
        #expect(options.int("n") == 3)
        #expect(options.double("r") == 0.4)
        #expect(options.string("n") == nil)
    }

    @Test func displayNamesDescribeRanges() {
        #expect(OptionType.integer(min: 1, max: 64).displayName == "integer 1…64")
        #expect(OptionType.list(.choice(["a", "b"])).displayName == "list of a | b")
    }
}

@Suite struct OutputFileTests {
    @Test func writesAtomicallyAndLeavesNoTemporaryFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("deep/file.json")
        try OutputFile.write(Data("one".utf8), to: target)
        try OutputFile.write(Data("two".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "two")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)
        #expect(leftovers == ["file.json"])
    }
}
