import GalleyText
import Testing

@Suite struct DecodedTextTests {
    @Test func scalarsAndUTF8OffsetsOfMixedText() {
        let text = "Aé经😀\n"
        let decoded = DecodedText(text)
        #expect(decoded.scalars == Array(text.unicodeScalars))
        #expect(decoded.utf8Offsets == [0, 1, 3, 6, 10, 11])
        #expect(decoded.string(1..<4) == "é经😀")
        #expect(String(text[decoded.stringRange(2..<3)]) == "经")
    }

    @Test func emptyText() {
        let decoded = DecodedText("")
        #expect(decoded.scalars.isEmpty)
        #expect(decoded.utf8Offsets == [0])
        #expect(decoded.string(0..<0) == "")
    }

    @Test func aRangeStartingInsideACharacterKeepsItsScalars() {
        // "e" + combining acute accent is one character; the scalar range after "e" is the accent alone.
        let text = "e\u{301}x"
        let decoded = DecodedText(text)
        #expect(decoded.string(1..<3) == "\u{301}x")
    }

    @Test func splitterAndTokenizerShareOneDecoding() {
        let text = "Mr. Smith paid $3.50. He left!\n\n他说：“好。”我们走吧！ ＡＢＣ's 2.5% rise."
        let decoded = DecodedText(text)
        let ranges = SentenceSplitter().sentenceRanges(in: decoded)
        #expect(ranges.map { decoded.string($0.scalars) } == SentenceSplitter().sentences(in: text))
        #expect(ranges.map(\.paragraph) == SentenceSplitter().split(text).map(\.paragraph))
        for tokenizer in [Tokenizer(), Tokenizer(cjk: .bigrams)] {
            for sentence in ranges {
                let string = decoded.string(sentence.scalars)
                var seen: [(TokenKind, String, Range<Int>)] = []
                tokenizer.forEachToken(in: decoded, scalars: sentence.scalars) { kind, bytes, offsets in
                    seen.append((kind, String(decoding: bytes, as: UTF8.self), offsets))
                }
                var alone: [(TokenKind, String, Range<Int>)] = []
                let shift = decoded.utf8Offsets[sentence.scalars.lowerBound]
                tokenizer.forEachToken(in: string) { kind, bytes, offsets in
                    alone.append((kind, String(decoding: bytes, as: UTF8.self), (offsets.lowerBound + shift)..<(offsets.upperBound + shift)))
                }
                #expect(seen.map(\.0) == alone.map(\.0))
                #expect(seen.map(\.1) == alone.map(\.1))
                #expect(seen.map(\.2) == alone.map(\.2))
            }
        }
    }

    @Test func tokensNeverReachPastTheRange() {
        let decoded = DecodedText("ab1.5cd 经济增长")
        var tokens: [String] = []
        // Scalars 0..<4 are "ab1." — the period cannot join "1" to the "5" outside the range.
        Tokenizer().forEachToken(in: decoded, scalars: 0..<4) { _, bytes, _ in tokens.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(tokens == ["ab1"])
        tokens = []
        Tokenizer(cjk: .bigrams).forEachToken(in: decoded, scalars: 8..<10) { _, bytes, _ in tokens.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(tokens == ["经济"])
    }

    @Test func longTokensGrowTheScratchBuffer() {
        let word = String(repeating: "abcdé", count: 100)
        #expect(Tokenizer().tokens(in: word.uppercased() + " x").map(\.text) == [word, "x"])
    }
}
