import Foundation
import GalleyCore
import Testing

@Suite struct OrderedJSONTests {
    /// JSON's escaping spelled out character by character: the reference the serializer, which
    /// looks at 8 bytes at a time, has to agree with.
    static func referenceString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func everyASCIICharacterInEveryLaneIsWrittenAsJSONSpellsIt() {
        // Each character at each of 17 positions, in ASCII filler and in filler with 2-, 3- and
        // 4-byte characters, so that it falls in every lane of an 8-byte word and in the tail.
        let fillers = [String(repeating: "a", count: 17), "aé今🎉bcdefghijklm"]
        for filler in fillers {
            let characters = Array(filler)
            for code in 0..<0x80 {
                let special = Character(Unicode.Scalar(UInt8(code)))
                for position in 0...characters.count {
                    var text = characters
                    text.insert(special, at: position)
                    let string = String(text)
                    #expect(OrderedJSON.string(string).serialized() == Self.referenceString(string),
                            "code \(code) at \(position)")
                }
            }
        }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000])
    func longRunsAndRunsOfEscapesAreWrittenWhole(length: Int) throws {
        let plain = String(repeating: "word ", count: length)
        let escapes = String(repeating: "\"\\\n", count: length)
        let mixed = (0..<length).map { $0 % 3 == 0 ? "“引号”\t" : "line \($0)\n" }.joined()
        for text in [plain, escapes, mixed, plain + escapes, escapes + plain] {
            let written = OrderedJSON.string(text).serialized()
            #expect(written == Self.referenceString(text))
            let decoded = try JSONSerialization.jsonObject(with: Data(written.utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == text)
        }
    }

    /// Several characters to escape in one word, in any lanes, among characters of every width.
    @Test func randomMixesAreWrittenAsJSONSpellsThem() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "今", "🎉", "\"", "\\", "\n", "\u{1}", "\u{1F}", " ", "\u{7F}", "/"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0..<30, using: &generator))
                .map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            #expect(OrderedJSON.string(text).serialized() == Self.referenceString(text))
        }
    }

    /// The serializer writes into one buffer sized from an estimate (one escape in 8 bytes);
    /// text that escapes more than that grows the buffer, and the bytes must come out the same.
    @Test(arguments: [0, 1, 100, 70_000])
    func outputLongerThanItsEstimateIsWrittenWhole(controls: Int) throws {
        let text = String(repeating: "\u{1}", count: controls) + "é" + String(repeating: "\"", count: controls)
        let json = OrderedJSON.object([("text", .string(text)), ("list", .array([.string(text), .int(controls)]))])
        let expected = "{\"text\":\(Self.referenceString(text)),\"list\":[\(Self.referenceString(text)),\(controls)]}"
        #expect(json.serialized() == expected)
        #expect(json.data() == Data(expected.utf8))
        #expect(json.data(newline: true) == Data((expected + "\n").utf8))
        #expect(json.data(pretty: true, newline: true) == Data((json.serialized(pretty: true) + "\n").utf8))
    }

    @Test func compactAndPrettyLayout() {
        let value = OrderedJSON.object([
            ("a", .array([.int(1), .double(2.5), .double(3), .null, .bool(true), .bool(false)])),
            ("b", .object([])), ("c", .array([])), ("d", .double(.infinity)),
            ("e", .object([("x", .string("y"))])),
        ])
        #expect(value.serialized() == #"{"a":[1,2.5,3,null,true,false],"b":{},"c":[],"d":null,"e":{"x":"y"}}"#)
        #expect(value.serialized(pretty: true) == """
            {
              "a": [
                1,
                2.5,
                3,
                null,
                true,
                false
              ],
              "b": {},
              "c": [],
              "d": null,
              "e": {
                "x": "y"
              }
            }
            """)
        #expect(value.data() == Data(value.serialized().utf8))
    }
}
